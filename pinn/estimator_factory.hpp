#pragma once
// Builds the derivative estimator a scenario names.
#include <memory>

#include "pinn/derivative_estimator.hpp"
#include "pinn/finite_difference.hpp"
#include "pinn/monte_carlo_stein.hpp"
#include "pinn/sparse_grid_stein.hpp"

namespace tonnsim::pinn {

/// The estimator choice plus every estimator's own options (only the chosen one is used
/// and validated).
struct EstimatorOptions {
  EstimatorKind kind = EstimatorKind::kSparseGrid;  // the published estimator
  SparseGridSteinOptions sparse_grid;
  MonteCarloSteinOptions monte_carlo;
  FiniteDifferenceOptions finite_difference;

  void validate() const;
};

/// An estimator for networks with input_dim inputs.
std::unique_ptr<DerivativeEstimator> make_estimator(const EstimatorOptions& options,
                                                    int input_dim);

}  // namespace tonnsim::pinn
