#pragma once
// Exact jets from a differentiable network: the first-order reference.
#include "pinn/derivative_estimator.hpp"

namespace tonnsim::pinn {

/// Passes through DifferentiableBatchFunction::evaluate_jet (the ideal digital model's
/// analytic forward-mode pass). No smoothing: value() is f(x). Fails with InputError
/// when the network has no exact derivatives (a photonic model).
class ExactDerivatives : public DerivativeEstimator {
 public:
  explicit ExactDerivatives(int input_dim);
  EstimatorKind kind() const override { return EstimatorKind::kExact; }
  int input_dim() const override { return dim_; }
  Eigen::Index evaluations_per_point() const override { return 1; }
  void estimate(BatchFunction& f, const ConstMatRef& X, Jet& jet) override;
  void value(BatchFunction& f, const ConstMatRef& X, VecRef y) override;

 private:
  int dim_;
};

}  // namespace tonnsim::pinn
