#include "pinn/estimator_factory.hpp"

#include "pinn/exact_derivatives.hpp"

namespace tonnsim::pinn {

void EstimatorOptions::validate() const {
  switch (kind) {
    case EstimatorKind::kSparseGrid: sparse_grid.validate(); break;
    case EstimatorKind::kMonteCarlo: monte_carlo.validate(); break;
    case EstimatorKind::kFiniteDifference: finite_difference.validate(); break;
    case EstimatorKind::kExact: break;
  }
}

std::unique_ptr<DerivativeEstimator> make_estimator(const EstimatorOptions& options,
                                                    int input_dim) {
  options.validate();
  switch (options.kind) {
    case EstimatorKind::kSparseGrid:
      return std::make_unique<SparseGridStein>(input_dim, options.sparse_grid);
    case EstimatorKind::kMonteCarlo:
      return std::make_unique<MonteCarloStein>(input_dim, options.monte_carlo);
    case EstimatorKind::kFiniteDifference:
      return std::make_unique<FiniteDifference>(input_dim, options.finite_difference);
    case EstimatorKind::kExact:
      return std::make_unique<ExactDerivatives>(input_dim);
  }
  throw InputError("estimator: unknown kind; allowed: " + allowed_values<EstimatorKind>());
}

}  // namespace tonnsim::pinn
