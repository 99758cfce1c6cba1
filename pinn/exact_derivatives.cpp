#include "pinn/exact_derivatives.hpp"

#include "core/error.hpp"
#include "core/timer.hpp"

namespace tonnsim::pinn {

ExactDerivatives::ExactDerivatives(int input_dim) : dim_(input_dim) {
  require(input_dim >= 1, "input_dim", input_dim, "must be >= 1");
}

void ExactDerivatives::estimate(BatchFunction& f, const ConstMatRef& X, Jet& jet) {
  check_input(f, X);
  auto* df = dynamic_cast<tonn::DifferentiableBatchFunction*>(&f);
  if (df == nullptr)
    throw InputError(
        "estimator = exact: this network has no exact derivatives (only the ideal digital "
        "model has); use sparse_grid, monte_carlo or finite_difference");
  jet.resize(X.rows(), X.cols());
  ScopedTimer t("estimator/network");
  df->evaluate_jet(X, jet.value, jet.grad, jet.hess_diag);
}

void ExactDerivatives::value(BatchFunction& f, const ConstMatRef& X, VecRef y) {
  check_input(f, X);
  f.evaluate(X, y);
}

}  // namespace tonnsim::pinn
