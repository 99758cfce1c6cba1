#pragma once
// Batched TT-matrix times batch, one small GEMM sweep per core, no per-sample loops.
//
// Layout: the batch is "sample-fastest": a block of R samples is an R x M column-major
// matrix (sample r, input index i) -- i.e. X^T -- so memory order, fastest first, is
// (sample, i_d, i_{d-1}, ..., i_1). Contracting core k replaces the adjacent index pair
// (i_k, rank) by (j_k, rank') and leaves everything else in place, so every step is
//
//   out_s = in_s * K_k    for s = 0..S_k-1,   in_s: F_k x Q_k,  out_s: F_k x N_k,
//
// a GEMM on contiguous column-major slices, with F_k = R * (untouched fast modes) and
// S_k = product of the untouched slow modes. After the last core the block is the R x N
// matrix Y^T in the same layout, so layers chain without transposes.
//
// Two sweep orders give the same result with different costs; the plan picks the one with
// fewer multiply-adds per sample:
//   right-to-left (core d first): before core k the order is
//     (sample, j_d..j_{k+1}, r_k, i_k, i_{k-1}..i_1), K_k(c + r_k i, j + n_k a) = G_k(a,i,j,c);
//   left-to-right (core 1 first): before core k the order is
//     (sample, i_d..i_{k+1}, i_k, r_{k-1}, j_{k-1}..j_1), K_k(i + m_k a, c + r_k j) = G_k(a,i,j,c).
// For the HJB layer [4,4,4,8] -> [8,4,4,4], rank 2, right-to-left costs 16k multiply-adds
// per sample against 49k left-to-right and 262k for the dense 512 x 512 weight.
#include <algorithm>
#include <vector>

#include "tonn/tt_shape.hpp"

namespace tonnsim::tonn {

enum class SweepOrder { kRightToLeft, kLeftToRight };

/// Multiply-adds per sample of one sweep order.
double sweep_cost(const TTShape& s, SweepOrder order);

/// out_s = in_s * K for s < S: in holds S column-major F x Q blocks back to back, out S
/// column-major F x N blocks; K is Q x N. A register-blocked kernel, vectorised over F
/// (the sample-fastest direction), for the small Q and N of TT cores; T is double or float
/// (core/precision.hpp), the same kernel at twice the lanes per vector in float.
template <class T>
void contract_slices(const T* in, T* out, Eigen::Index F, Eigen::Index Q, Eigen::Index S,
                     const Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic>& K);

/// The per-core GEMM sequence for given cores; rebuilt when the cores change (once per
/// programmed state), then applied to any number of blocks from any number of threads.
class TTContraction {
 public:
  TTContraction() = default;
  TTContraction(const TTShape& shape, const std::vector<Mat>& cores);

  /// Loads new cores. For cores of the shape the plan was built for (every programmed
  /// state after the first) only the kernels are refilled, in place and without heap
  /// allocation; another shape rebuilds the plan. Same result as a new TTContraction.
  void set_cores(const TTShape& shape, const std::vector<Mat>& cores);

  SweepOrder order() const { return order_; }
  /// Multiply-adds per sample.
  double cost() const { return cost_; }
  /// Scratch elements (of the type apply() runs in) for a block of `rows` samples: the
  /// larger of two sweep buffers and the depth-first levels. Right-to-left plans need only
  /// the levels (672 per sample for the HJB layer against 1,024), but sizing the scratch
  /// so measured ~10 % slower at 2 threads on Zen 5 (the HJB stencil, 0.103-0.110 against
  /// 0.094-0.101 s; a layout effect on the per-thread workspaces, not investigated).
  Eigen::Index scratch_size(Eigen::Index rows) const {
    return rows * std::max(2 * max_intermediate_, depth_first_scratch_);
  }

  /// out (rows x N) = in (rows x M) * A^T, sample-fastest, both column-major with leading
  /// dimension `rows`. `scratch` holds scratch_size(rows) elements; in, out and scratch
  /// must not overlap. T = float uses the kernels rounded to float by set_cores().
  ///
  /// Right-to-left plans run depth-first: before core k the slowest index is i_0 (and
  /// below it i_1, ...), untouched until core 0, so the steps of cores d-1..j split into
  /// independent groups, one per value of (i_0..i_{j-1}), each a contiguous slice of every
  /// buffer. apply() recurses over those groups and runs the step of core j on one group as
  /// soon as its m_j sub-groups are done: level j's buffer holds rows * (n_{j+1}..n_{d-1})
  /// r_{j+1} m_j elements (32, 128 and 512 per sample for the HJB layer: 672 instead of the
  /// sweep's two buffers of 512, and the deepest level, 16 KiB at 64 rows in double, stays
  /// in L1 while the next one is filled). The same tiles
  /// with the same operands run in the same order within each output element, so the
  /// result is bit-identical to the breadth-first sweep (steps() in order); left-to-right
  /// plans run the sweep.
  template <class T>
  void apply(const T* in, T* out, Eigen::Index rows, T* scratch) const;

  /// One GEMM sweep step: out_s = in_s * kernel for s < slices, in_s of rows * fast rows.
  struct Step {
    Eigen::Index fast = 1;  // F = rows * fast
    Eigen::Index slices = 1;
    Mat kernel;  // Q x N
    MatF kernel_f32;  // the kernel rounded to float once per programmed state (kF32)
  };
  /// The steps in sweep order (core d-1 first for kRightToLeft, core 0 first otherwise),
  /// for the reverse pass (tonn/network_gradient.hpp).
  const std::vector<Step>& steps() const { return steps_; }

 private:
  void plan(const TTShape& shape);
  template <class T>
  void apply_step(std::size_t t, const T* in, T* out, Eigen::Index rows,
                  Eigen::Index slices) const;
  template <class T>
  void depth_first(int j, const T* in, T* out, Eigen::Index rows, T* scratch) const;

  TTShape shape_;  // the shape the steps were planned for
  SweepOrder order_ = SweepOrder::kRightToLeft;
  double cost_ = 0;
  Eigen::Index max_intermediate_ = 0;  // per sample, over the steps except the last
  // Per sample, kRightToLeft: sum over levels j < d-1 of (n_{j+1}..n_{d-1}) r_{j+1} m_j,
  // the buffers of the depth-first apply; 0 for kLeftToRight.
  Eigen::Index depth_first_scratch_ = 0;
  std::vector<Step> steps_;
};

}  // namespace tonnsim::tonn
