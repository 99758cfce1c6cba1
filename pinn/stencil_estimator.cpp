#include "pinn/stencil_estimator.hpp"

#include <algorithm>
#include <vector>

#include "core/error.hpp"
#include "core/timer.hpp"

namespace tonnsim::pinn {

namespace {
/// out = sum_k w_k V(:, k) over the nonzero weights, as axpys over the rows of V (one row
/// per point): each point goes through the same vector lanes whatever its place in the
/// batch, where a GEMV kernel would group rows by their position (fused lanes or an unfused
/// scalar tail), and a point's result must not depend on the batch it is in
/// (pinn/point_split.hpp; seen with AVX-512: a test set split over 2 or 4 ranks differed
/// in the last bits while it went through a GEMV).
void weighted_column_sum(const Mat& V, const Vec& w, VecRef out) {
  out.setZero();
  for (Eigen::Index k = 0; k < V.cols(); ++k)
    if (w(k) != 0.0) out.noalias() += w(k) * V.col(k);
}
}  // namespace

void StencilEstimator::set_stencil(Mat shifts, const SparseMat& readout, Vec hess_common) {
  const Eigen::Index D = shifts.rows(), K = shifts.cols();
  require(readout.rows() == 1 + 2 * D && readout.cols() == K, "stencil read-out rows",
          readout.rows(), "must be 1 + 2D with one column per shift");
  require(hess_common.size() == K, "stencil hess_common size", hess_common.size(),
          "must equal the number of shifts");
  shifts_ = std::move(shifts);
  readout_ = readout;
  readout_.makeCompressed();
  hess_common_ = std::move(hess_common);
  has_hess_common_ = hess_common_.cwiseAbs().maxCoeff() > 0.0;

  std::vector<Eigen::Index> cols;
  std::vector<double> w;
  for (Eigen::Index k = 0; k < K; ++k)
    for (SparseMat::InnerIterator it(readout_, k); it; ++it)
      if (it.row() == 0 && it.value() != 0.0) {
        cols.push_back(k);
        w.push_back(it.value());
      }
  value_shifts_.resize(D, Eigen::Index(cols.size()));
  value_weights_.resize(Eigen::Index(cols.size()));
  for (std::size_t i = 0; i < cols.size(); ++i) {
    value_shifts_.col(i) = shifts_.col(cols[i]);
    value_weights_(i) = w[i];
  }
}

void StencilEstimator::estimate(BatchFunction& f, const ConstMatRef& X, Jet& jet) {
  check_input(f, X);
  stencil_values_.resize(shifts_.cols(), X.cols());
  {
    ScopedTimer t("estimator/network");
    f.evaluate_stencil(X, shifts_, stencil_values_);
  }
  read_out(stencil_values_, jet);
}

void StencilEstimator::estimate_family(StencilFamily& family, const ConstMatRef& X,
                                       std::vector<Jet>& jets) {
  for (int m = 0; m < family.size(); ++m) check_input(family.member(m), X);
  {
    ScopedTimer t("estimator/network");
    family.evaluate_stencil(X, shifts_, family_values_);
  }
  jets.resize(static_cast<std::size_t>(family.size()));
  for (int m = 0; m < family.size(); ++m) read_out(family_values_[m], jets[m]);
}

bool StencilEstimator::centre_value() const {
  return shifts_.cols() > 1 && value_shifts_.cols() == 1 && value_weights_(0) == 1.0 &&
         value_shifts_.col(0).isZero(0.0);
}

void StencilEstimator::assemble_head(Jet& jet, Eigen::Index batch) const {
  const Eigen::Index D = shifts_.rows(), n_jet = head_jet_.batch(), n_tail = batch - n_jet;
  jet.resize(D, batch);
  jet.value.head(n_jet) = head_jet_.value;
  jet.grad.leftCols(n_jet) = head_jet_.grad;
  jet.hess_diag.leftCols(n_jet) = head_jet_.hess_diag;
  jet.grad.rightCols(n_tail).setZero();
  jet.hess_diag.rightCols(n_tail).setZero();
}

void StencilEstimator::estimate_head(BatchFunction& f, const ConstMatRef& X, Eigen::Index n_jet,
                                     Jet& jet) {
  require(n_jet >= 0 && n_jet <= X.cols(), "head columns", n_jet, "must lie in [0, batch]");
  if (!centre_value() || n_jet == X.cols()) {
    estimate(f, X, jet);
    return;
  }
  check_input(f, X);
  const Eigen::Index n_tail = X.cols() - n_jet;
  stencil_values_.resize(shifts_.cols(), n_jet);
  {
    ScopedTimer t("estimator/network");
    if (n_jet > 0) f.evaluate_stencil(X.leftCols(n_jet), shifts_, stencil_values_);
  }
  read_out(stencil_values_, head_jet_);
  assemble_head(jet, X.cols());
  {
    ScopedTimer t("estimator/network");
    // f(x) through the same stencil call as the family path (entry m of a family equals
    // its member's estimate): the value row is 1 x Y(0, :).
    tail_values_.resize(1, n_tail);  // its own scratch: no reallocation between calls
    f.evaluate_stencil(X.rightCols(n_tail), value_shifts_, tail_values_);
  }
  jet.value.tail(n_tail) = tail_values_.row(0).transpose();
}

void StencilEstimator::estimate_family_head(StencilFamily& family, const ConstMatRef& X,
                                            Eigen::Index n_jet, std::vector<Jet>& jets) {
  require(n_jet >= 0 && n_jet <= X.cols(), "head columns", n_jet, "must lie in [0, batch]");
  if (!centre_value() || n_jet == X.cols()) {
    estimate_family(family, X, jets);
    return;
  }
  for (int m = 0; m < family.size(); ++m) check_input(family.member(m), X);
  const Eigen::Index n_tail = X.cols() - n_jet;
  {
    ScopedTimer t("estimator/network");
    if (n_jet > 0) {
      family.evaluate_stencil(X.leftCols(n_jet), shifts_, family_values_);
    } else {
      family_values_.assign(std::size_t(family.size()), Mat(shifts_.cols(), 0));
    }
    family.evaluate_stencil(X.rightCols(n_tail), value_shifts_, family_tail_values_);
  }
  jets.resize(static_cast<std::size_t>(family.size()));
  for (int m = 0; m < family.size(); ++m) {
    read_out(family_values_[std::size_t(m)], head_jet_);
    assemble_head(jets[std::size_t(m)], X.cols());
    jets[std::size_t(m)].value.tail(n_tail) = family_tail_values_[std::size_t(m)].row(0).transpose();
  }
}

void StencilEstimator::read_out(const Mat& Y, Jet& jet) {
  ScopedTimer t("estimator/readout");
  const Eigen::Index D = shifts_.rows(), B = Y.cols();
  jet.resize(D, B);
  // Vectorise over points: with Y^T (B x K) every nonzero R(i, k) is one contiguous
  // axpy of length B, out^T(:, i) += R(i, k) Y^T(:, k). Sparse-times-dense in the other
  // layout gathers strided rows of Y and runs about 20x slower.
  values_t_ = Y.transpose();
  readout_t_.setZero(B, 1 + 2 * D);
  for (Eigen::Index k = 0; k < readout_.outerSize(); ++k)
    for (SparseMat::InnerIterator it(readout_, k); it; ++it)
      readout_t_.col(it.row()).noalias() += it.value() * values_t_.col(k);
  if (has_hess_common_) {
    // sum_k c_k Y^T(:, k), shared by all rows, as axpys like the rows above
    common_t_.resize(B);
    weighted_column_sum(values_t_, hess_common_, common_t_);
    readout_t_.rightCols(D).colwise() += common_t_;
  }
  jet.value = readout_t_.col(0);
  jet.grad = readout_t_.middleCols(1, D).transpose();
  jet.hess_diag = readout_t_.rightCols(D).transpose();
}

void StencilEstimator::value(BatchFunction& f, const ConstMatRef& X, VecRef y) {
  check_input(f, X);
  require(y.size() == X.cols(), "value output size", y.size(), "must equal the batch size");
  const Eigen::Index K = value_shifts_.cols();
  // Chunk the batch so the K x chunk scratch stays near 2^20 doubles (test sets are large).
  const Eigen::Index chunk = std::max<Eigen::Index>(1, (Eigen::Index(1) << 20) / K);
  for (Eigen::Index b0 = 0; b0 < X.cols(); b0 += chunk) {
    const Eigen::Index nb = std::min(chunk, X.cols() - b0);
    stencil_values_.resize(K, nb);
    f.evaluate_stencil(X.middleCols(b0, nb), value_shifts_, stencil_values_);
    values_t_ = stencil_values_.transpose();
    weighted_column_sum(values_t_, value_weights_, y.segment(b0, nb));
  }
}

}  // namespace tonnsim::pinn
