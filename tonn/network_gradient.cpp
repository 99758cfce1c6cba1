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
    // A stencil tile's P^T, Q^T and first-layer weight gradient (zeroed per tile).
    ts.p.resize(stencil_b, H);
    ts.q.resize(stencil_k, H);
    ts.w_bar_t.resize(stencil_b > 0 ? net.input_dim() : 0, H);
  }
  if (first_rows > 0 && plans_[0].is_tt) {
    // The first layer's forward on first_rows rows, kept for every tile's reverse (the
    // threads' sweep buffers hold `rows` >= first_rows rows).
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
  write_kernel_gradients(net, threads_[0].dk, grad);
}

void NetworkGradient::write_kernel_gradients(const Network& net,
                                             const std::vector<std::vector<Mat>>& dks,
                                             Vec& grad) const {
  // Kernel gradients back to core entries (the inverse of the plan's kernel layout).
  for (int l = 0; l < net.num_layers(); ++l) {
    const LayerPlan& lp = plans_[l];
    if (!lp.is_tt) continue;
    const TTShape& s = static_cast<const TTLayer*>(lp.layer)->shape();
    const int d = s.order();
    Index core_offset = lp.offset;
    const bool rl = lp.tt.order() == SweepOrder::kRightToLeft;
    for (int k = 0; k < d; ++k) {
      const int t = rl ? d - 1 - k : k;
      const Mat& dk = dks[l][t];
      MutMap core(grad.data() + core_offset, s.core_rows(k), s.core_cols(k));
      const int m = s.in_modes[k], n = s.out_modes[k], r0 = s.ranks[k], r1 = s.ranks[k + 1];
      for (int a = 0; a < r0; ++a)
        for (int i = 0; i < m; ++i)
          for (int j = 0; j < n; ++j)
            for (int c = 0; c < r1; ++c)
              core(Index(a) * m + i, Index(j) * r1 + c) =  // G_k(a, i, j, c), tt_shape.hpp
                  rl ? dk(c + Index(r1) * i, j + Index(n) * a)
                     : dk(i + Index(m) * a, c + Index(r1) * j);
      core_offset += s.core_rows(k) * s.core_cols(k);
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

Index NetworkGradient::stencil_block_points(Index block_rows, Index K) {
  require(block_rows >= 1, "network block_rows", block_rows, "must be >= 1");
  require(K >= 1, "stencil shifts", K, "must be >= 1");
  return std::max<Index>(4, (block_rows + K - 1) / K);
}

Index NetworkGradient::stencil_block_count(Index block_rows, Index B, Index K) {
  const Index G = stencil_block_points(block_rows, K);
  return (B + G - 1) / G;
}

void NetworkGradient::sum_blocks(const ConstMatRef& blocks, Vec& grad) {
  if (blocks.cols() == 0) {
    grad.setZero(blocks.rows());
    return;
  }
  grad = blocks.col(0);
  for (Index j = 1; j < blocks.cols(); ++j) grad += blocks.col(j);
}

void NetworkGradient::stencil(Network& net, const ConstMatRef& X, const ConstMatRef& S,
                              const ConstMatRef& C, Vec& grad) {
  const Index n = stencil_block_count(net.options().block_rows, X.cols(), std::max<Index>(1, S.cols()));
  full_blocks_.resize(net.num_parameters(), n);
  stencil_blocks(net, X, S, C, 0, n, full_blocks_);
  sum_blocks(full_blocks_, grad);
}

void NetworkGradient::stencil_tile(ThreadState& ts, const Network& net, const ConstMatRef& C,
                                   Index b0, Index b1, Index k0, Index k1) const {
  const int L = net.num_layers();
  const LinearLayer& first = net.layer(0);
  const Index H = first.out_dim(), D = net.input_dim(), K = shifts_.rows();
  const Index R = net.options().block_rows, w = k1 - k0, n_rows = (b1 - b0) * w;
  const Activation& act0 = net.activation(0);
  ts.grad.setZero();
  for (std::vector<Mat>& dk : ts.dk)
    for (Mat& m : dk) m.setZero();
  ts.p.setZero();
  ts.q.setZero();
  // Calls f(r, b, k, n) for the runs of the R-row block starting at tile row r0: its rows
  // [r, r + n) are point b with shifts k .. k + n - 1 (tile rows run point by point).
  const auto for_each_run = [&](Index r0, Index rows, auto&& f) {
    for (Index r = r0; r < r0 + rows;) {
      const Index b = b0 + r / w, k = k0 + r % w, n = std::min(r0 + rows - r, k1 - k);
      f(r - r0, b, k, n);
      r += n;
    }
  };
  for (Index r0 = 0; r0 < n_rows; r0 += R) {
    const Index rows = std::min(R, n_rows - r0);
    double* z1 = L > 1 ? ts.layers[1].input.data() : ts.out.data();
    LayerTape& tape0 = ts.layers[0];
    if (first_trig_) {
      const double w0 = act0.omega0;
      double* slope = tape0.slope.data();
      for_each_run(r0, rows, [&](Index r, Index b, Index k, Index len) {
        for (Index u = 0; u < H; ++u) {
          const double sp = points_sin_(b, u), cp = points_cos_(b, u);
          const double* ss = shifts_sin_.data() + u * K + k;
          const double* cm = shifts_cos_m1_.data() + u * K + k;
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
      for_each_run(r0, rows, [&](Index r, Index b, Index k, Index len) {
        for (Index u = 0; u < H; ++u) {
          double* dst = z1 + u * rows + r;
          const double* src = shifts_.data() + u * K + k;
          const double pb = points_(b, u);
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
    for_each_run(r0, rows, [&](Index r, Index b, Index k, Index len) {
      for (Index i = 0; i < len; ++i) ts.grad_a[r + i] = C(k + i, b);
    });
    reverse_block(ts, net, rows, 1, true);
    double* g = ts.grad_a.data();  // dz_1, then dp_0
    if (!tape0.slope.empty()) {
      const double* s = tape0.slope.data();
#pragma omp simd
      for (Index e = 0; e < rows * H; ++e) g[e] *= s[e];
    }
    for_each_run(r0, rows, [&](Index r, Index b, Index k, Index len) {
      for (Index u = 0; u < H; ++u) {
        const Eigen::Map<const Vec> seg(g + u * rows + r, len);
        ts.p(b - b0, u) += seg.sum();
        ts.q.col(u).segment(k - k0, len) += seg;
      }
    });
  }
  // The first layer: bias gradient sum_rows dp_0, weight gradient
  // W_bar^T = X_g^T P + S_c^T Q (S_c^T Q from S's nonzeros when S is sparse, as a sparse
  // grid's shifts are: at most two coordinates each).
  const LayerPlan& lp0 = plans_[0];
  const Index n_points = b1 - b0;
  ts.grad.segment(lp0.offset + first.num_parameters() - H, H) +=
      ts.p.topRows(n_points).colwise().sum().transpose();
  ts.w_bar_t.noalias() = xt_.middleRows(b0, n_points).transpose() * ts.p.topRows(n_points);
  if (s_sparse_) {
    for (Index u = 0; u < H; ++u)
      for (Index k = k0; k < k1; ++k) {
        const double qk = ts.q(k - k0, u);
        for (Index e = s_start_[k]; e < s_start_[k + 1]; ++e)
          ts.w_bar_t(s_dim_[e], u) += s_value_[e] * qk;
      }
  } else {
    ts.w_bar_t.noalias() += st_.middleRows(k0, w).transpose() * ts.q.topRows(w);
  }
  if (lp0.is_tt)  // rows e_j with cotangents W_bar(:, j): the TT gradient of <W_bar, W>
    tt_reverse(lp0, identity_.data(), first_tape_, ts.w_bar_t.data(), nullptr, D, ts, ts.dk[0]);
  else
    MutMap(ts.grad.data() + lp0.offset, H, D) += ts.w_bar_t.transpose();
  write_kernel_gradients(net, ts.dk, ts.grad);
}

void NetworkGradient::stencil_blocks(Network& net, const ConstMatRef& X, const ConstMatRef& S,
                                     const ConstMatRef& C, Index begin, Index end,
                                     Eigen::Ref<Mat> blocks) {
  const Index B = X.cols(), K = S.cols(), D = net.input_dim();
  require(net.output_dim() == 1, "network output dimension", net.output_dim(),
          "must be 1 for a stencil");
  require(X.rows() == D, "input rows", X.rows(),
          "must equal the network input dimension " + std::to_string(D));
  require(S.rows() == D, "stencil rows", S.rows(),
          "must equal the input dimension " + std::to_string(D));
  require(K >= 1, "stencil shifts", K, "must be >= 1");
  require(C.rows() == K && C.cols() == B, "stencil cotangent shape",
          std::to_string(C.rows()) + "x" + std::to_string(C.cols()),
          "must be K x B = " + std::to_string(K) + "x" + std::to_string(B));
  const Index R = net.options().block_rows, G = stencil_block_points(R, K);
  const Index n_blocks = (B + G - 1) / G;
  require(begin >= 0 && begin <= end && end <= n_blocks, "stencil block range",
          std::to_string(begin) + ".." + std::to_string(end),
          "must lie in [0, " + std::to_string(n_blocks) + "]");
  require(blocks.rows() == net.num_parameters() && blocks.cols() == end - begin,
          "stencil block gradients shape",
          std::to_string(blocks.rows()) + "x" + std::to_string(blocks.cols()),
          "must be parameters x blocks = " + std::to_string(net.num_parameters()) + "x" +
              std::to_string(end - begin));
  ScopedTimer timer("tonn/gradient_stencil");
  const Index W = std::min(K, R), chunks = (K + W - 1) / W;
  prepare(net, std::max(R, D), D, G, W);
  const LinearLayer& first = net.layer(0);
  const Index H = first.out_dim();

  // A x + b per point (one point at a time, so a point's bits do not depend on its batch)
  // and A s per shift, as Network::prepare_first_layer forms them.
  xt_ = X.transpose();
  st_ = S.transpose();
  points_.resize(B, H);
  shifts_.resize(K, H);
  grow(first_scratch_, std::max(first.scratch_size(1), first.scratch_size(K)));
  grow(first_out_, std::max(D, H) * H);
  for (Index b = 0; b < B; ++b) {
    first.apply_linear(X.data() + b * X.outerStride(), first_out_.data(), 1,
                       first_scratch_.data());
    for (Index u = 0; u < H; ++u) points_(b, u) = first_out_[static_cast<std::size_t>(u)];
  }
  first.add_bias(points_.data(), B, B);
  first.apply_linear(st_.data(), shifts_.data(), K, first_scratch_.data());
  // A sine first activation and its slope by the angle-sum identity, as
  // Network::first_layer_block (first_layer_sincos).
  const Activation& act0 = net.activation(0);
  first_trig_ = act0.kind == ActivationKind::kSine;
  if (first_trig_)
    first_layer_sincos(act0.omega0, points_, shifts_, points_sin_, points_cos_, shifts_sin_,
                       shifts_cos_m1_);
  // S's nonzeros by shift, for the tiles' S_c^T Q.
  s_start_.resize(static_cast<std::size_t>(K + 1));
  s_dim_.clear();
  s_value_.clear();
  for (Index k = 0; k < K; ++k) {
    s_start_[k] = static_cast<Index>(s_dim_.size());
    for (Index d = 0; d < D; ++d)
      if (S(d, k) != 0.0) {
        s_dim_.push_back(d);
        s_value_.push_back(S(d, k));
      }
  }
  s_start_[K] = static_cast<Index>(s_dim_.size());
  s_sparse_ = 4 * static_cast<Index>(s_dim_.size()) <= D * K;
  if (plans_[0].is_tt) {
    if (identity_.rows() != D) identity_.setIdentity(D, D);
    tt_forward(plans_[0], identity_.data(), first_out_.data(), D, first_tape_);
  }

  const Index n_tiles = (end - begin) * chunks;
  tiles_.resize(net.num_parameters(), n_tiles);
#pragma omp parallel for schedule(static)
  for (Index t = 0; t < n_tiles; ++t) {
    ThreadState& ts = threads_[omp_get_thread_num()];
    const Index g = begin + t / chunks, c = t % chunks;
    stencil_tile(ts, net, C, g * G, std::min(B, g * G + G), c * W, std::min(K, c * W + W));
    tiles_.col(t) = ts.grad;
  }
#pragma omp parallel for schedule(static)
  for (Index j = 0; j < end - begin; ++j) {
    blocks.col(j) = tiles_.col(j * chunks);
    for (Index c = 1; c < chunks; ++c) blocks.col(j) += tiles_.col(j * chunks + c);
  }
}

}  // namespace tonnsim::tonn
