#include "pinn/stencil_estimator.hpp"

#include <algorithm>
#include <vector>

#include "core/error.hpp"
#include "core/timer.hpp"

namespace tonnsim::pinn {

void StencilEstimator::set_stencil(Mat shifts, SparseRowMat readout, Vec hess_common) {
  const Eigen::Index D = shifts.rows(), K = shifts.cols();
  require(readout.rows() == 1 + 2 * D && readout.cols() == K, "stencil read-out rows",
          readout.rows(), "must be 1 + 2D with one column per shift");
  require(hess_common.size() == K, "stencil hess_common size", hess_common.size(),
          "must equal the number of shifts");
  shifts_ = std::move(shifts);
  readout_ = std::move(readout);
  readout_.makeCompressed();
  hess_common_ = std::move(hess_common);
  has_hess_common_ = hess_common_.cwiseAbs().maxCoeff() > 0.0;

  std::vector<Eigen::Index> cols;
  std::vector<double> w;
  for (SparseRowMat::InnerIterator it(readout_, 0); it; ++it)
    if (it.value() != 0.0) {
      cols.push_back(it.col());
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
  const Eigen::Index D = X.rows(), B = X.cols();
  stencil_values_.resize(shifts_.cols(), B);
  {
    ScopedTimer t("estimator/network");
    f.evaluate_stencil(X, shifts_, stencil_values_);
  }
  ScopedTimer t("estimator/readout");
  jet.resize(D, B);
  // Row blocks of a row-major sparse matrix are cheap views.
  jet.value.noalias() = (readout_.topRows(1) * stencil_values_).transpose();
  jet.grad.noalias() = readout_.middleRows(1, D) * stencil_values_;
  jet.hess_diag.noalias() = readout_.bottomRows(D) * stencil_values_;
  if (has_hess_common_)
    jet.hess_diag.rowwise() += hess_common_.transpose() * stencil_values_;
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
    y.segment(b0, nb).noalias() = stencil_values_.transpose() * value_weights_;
  }
}

}  // namespace tonnsim::pinn
