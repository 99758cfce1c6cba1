#include "tonn/tt_contraction.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <type_traits>

#include "core/error.hpp"
#include "core/fused_multiply_add.hpp"

#if defined(__FMA__) && (defined(__AVX512F__) || defined(__AVX2__))
#include <immintrin.h>
#endif

namespace tonnsim::tonn {

using Index = Eigen::Index;

namespace {

// Micro-kernel tile: V vectors of rows (L lanes each) x NB output columns in V * NB vector
// accumulators. Every output element is the same chain, whatever the tile: k_0 a_0
// rounded, then one multiply-add per q in order (fused: the vector tiles need FMA, and
// madd() fuses the scalar remainder's then too), so tile shapes and the scalar remainder
// give the same bits.
//
// AVX-512 (32 zmm registers): V = 3, NB = 8 -- 24 accumulators, 3 row vectors and a
// broadcast, 24 FMAs per 8 broadcasts and 3 loads. AVX2 (16 ymm): V = 2, NB = 4. The
// tile is written with intrinsics, inlined into the column and row loops, so the
// accumulators stay in registers and are stored straight to the output: the portable
// loop it replaces (session 10: 16 x 8 doubles through a stack array, one call per tile)
// ran the HJB layer's rank-2 cores at 31 G multiply-adds/s of a 56 G peak (Zen 5, L1-
// resident data; 38-45 G now). Without AVX2 + FMA the portable loop remains.
//
// Simd<T>: one vector type's loads, stores, broadcast, multiply and fused multiply-add,
// with the tile shape for that register file. W is the intrinsics' width prefix (512 or
// 256), S their type suffix (pd, ps).
template <class T>
struct Simd;
#define TONNSIM_TT_SIMD_TRAITS(T, VEC, W, S, LANES, ROW_VECTORS, COLS)              \
  template <>                                                                      \
  struct Simd<T> {                                                                 \
    using V = VEC;                                                                 \
    static constexpr int kLanes = LANES, kRowVectors = ROW_VECTORS, kCols = COLS;  \
    static V load(const T* p) { return _mm##W##_loadu_##S(p); }                    \
    static void store(T* p, V v) { _mm##W##_storeu_##S(p, v); }                   \
    static V broadcast(T x) { return _mm##W##_set1_##S(x); }                       \
    static V mul(V a, V b) { return _mm##W##_mul_##S(a, b); }                      \
    static V fmadd(V a, V b, V c) { return _mm##W##_fmadd_##S(a, b, c); }         \
  };
#if defined(__AVX512F__) && defined(__FMA__)
#define TONNSIM_TT_SIMD 1
TONNSIM_TT_SIMD_TRAITS(double, __m512d, 512, pd, 8, 3, 8)
TONNSIM_TT_SIMD_TRAITS(float, __m512, 512, ps, 16, 3, 8)
#elif defined(__AVX2__) && defined(__FMA__)
#define TONNSIM_TT_SIMD 1
TONNSIM_TT_SIMD_TRAITS(double, __m256d, 256, pd, 4, 2, 4)
TONNSIM_TT_SIMD_TRAITS(float, __m256, 256, ps, 8, 2, 4)
#else
#define TONNSIM_TT_SIMD 0
#endif
#undef TONNSIM_TT_SIMD_TRAITS

#if TONNSIM_TT_SIMD
// c (V L x NB, ld ldc) = a (V L x Q, ld lda) * k (Q x NB, ld ldk).
template <class T, int V, int NB>
[[gnu::always_inline]] inline void tile(const T* a, Index lda, Index Q, const T* k, Index ldk,
                                        T* c, Index ldc) {
  using S = Simd<T>;
  constexpr int L = S::kLanes;
  typename S::V acc[NB][V];
  {
    typename S::V x[V];
    for (int v = 0; v < V; ++v) x[v] = S::load(a + v * L);
    for (int n = 0; n < NB; ++n) {
      const typename S::V kv = S::broadcast(k[n * ldk]);
      for (int v = 0; v < V; ++v) acc[n][v] = S::mul(kv, x[v]);
    }
  }
  for (Index q = 1; q < Q; ++q) {
    const T* aq = a + q * lda;
    typename S::V x[V];
    for (int v = 0; v < V; ++v) x[v] = S::load(aq + v * L);
    for (int n = 0; n < NB; ++n) {
      const typename S::V kv = S::broadcast(k[q + n * ldk]);
      for (int v = 0; v < V; ++v) acc[n][v] = S::fmadd(kv, x[v], acc[n][v]);
    }
  }
  for (int n = 0; n < NB; ++n)
    for (int v = 0; v < V; ++v) S::store(c + n * ldc + v * L, acc[n][v]);
}

// Rows [f, F) of one slice in tiles of V, then fewer, whole vectors; returns the first
// row left (fewer than one vector).
template <class T, int V, int NB>
Index row_tiles(const T* a, Index F, Index Q, const T* k, Index ldk, T* c, Index f) {
  constexpr Index rows = Index(V) * Simd<T>::kLanes;
  for (; f + rows <= F; f += rows) tile<T, V, NB>(a + f, F, Q, k, ldk, c + f, F);
  if constexpr (V > 1) return row_tiles<T, V - 1, NB>(a, F, Q, k, ldk, c, f);
  return f;
}

// Dispatches `cols` <= NB output columns to the row loop compiled for them.
template <class T, int NB>
Index column_block(const T* a, Index F, Index Q, const T* k, Index ldk, Index cols, T* c) {
  if constexpr (NB > 1) {
    if (cols < NB) return column_block<T, NB - 1>(a, F, Q, k, ldk, cols, c);
  }
  return row_tiles<T, Simd<T>::kRowVectors, NB>(a, F, Q, k, ldk, c, 0);
}
#else
template <class T>
constexpr int kRows = 64 / static_cast<int>(sizeof(T));
constexpr int kCols = 8;

// c (kRows x NB, ld ldc) = a (kRows x Q, ld lda) * k (Q x NB, ld ldk).
template <class T, int NB>
inline void tile(const T* a, Index lda, Index Q, const T* k, Index ldk, T* c, Index ldc) {
  constexpr int R = kRows<T>;
  T acc[NB][R];
  for (int n = 0; n < NB; ++n) {
    const T kv = k[n * ldk];
#pragma omp simd
    for (int l = 0; l < R; ++l) acc[n][l] = kv * a[l];
  }
  for (Index q = 1; q < Q; ++q) {
    const T* aq = a + q * lda;
    for (int n = 0; n < NB; ++n) {
      const T kv = k[q + n * ldk];
#pragma omp simd
      for (int l = 0; l < R; ++l) acc[n][l] = madd(kv, aq[l], acc[n][l]);
    }
  }
  for (int n = 0; n < NB; ++n)
#pragma omp simd
    for (int l = 0; l < R; ++l) c[l + n * ldc] = acc[n][l];
}

template <class T, int NB>
Index column_block(const T* a, Index F, Index Q, const T* k, Index ldk, Index cols, T* c) {
  if constexpr (NB > 1) {
    if (cols < NB) return column_block<T, NB - 1>(a, F, Q, k, ldk, cols, c);
  }
  Index f = 0;
  for (; f + kRows<T> <= F; f += kRows<T>) tile<T, NB>(a + f, F, Q, k, ldk, c + f, F);
  return f;
}
#endif

// The rows left by the tiles, any column count: the same chain per element in scalars.
template <class T>
void tile_remainder(const T* a, Index lda, Index rows, Index Q, const T* k, Index ldk,
                    Index cols, T* c, Index ldc) {
  for (Index n = 0; n < cols; ++n)
    for (Index l = 0; l < rows; ++l) {
      T s = k[n * ldk] * a[l];
      for (Index q = 1; q < Q; ++q) s = madd(k[q + n * ldk], a[l + q * lda], s);
      c[l + n * ldc] = s;
    }
}

}  // namespace

template <class T>
void contract_slices(const T* in, T* out, Index F, Index Q, Index S,
                     const Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic>& K) {
  // Every chain starts with the q = 0 product: a kernel has Q >= 1 rows (a TT core's
  // r_k m_k or m_k r_{k+1}, both >= 1, tonn/tt_shape.cpp).
  assert(Q >= 1 && K.rows() == Q);
#if TONNSIM_TT_SIMD
  constexpr int C = Simd<T>::kCols;
#else
  constexpr int C = kCols;
#endif
  const Index N = K.cols();
  const T* k = K.data();
  for (Index s = 0; s < S; ++s) {
    const T* a = in + s * F * Q;
    T* c = out + s * F * N;
    Index done = F;
    for (Index n = 0; n < N; n += C)
      done = column_block<T, C>(a, F, Q, k + n * Q, Q, std::min<Index>(C, N - n), c + n * F);
    if (done < F) tile_remainder(a + done, F, F - done, Q, k, Q, N, c + done, F);
  }
}

template void contract_slices<double>(const double*, double*, Index, Index, Index, const Mat&);
template void contract_slices<float>(const float*, float*, Index, Index, Index, const MatF&);

double sweep_cost(const TTShape& s, SweepOrder order) {
  const int d = s.order();
  double total = 0;
  for (int k = 0; k < d; ++k) {
    double untouched = 1;  // modes outside the contracted pair, per sample
    for (int l = 0; l < d; ++l) {
      if (l == k) continue;
      const bool done = order == SweepOrder::kRightToLeft ? l > k : l < k;
      untouched *= done ? s.out_modes[l] : s.in_modes[l];
    }
    total += untouched * double(s.core_rows(k)) * double(s.core_cols(k));
  }
  return total;
}

TTContraction::TTContraction(const TTShape& s, const std::vector<Mat>& cores) {
  set_cores(s, cores);
}

void TTContraction::set_cores(const TTShape& s, const std::vector<Mat>& cores) {
  // Guarded: check_cores formats its messages eagerly (heap), and this runs once per
  // programmed state.
  bool shapes_ok = static_cast<int>(cores.size()) == s.order();
  for (int k = 0; shapes_ok && k < s.order(); ++k)
    shapes_ok = cores[k].rows() == s.core_rows(k) && cores[k].cols() == s.core_cols(k);
  if (!shapes_ok) check_cores(s, cores);
  if (steps_.empty() || !(shape_ == s)) plan(s);
  const int d = s.order();
  for (int t = 0; t < d; ++t) {
    const int k = order_ == SweepOrder::kRightToLeft ? d - 1 - t : t;
    const int m = s.in_modes[k], n = s.out_modes[k], r0 = s.ranks[k], r1 = s.ranks[k + 1];
    Mat& kernel = steps_[t].kernel;
    for (int a = 0; a < r0; ++a)
      for (int i = 0; i < m; ++i)
        for (int j = 0; j < n; ++j)
          for (int c = 0; c < r1; ++c) {
            const double g = core_at(cores[k], s, k, a, i, j, c);
            if (order_ == SweepOrder::kRightToLeft)
              kernel(c + Index(r1) * i, j + Index(n) * a) = g;
            else
              kernel(i + Index(m) * a, c + Index(r1) * j) = g;
          }
    steps_[t].kernel_f32 = kernel.cast<float>();
  }
}

void TTContraction::plan(const TTShape& s) {
  shape_ = s;
  const int d = s.order();
  const double rl = sweep_cost(s, SweepOrder::kRightToLeft);
  const double lr = sweep_cost(s, SweepOrder::kLeftToRight);
  order_ = rl <= lr ? SweepOrder::kRightToLeft : SweepOrder::kLeftToRight;
  cost_ = std::min(rl, lr);
  steps_.clear();
  max_intermediate_ = 0;
  for (int t = 0; t < d; ++t) {
    const int k = order_ == SweepOrder::kRightToLeft ? d - 1 - t : t;
    const int m = s.in_modes[k], n = s.out_modes[k], r0 = s.ranks[k], r1 = s.ranks[k + 1];
    Step st;
    st.kernel.resize(Index(m) * (order_ == SweepOrder::kRightToLeft ? r1 : r0),
                     Index(n) * (order_ == SweepOrder::kRightToLeft ? r0 : r1));
    for (int l = 0; l < d; ++l) {
      if (order_ == SweepOrder::kRightToLeft) {
        if (l > k) st.fast *= s.out_modes[l];
        if (l < k) st.slices *= s.in_modes[l];
      } else {
        if (l > k) st.fast *= s.in_modes[l];
        if (l < k) st.slices *= s.out_modes[l];
      }
    }
    if (t + 1 < d)
      max_intermediate_ = std::max(max_intermediate_, st.fast * st.slices * st.kernel.cols());
    steps_.push_back(std::move(st));
  }
  // Level j's buffer holds the input of core j's step for one group (i_0..i_{j-1}):
  // fast(j) * Q(j) = (n_{j+1}..n_{d-1}) * m_j r_{j+1} per sample.
  depth_first_scratch_ = 0;
  if (order_ == SweepOrder::kRightToLeft)
    for (int j = 0; j + 1 < d; ++j) {
      const Step& st = steps_[static_cast<std::size_t>(d - 1 - j)];
      depth_first_scratch_ += st.fast * st.kernel.rows();
    }
}

template <class T>
void TTContraction::apply_step(std::size_t t, const T* in, T* out, Index rows,
                               Index slices) const {
  const Step& st = steps_[t];
  if constexpr (std::is_same_v<T, float>)
    contract_slices(in, out, rows * st.fast, st.kernel.rows(), slices, st.kernel_f32);
  else
    contract_slices(in, out, rows * st.fast, st.kernel.rows(), slices, st.kernel);
}

// Cores d-1..j of one group (i_0..i_{j-1} fixed): `in` is the group's slice of the layer
// input (rows * m_j..m_{d-1} elements, i_j slowest), `out` receives core j's output for
// the group (rows * n_j..n_{d-1} * r_j). `scratch` holds the levels j..d-2.
template <class T>
void TTContraction::depth_first(int j, const T* in, T* out, Index rows, T* scratch) const {
  const int d = shape_.order();
  const std::size_t t = static_cast<std::size_t>(d - 1 - j);
  if (j == d - 1) return apply_step(t, in, out, rows, 1);
  const Step& st = steps_[t];
  const int m = shape_.in_modes[static_cast<std::size_t>(j)];
  // Core j's input for this group: m sub-groups (i_j slowest), each core j+1's output.
  T* buffer = scratch;
  T* deeper = scratch + rows * st.fast * st.kernel.rows();
  Index in_chunk = rows;  // one sub-group's input: rows * m_{j+1}..m_{d-1}
  for (int l = j + 1; l < d; ++l) in_chunk *= shape_.in_modes[static_cast<std::size_t>(l)];
  const Index buffer_chunk = rows * st.fast * st.kernel.rows() / m;
  for (int i = 0; i < m; ++i)
    depth_first(j + 1, in + i * in_chunk, buffer + i * buffer_chunk, rows, deeper);
  apply_step(t, buffer, out, rows, 1);
}

template <class T>
void TTContraction::apply(const T* in, T* out, Index rows, T* scratch) const {
  // Guarded: require() builds its message strings (heap) before testing, and this runs
  // once per block and layer.
  if (steps_.empty()) require(false, "tt contraction", 0, "has no cores (default-constructed)");
  if (order_ == SweepOrder::kRightToLeft) return depth_first(0, in, out, rows, scratch);
  const T* src = in;
  T* buffers[2] = {scratch, scratch + rows * max_intermediate_};
  for (std::size_t t = 0; t < steps_.size(); ++t) {
    T* dst = t + 1 == steps_.size() ? out : buffers[t % 2];
    apply_step(t, src, dst, rows, steps_[t].slices);
    src = dst;
  }
}

template void TTContraction::apply<double>(const double*, double*, Index, double*) const;
template void TTContraction::apply<float>(const float*, float*, Index, float*) const;

}  // namespace tonnsim::tonn
