#pragma once
// Hybrid schedule: random directions while far from a minimum, where a cheap noisy
// direction is enough to make progress (N_B or 2 N_B states per block), and coordinate-wise
// differences from `switch_iteration` on, where the O(d / N) variance of random
// directions, not their bias, limits the final accuracy.
#include "solvers/coordinate_estimator.hpp"
#include "solvers/random_direction_estimator.hpp"

namespace tonnsim::solvers {

class HybridEstimator : public ZoEstimator {
 public:
  HybridEstimator(const ParameterLayout& layout, const RandomDirectionOptions& early,
                  const CoordinateOptions& late, long switch_iteration,
                  const ZoCommonOptions& common);

  ZoEstimatorKind kind() const override { return ZoEstimatorKind::kHybrid; }
  /// The estimate of the phase `iteration` falls in; its kind names that phase.
  ZoEstimate estimate(Objective& f, const Vec& theta, long iteration) override;
  long calls_per_estimate(long iteration) const override;

 private:
  ZoEstimator& active(long iteration);
  const ZoEstimator& active(long iteration) const;

  RandomDirectionEstimator early_;
  CoordinateEstimator late_;
  long switch_iteration_;
};

}  // namespace tonnsim::solvers
