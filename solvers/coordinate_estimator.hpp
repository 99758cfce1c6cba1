#pragma once
// Coordinate-wise gradient estimate (CGE): for j in a coordinate set S,
//   g_j = c [L(theta + mu e_j) - L(theta - mu e_j)] / (2 mu)   (or the forward difference),
// g_j = 0 outside S. S is every candidate coordinate, a uniformly random subset of n of
// the m candidates drawn per iteration (c = m / n under "unbiased" scaling, so
// E[g] = grad L: each coordinate is in S with probability n / m), or given indices
// (c = 1). The central form is exact on quadratics; its cost, 2|S| states, is what
// restricts it to refinement or to small subsets.
// Reference: Liu et al., IEEE Signal Processing Magazine 2020 (CGE and ZO-SCD).
#include "solvers/zo_estimator.hpp"

namespace tonnsim::solvers {

class CoordinateEstimator : public ZoEstimator {
 public:
  CoordinateEstimator(const ParameterLayout& layout, const CoordinateOptions& options,
                      const ZoCommonOptions& common);

  ZoEstimatorKind kind() const override { return ZoEstimatorKind::kCoordinate; }
  ZoEstimate estimate(Objective& f, const Vec& theta, long iteration) override;
  long calls_per_estimate(long iteration) const override;

  /// The coordinates perturbed at `iteration` (drawn from its stream for random_subset).
  std::vector<Index> coordinates_at(long iteration) const;

 private:
  bool measures_loss() const;
  Index selected_count() const;

  CoordinateOptions options_;
  ZoCommonOptions common_;
  Index dimension_;
  std::vector<Index> candidates_;  // all / random_subset: from the group prefixes
};

}  // namespace tonnsim::solvers
