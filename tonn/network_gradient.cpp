#include "tonn/network_gradient.hpp"

#include <omp.h>

#include <algorithm>
#include <string>

#include "core/error.hpp"
#include "core/fused_multiply_add.hpp"
#include "core/timer.hpp"
#include "tonn/dense_layer.hpp"
#include "tonn/tt_layer.hpp"

namespace tonnsim::tonn {

using Index = Eigen::Index;
using ConstMap = Eigen::Map<const Mat>;
using MutMap = Eigen::Map<Mat>;

namespace {

// Lanes of the vector accumulators in slice_tile (one AVX-512 register of doubles).
constexpr int kLanes = 8;

// dk(q0 .. q0+QB, n0 .. n0+NB) += sum_s a_s(:, q)^T g_s(:, n): QB x NB dot products over
// all F rows of all S slices, kept in kLanes-wide accumulators and reduced once at the
// end. For the TT kernels' small Q and N this runs about twice as fast as an Eigen GEMM
// per slice, whose packing dominates at these sizes.
template <int QB, int NB>
void slice_tile(const double* a, const double* g, Index F, Index Q, Index N, Index S, Index q0,
                Index n0, Mat& dk) {
  double acc[QB][NB][kLanes] = {};
  const Index full = F - F % kLanes;
  for (Index s = 0; s < S; ++s) {
    const double* as = a + s * F * Q + q0 * F;
    const double* gs = g + s * F * N + n0 * F;
    for (Index f = 0; f < full; f += kLanes)
      for (int i = 0; i < QB; ++i)
        for (int j = 0; j < NB; ++j)
#pragma omp simd
          for (int l = 0; l < kLanes; ++l) acc[i][j][l] += as[i * F + f + l] * gs[j * F + f + l];
    for (Index f = full; f < F; ++f)
      for (int i = 0; i < QB; ++i)
        for (int j = 0; j < NB; ++j) acc[i][j][0] += as[i * F + f] * gs[j * F + f];
  }
  for (int i = 0; i < QB; ++i)
    for (int j = 0; j < NB; ++j) {
      double sum = 0;
      for (int l = 0; l < kLanes; ++l) sum += acc[i][j][l];
      dk(q0 + i, n0 + j) += sum;
    }
}

// Dispatches a tile of qb <= QB rows and nb <= NB columns to the kernel compiled for it.
template <int QB, int NB>
void slice_tile_dispatch(const double* a, const double* g, Index F, Index Q, Index N, Index S,
                         Index q0, Index n0, Index qb, Index nb, Mat& dk) {
  if constexpr (QB > 1) {
    if (qb < QB) return slice_tile_dispatch<QB - 1, NB>(a, g, F, Q, N, S, q0, n0, qb, nb, dk);
  }
  if constexpr (NB > 1) {
    if (nb < NB) return slice_tile_dispatch<QB, NB - 1>(a, g, F, Q, N, S, q0, n0, qb, nb, dk);
  }
  slice_tile<QB, NB>(a, g, F, Q, N, S, q0, n0, dk);
}

// dk += sum_s a_s^T g_s over S slices (a_s: F x Q, g_s: F x N, back to back): the kernel
// gradient of one TT contraction step.
void add_slice_products(const double* a, const double* g, Index F, Index Q, Index N, Index S,
                        Mat& dk) {
  constexpr int kTile = 4;  // 4 x 4 accumulators: 16 vector registers
  for (Index q0 = 0; q0 < Q; q0 += kTile)
    for (Index n0 = 0; n0 < N; n0 += kTile)
      slice_tile_dispatch<kTile, kTile>(a, g, F, Q, N, S, q0, n0, std::min<Index>(kTile, Q - q0),
                                        std::min<Index>(kTile, N - n0), dk);
}

// The rows of a stencil pass, (point b, shift k) for all B K pairs, in shift-chunk-major
// order: chunk c holds shifts [c R, c R + R) of every point, point by point. Blocks are
// R consecutive rows of this order, as in Network::evaluate_stencil, which orders point
// by point. Chunking keeps a chunk's rows of A S and of Q (K x H each, 3.8 MB for the HJB
// model) in cache while all points pass through it, where a point-major sweep streams
// both matrices once per point; for K <= R the two orders coincide.
struct StencilTiling {
  Index B, K, R, total;
  StencilTiling(Index b, Index k, Index r) : B(b), K(k), R(r), total(b * k) {}
  Index blocks() const { return (total + R - 1) / R; }
  Index rows(Index blk) const { return std::min(R, total - blk * R); }
  // Calls f(r, b, k, n) for the runs of block blk: its rows [r, r + n) are point b with
  // shifts k .. k + n - 1.
  template <class F>
  void for_each_run(Index blk, F&& f) const {
    const Index r0 = blk * R, rows = this->rows(blk);
    for (Index r = 0; r < rows;) {
      const Index c = std::min((r0 + r) / (B * R), (K - 1) / R);  // chunk
      const Index k0 = c * R, width = std::min(R, K - k0), local = r0 + r - B * k0;
      const Index b = local / width, k = k0 + local % width;
      const Index n = std::min(rows - r, k0 + width - k);
      f(r, b, k, n);
      r += n;
    }
  }
};

template <class Vector>
void grow(Vector& v, Index n) {
  if (v.size() < static_cast<std::size_t>(n)) v.resize(static_cast<std::size_t>(n));
}

}  // namespace

void NetworkGradient::prepare(Network& net, Index rows, Index first_rows, Index stencil_b,
                              Index stencil_k) {
  require(net.num_layers() >= 1, "network layers", 0, "must be >= 1 to differentiate");
  bool stale = false;
  for (int l = 0; l < net.num_layers(); ++l) stale = stale || net.layer(l).stale();
  if (stale) net.realize();

  const int L = net.num_layers();
  plans_.resize(static_cast<std::size_t>(L));
  std::vector<Index> offsets(static_cast<std::size_t>(L), -1);
  for (const ParameterGroup& g : net.parameter_groups())
    if (offsets[g.layer] < 0) offsets[g.layer] = g.offset;
  max_width_ = net.input_dim();
  max_sweep_ = 0;
  for (int l = 0; l < L; ++l) {
    LayerPlan& lp = plans_[l];
    const LinearLayer& layer = net.layer(l);
    lp = LayerPlan{};
    lp.layer = &layer;
    lp.offset = offsets[l];
    max_width_ = std::max(max_width_, layer.out_dim());
    if (const auto* dense = dynamic_cast<const DenseLayer*>(&layer)) {
      lp.dense = &dense->weight();
      continue;
    }
    const auto* tt = dynamic_cast<const TTLayer*>(&layer);
    const bool digital = tt != nullptr && dynamic_cast<const DigitalCores*>(&tt->provider());
    require(digital, "network layer " + std::to_string(l), "photonic or unknown",
            "exact gradients need digital dense or TT layers (a photonic layer's parameters "
            "are phases)");
    lp.is_tt = true;
    lp.tt = TTContraction(tt->shape(), tt->effective_cores());
    const auto& steps = lp.tt.steps();
    for (std::size_t t = 0; t < steps.size(); ++t) {
      lp.kernels_t.push_back(steps[t].kernel.transpose());
      max_sweep_ =
          std::max(max_sweep_, steps[t].fast * steps[t].slices *
                                   std::max(steps[t].kernel.rows(), steps[t].kernel.cols()));
    }
  }

  const Index width = std::max(max_width_, max_sweep_);
  const auto threads = static_cast<std::size_t>(omp_get_max_threads());
  if (threads_.size() < threads) threads_.resize(threads);
  const Index H = net.layer(0).out_dim();
  for (ThreadState& ts : threads_) {
    ts.layers.resize(static_cast<std::size_t>(L));
    ts.dk.resize(static_cast<std::size_t>(L));
    for (int l = 0; l < L; ++l) {
      const LinearLayer& layer = net.layer(l);
      LayerTape& tape = ts.layers[l];
      grow(tape.input, rows * layer.in_dim());
      if (net.activation(l).kind != ActivationKind::kIdentity)
        grow(tape.slope, rows * layer.out_dim());
      else
        tape.slope.clear();
      ts.dk[l].clear();
      if (!plans_[l].is_tt) continue;
      const auto& steps = plans_[l].tt.steps();
      tape.sweep.resize(steps.size());
      for (std::size_t t = 0; t < steps.size(); ++t) {
        grow(tape.sweep[t], rows * steps[t].fast * steps[t].slices * steps[t].kernel.cols());
        ts.dk[l].push_back(Mat::Zero(steps[t].kernel.rows(), steps[t].kernel.cols()));
      }
    }
    grow(ts.out, rows * max_width_);
    grow(ts.grad_a, rows * width);
    grow(ts.grad_b, rows * width);
    grow(ts.sweep_a, rows * width);
    grow(ts.sweep_b, rows * width);
    grow(ts.scratch, 2 * rows);
    ts.grad.setZero(net.num_parameters());
    // Zero between calls (the reduction clears what it read), so only new shapes zero.
    if (ts.p.rows() != stencil_b || ts.p.cols() != H) ts.p.setZero(stencil_b, H);
    if (ts.q.rows() != stencil_k || ts.q.cols() != H) ts.q.setZero(stencil_k, H);
    ts.k_lo = stencil_k;
    ts.k_hi = 0;
  }
  if (first_rows > 0 && plans_[0].is_tt) {
    // The first layer's reverse on B and K rows runs after the block loop, on thread 0.
    grow(threads_[0].sweep_a, first_rows * width);
    grow(threads_[0].sweep_b, first_rows * width);
    const auto& steps = plans_[0].tt.steps();
    first_tape_.sweep.resize(steps.size());
    for (std::size_t t = 0; t < steps.size(); ++t)
      grow(first_tape_.sweep[t],
           first_rows * steps[t].fast * steps[t].slices * steps[t].kernel.cols());
  }
}

void NetworkGradient::tt_forward(const LayerPlan& lp, const double* in, double* out, Index rows,
                                 LayerTape& tape) const {
  const auto& steps = lp.tt.steps();
  const double* src = in;
  for (std::size_t t = 0; t < steps.size(); ++t) {
    double* dst = t + 1 == steps.size() ? out : tape.sweep[t].data();
    contract_slices(src, dst, rows * steps[t].fast, steps[t].kernel.rows(), steps[t].slices,
                    steps[t].kernel);
    src = dst;
  }
}

void NetworkGradient::tt_reverse(const LayerPlan& lp, const double* in, const LayerTape& tape,
                                 const double* g, double* din, Index rows, ThreadState& ts,
                                 std::vector<Mat>& dk) const {
  const auto& steps = lp.tt.steps();
  const double* cur = g;
  double* buffers[2] = {ts.sweep_a.data(), ts.sweep_b.data()};
  for (std::size_t t = steps.size(); t-- > 0;) {
    const TTContraction::Step& st = steps[t];
    const Index F = rows * st.fast, Q = st.kernel.rows(), N = st.kernel.cols();
    const double* src = t == 0 ? in : tape.sweep[t - 1].data();
    add_slice_products(src, cur, F, Q, N, st.slices, dk[t]);
    if (t == 0 && din == nullptr) break;
    double* dst = t == 0 ? din : buffers[t % 2];
    contract_slices(cur, dst, F, N, st.slices, lp.kernels_t[t]);
    cur = dst;
  }
}

void NetworkGradient::forward_block(ThreadState& ts, const Network& net, Index rows,
                                    int first) const {
  const int L = net.num_layers();
  for (int l = first; l < L; ++l) {
    const LayerPlan& lp = plans_[l];
    LayerTape& tape = ts.layers[l];
    double* out = l + 1 < L ? ts.layers[l + 1].input.data() : ts.out.data();
    if (lp.is_tt)
      tt_forward(lp, tape.input.data(), out, rows, tape);
    else
      apply_dense(*lp.dense, tape.input.data(), out, rows);
    lp.layer->add_bias(out, rows, rows);
    const Activation& act = net.activation(l);
    if (act.kind == ActivationKind::kIdentity) continue;
    double* d2 = ts.scratch.data();
    for (Index u = 0; u < lp.layer->out_dim(); ++u)
      act.derivatives(out + u * rows, out + u * rows, tape.slope.data() + u * rows, d2, rows);
  }
}

void NetworkGradient::reverse_block(ThreadState& ts, const Network& net, Index rows, int first,
                                    bool input_grad) const {
  for (int l = net.num_layers() - 1; l >= first; --l) {
    const LayerPlan& lp = plans_[l];
    const LayerTape& tape = ts.layers[l];
    const Index M = lp.layer->in_dim(), N = lp.layer->out_dim();
    double* g = ts.grad_a.data();
    if (!tape.slope.empty()) {
      const double* s = tape.slope.data();
#pragma omp simd
      for (Index e = 0; e < rows * N; ++e) g[e] *= s[e];
    }
    const ConstMap dp(g, rows, N);
    const Index bias_offset = lp.offset + lp.layer->num_parameters() - N;
    ts.grad.segment(bias_offset, N) += dp.colwise().sum().transpose();
    const bool need_din = l > first || input_grad;
    if (lp.is_tt) {
      tt_reverse(lp, tape.input.data(), tape, g, need_din ? ts.grad_b.data() : nullptr, rows, ts,
                 ts.dk[l]);
    } else {
      const ConstMap z(tape.input.data(), rows, M);
      MutMap(ts.grad.data() + lp.offset, N, M).noalias() += dp.transpose() * z;
      // A narrow layer (the scalar output) is an outer product: the coefficient-based
      // product skips the GEMM's zero fill and packing.
      MutMap din(ts.grad_b.data(), rows, M);
      if (need_din && N <= 4) din.noalias() = dp.lazyProduct(*lp.dense);
      if (need_din && N > 4) din.noalias() = dp * *lp.dense;
    }
    std::swap(ts.grad_a, ts.grad_b);
  }
}

void NetworkGradient::reduce(const Network& net, Vec& grad) {
  grad = threads_[0].grad;
  for (std::size_t i = 1; i < threads_.size(); ++i) {
    grad += threads_[i].grad;
    for (int l = 0; l < net.num_layers(); ++l)
      for (std::size_t t = 0; t < threads_[i].dk[l].size(); ++t)
        threads_[0].dk[l][t] += threads_[i].dk[l][t];
  }
  // Kernel gradients back to core entries (the inverse of the plan's kernel layout).
  for (int l = 0; l < net.num_layers(); ++l) {
    const LayerPlan& lp = plans_[l];
    if (!lp.is_tt) continue;
    const TTShape& s = static_cast<const TTLayer*>(lp.layer)->shape();
    const int d = s.order();
    std::vector<Index> core_offset(static_cast<std::size_t>(d), lp.offset);
    for (int k = 1; k < d; ++k)
      core_offset[k] = core_offset[k - 1] + s.core_rows(k - 1) * s.core_cols(k - 1);
    const bool rl = lp.tt.order() == SweepOrder::kRightToLeft;
    for (int t = 0; t < d; ++t) {
      const int k = rl ? d - 1 - t : t;
      const Mat& dk = threads_[0].dk[l][t];
      MutMap core(grad.data() + core_offset[k], s.core_rows(k), s.core_cols(k));
      const int m = s.in_modes[k], n = s.out_modes[k], r0 = s.ranks[k], r1 = s.ranks[k + 1];
      for (int a = 0; a < r0; ++a)
        for (int i = 0; i < m; ++i)
          for (int j = 0; j < n; ++j)
            for (int c = 0; c < r1; ++c)
              core(Index(a) * m + i, Index(j) * r1 + c) =  // G_k(a, i, j, c), tt_shape.hpp
                  rl ? dk(c + Index(r1) * i, j + Index(n) * a)
                     : dk(i + Index(m) * a, c + Index(r1) * j);
    }
  }
}

void NetworkGradient::batch(Network& net, const ConstMatRef& X, const ConstMatRef& C, Vec& grad) {
  const Index B = X.cols(), D = net.input_dim(), P = net.output_dim();
  require(X.rows() == D, "input rows", X.rows(),
          "must equal the network input dimension " + std::to_string(D));
  require(C.rows() == P && C.cols() == B, "output cotangent shape",
          std::to_string(C.rows()) + "x" + std::to_string(C.cols()),
          "must be P x B = " + std::to_string(P) + "x" + std::to_string(B));
  ScopedTimer timer("tonn/gradient_batch");
  const Index R = net.options().block_rows;
  prepare(net, R, 0, 0, 0);
  const Index blocks = (B + R - 1) / R;
#pragma omp parallel for schedule(static)
  for (Index blk = 0; blk < blocks; ++blk) {
    ThreadState& ts = threads_[omp_get_thread_num()];
    const Index b0 = blk * R, nb = std::min(R, B - b0);
    MutMap(ts.layers[0].input.data(), nb, D) = X.middleCols(b0, nb).transpose();
    forward_block(ts, net, nb, 0);
    MutMap(ts.grad_a.data(), nb, P) = C.middleCols(b0, nb).transpose();
    reverse_block(ts, net, nb, 0, false);
  }
  reduce(net, grad);
}

void NetworkGradient::stencil(Network& net, const ConstMatRef& X, const ConstMatRef& S,
                              const ConstMatRef& C, Vec& grad) {
  const Index B = X.cols(), K = S.cols(), D = net.input_dim();
  require(net.output_dim() == 1, "network output dimension", net.output_dim(),
          "must be 1 for a stencil");
  require(X.rows() == D, "input rows", X.rows(),
          "must equal the network input dimension " + std::to_string(D));
  require(S.rows() == D, "stencil rows", S.rows(),
          "must equal the input dimension " + std::to_string(D));
  require(C.rows() == K && C.cols() == B, "stencil cotangent shape",
          std::to_string(C.rows()) + "x" + std::to_string(C.cols()),
          "must be K x B = " + std::to_string(K) + "x" + std::to_string(B));
  ScopedTimer timer("tonn/gradient_stencil");
  const Index R = net.options().block_rows;
  prepare(net, R, std::max(B, K), B, K);
  const int L = net.num_layers();
  const LinearLayer& first = net.layer(0);
  const Index H = first.out_dim();
  const Activation& act0 = net.activation(0);

  // A x + b per point and A s per shift, as Network::evaluate_stencil forms them.
  const Mat Xt = X.transpose(), St = S.transpose();
  Mat points(B, H), shifts(K, H);
  std::vector<double> scratch(
      static_cast<std::size_t>(std::max(first.scratch_size(B), first.scratch_size(K))));
  first.apply_linear(Xt.data(), points.data(), B, scratch.data());
  first.add_bias(points.data(), B, B);
  first.apply_linear(St.data(), shifts.data(), K, scratch.data());
  // A sine first activation and its slope by the angle-sum identity, as
  // Network::first_layer_block (first_layer_sincos).
  const bool trig = act0.kind == ActivationKind::kSine;
  const double w0 = act0.omega0;
  Mat points_sin, points_cos, shifts_sin, shifts_cos_m1;
  if (trig)
    first_layer_sincos(w0, points, shifts, points_sin, points_cos, shifts_sin, shifts_cos_m1);

  const StencilTiling tiling(B, K, R);
#pragma omp parallel for schedule(static)
  for (Index blk = 0; blk < tiling.blocks(); ++blk) {
    ThreadState& ts = threads_[omp_get_thread_num()];
    const Index rows = tiling.rows(blk);
    double* z1 = L > 1 ? ts.layers[1].input.data() : ts.out.data();
    LayerTape& tape0 = ts.layers[0];
    if (trig) {
      double* slope = tape0.slope.data();
      tiling.for_each_run(blk, [&](Index r, Index b, Index k, Index len) {
        for (Index u = 0; u < H; ++u) {
          const double sp = points_sin(b, u), cp = points_cos(b, u);
          const double* ss = shifts_sin.data() + u * K + k;
          const double* cm = shifts_cos_m1.data() + u * K + k;
          double* value = z1 + u * rows + r;
          double* d1 = slope + u * rows + r;
#pragma omp simd
          for (Index i = 0; i < len; ++i) {
            value[i] = madd(sp, cm[i], madd(cp, ss[i], sp));
            d1[i] = w0 * madd(cp, cm[i], madd(-sp, ss[i], cp));
          }
        }
      });
    } else {
      tiling.for_each_run(blk, [&](Index r, Index b, Index k, Index len) {
        for (Index u = 0; u < H; ++u) {
          double* dst = z1 + u * rows + r;
          const double* src = shifts.data() + u * K + k;
          const double pb = points(b, u);
#pragma omp simd
          for (Index i = 0; i < len; ++i) dst[i] = src[i] + pb;
        }
      });
      if (act0.kind != ActivationKind::kIdentity)
        for (Index u = 0; u < H; ++u)
          act0.derivatives(z1 + u * rows, z1 + u * rows, tape0.slope.data() + u * rows,
                           ts.scratch.data(), rows);
    }
    forward_block(ts, net, rows, 1);
    tiling.for_each_run(blk, [&](Index r, Index b, Index k, Index len) {
      for (Index i = 0; i < len; ++i) ts.grad_a[r + i] = C(k + i, b);
    });
    reverse_block(ts, net, rows, 1, true);
    double* g = ts.grad_a.data();  // dz_1, then dp_0
    if (!tape0.slope.empty()) {
      const double* s = tape0.slope.data();
#pragma omp simd
      for (Index e = 0; e < rows * H; ++e) g[e] *= s[e];
    }
    tiling.for_each_run(blk, [&](Index r, Index b, Index k, Index len) {
      for (Index u = 0; u < H; ++u) {
        const Eigen::Map<const Vec> seg(g + u * rows + r, len);
        ts.p(b, u) += seg.sum();
        ts.q.col(u).segment(k, len) += seg;
      }
      ts.k_lo = std::min(ts.k_lo, k);
      ts.k_hi = std::max(ts.k_hi, k + len);
    });
  }

  // P^T and Q^T summed over threads in thread order, column by column in parallel; each
  // thread's share is cleared once read (a thread's blocks cover few shift chunks, so
  // only its rows [k_lo, k_hi) of Q are read and cleared).
  p_.setZero(B, H);
  q_.setZero(K, H);
#pragma omp parallel for schedule(static)
  for (Index u = 0; u < H; ++u)
    for (ThreadState& ts : threads_) {
      p_.col(u) += ts.p.col(u);
      ts.p.col(u).setZero();
      if (ts.k_hi <= ts.k_lo) continue;
      q_.col(u).segment(ts.k_lo, ts.k_hi - ts.k_lo) +=
          ts.q.col(u).segment(ts.k_lo, ts.k_hi - ts.k_lo);
      ts.q.col(u).segment(ts.k_lo, ts.k_hi - ts.k_lo).setZero();
    }
  ThreadState& t0 = threads_[0];
  const LayerPlan& lp0 = plans_[0];
  t0.grad.segment(lp0.offset + first.num_parameters() - H, H) += p_.colwise().sum().transpose();
  if (lp0.is_tt) {
    std::vector<double> out(static_cast<std::size_t>(std::max(B, K) * H));
    tt_forward(lp0, Xt.data(), out.data(), B, first_tape_);
    tt_reverse(lp0, Xt.data(), first_tape_, p_.data(), nullptr, B, t0, t0.dk[0]);
    tt_forward(lp0, St.data(), out.data(), K, first_tape_);
    tt_reverse(lp0, St.data(), first_tape_, q_.data(), nullptr, K, t0, t0.dk[0]);
  } else {
    MutMap dw(t0.grad.data() + lp0.offset, H, D);
    dw.noalias() += p_.transpose() * Xt;
    dw.noalias() += q_.transpose() * St;
  }
  reduce(net, grad);
}

}  // namespace tonnsim::tonn
