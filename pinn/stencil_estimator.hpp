#pragma once
// Shared machinery of the estimators that are linear in network values on a fixed stencil
// (sparse-grid Stein, Monte-Carlo Stein, finite differences).
#include <Eigen/SparseCore>

#include "pinn/derivative_estimator.hpp"

namespace tonnsim::pinn {

/// An estimator of the form
///   Y(k, b) = f(x_b + s_k)            (one evaluate_stencil call, S = [s_1 .. s_K])
///   [value; grad; hess_diag](:, b) = R Y(:, b) + [0; 0; 1] (c^T Y(:, b))
/// with a sparse read-out R ((1 + 2D) x K) and a dense row c (K) added to every Hessian
/// row. The rank-one part keeps R sparse for Stein estimators: their Hessian weights
/// w_k (z_kj^2 - 1) are nonzero for every j, but w_k z_kj^2 is not, so the "-1" part is
/// one shared row. Applying R costs O(nnz(R) B) vectorised multiply-adds, about 0.1 us
/// per point for the D = 21 grid: negligible next to its 925 network evaluations.
class StencilEstimator : public DerivativeEstimator {
 public:
  using SparseMat = Eigen::SparseMatrix<double>;

  int input_dim() const override { return int(shifts_.rows()); }
  Eigen::Index evaluations_per_point() const override { return shifts_.cols(); }
  void estimate(BatchFunction& f, const ConstMatRef& X, Jet& jet) override;
  /// One family evaluate_stencil call for all members, then each member's read-out.
  void estimate_family(StencilFamily& family, const ConstMatRef& X, std::vector<Jet>& jets) override;
  void value(BatchFunction& f, const ConstMatRef& X, VecRef y) override;
  Eigen::Index head_value_evaluations_per_point() const override {
    return centre_value() ? 1 : shifts_.cols();
  }
  /// With a centre value (finite differences): the stencil on the head columns, f(x) on
  /// the tail, two network calls; otherwise estimate().
  void estimate_head(BatchFunction& f, const ConstMatRef& X, Eigen::Index n_jet, Jet& jet) override;
  void estimate_family_head(StencilFamily& family, const ConstMatRef& X, Eigen::Index n_jet,
                            std::vector<Jet>& jets) override;

  /// The stencil S (D x K) of the last set_stencil().
  const Mat& shifts() const { return shifts_; }
  /// The read-out R ((1 + 2D) x K) and the shared Hessian row c (K) of the last
  /// set_stencil(), for the transpose of the map (exact loss gradients, pinn/loss_gradient.hpp).
  const SparseMat& readout() const { return readout_; }
  const Vec& hess_common() const { return hess_common_; }

 protected:
  /// readout: (1 + 2D) x K rows [value; grad; hess_diag]; hess_common: K.
  void set_stencil(Mat shifts, const SparseMat& readout, Vec hess_common);

 private:
  /// jet from the stencil values Y (K x B) of one function.
  void read_out(const Mat& Y, Jet& jet);
  /// True when the value is f(x) itself: one shift, zero, with weight 1, among several.
  bool centre_value() const;
  /// jet's columns: head_jet_ on the first head_jet_.batch(), zero derivatives after.
  void assemble_head(Jet& jet, Eigen::Index batch) const;

  Mat shifts_;
  SparseMat readout_;
  Vec hess_common_;
  bool has_hess_common_ = false;
  // value() evaluates only the shifts with a nonzero value weight (just x itself for
  // finite differences).
  Mat value_shifts_;
  Vec value_weights_;
  Mat stencil_values_;  // K x B scratch, reused across calls
  std::vector<Mat> family_values_;  // one K x B per member of a family
  Mat tail_values_;                       // 1 x B, estimate_head's boundary values
  std::vector<Mat> family_tail_values_;  // one 1 x B per member (estimate_family_head)
  Jet head_jet_;
  Mat values_t_;   // Y^T, B x K
  Mat readout_t_;  // [value, grad^T, hess_diag^T], B x (1 + 2D)
  Vec common_t_;
};

}  // namespace tonnsim::pinn
