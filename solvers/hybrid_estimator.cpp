#include "solvers/hybrid_estimator.hpp"

#include "core/error.hpp"

namespace tonnsim::solvers {

HybridEstimator::HybridEstimator(const ParameterLayout& layout, const RandomDirectionOptions& early,
                                 const CoordinateOptions& late, long switch_iteration,
                                 const ZoCommonOptions& common)
    : early_(layout, early, common), late_(layout, late, common),
      switch_iteration_(switch_iteration) {
  require(switch_iteration_ >= 0, "hybrid_switch_iteration", switch_iteration_, "must be >= 0");
}

const ZoEstimator& HybridEstimator::active(long iteration) const {
  if (iteration < switch_iteration_) return early_;
  return late_;
}

ZoEstimator& HybridEstimator::active(long iteration) {
  if (iteration < switch_iteration_) return early_;
  return late_;
}

ZoEstimate HybridEstimator::estimate(Objective& f, const Vec& theta, long iteration) {
  return active(iteration).estimate(f, theta, iteration);
}

long HybridEstimator::calls_per_estimate(long iteration) const {
  return active(iteration).calls_per_estimate(iteration);
}

}  // namespace tonnsim::solvers
