#include "solvers/coordinate_estimator.hpp"

#include <algorithm>
#include <random>
#include <set>

#include "core/error.hpp"
#include "core/timer.hpp"

namespace tonnsim::solvers {

CoordinateEstimator::CoordinateEstimator(const ParameterLayout& layout,
                                         const CoordinateOptions& options,
                                         const ZoCommonOptions& common)
    : options_(options), common_(common), dimension_(layout.dimension()) {
  options_.validate();
  if (options_.selection == CoordinateSelection::kGiven) {
    std::set<Index> seen;
    for (Index j : options_.indices) {
      require(j >= 0 && j < dimension_, "coordinate.indices entry", j,
              "must lie in [0, " + std::to_string(dimension_) + ")");
      require(seen.insert(j).second, "coordinate.indices entry", j, "is repeated");
    }
    return;
  }
  candidates_ = layout.coordinates(options_.group_prefixes);
  if (options_.selection == CoordinateSelection::kRandomSubset)
    require(options_.subset_size <= static_cast<Index>(candidates_.size()),
            "coordinate.subset_size", options_.subset_size,
            "must not exceed the " + std::to_string(candidates_.size()) +
                " candidate coordinates");
}

bool CoordinateEstimator::measures_loss() const {
  return common_.evaluate_loss_at_theta || options_.scheme == DifferenceScheme::kForward;
}

Index CoordinateEstimator::selected_count() const {
  switch (options_.selection) {
    case CoordinateSelection::kAll: return static_cast<Index>(candidates_.size());
    case CoordinateSelection::kRandomSubset: return options_.subset_size;
    case CoordinateSelection::kGiven: return static_cast<Index>(options_.indices.size());
  }
  return 0;
}

long CoordinateEstimator::calls_per_estimate(long /*iteration*/) const {
  return (measures_loss() ? 1 : 0) +
         static_cast<long>(selected_count()) * states_per_direction(options_.scheme);
}

std::vector<Index> CoordinateEstimator::coordinates_at(long iteration) const {
  switch (options_.selection) {
    case CoordinateSelection::kAll: return candidates_;
    case CoordinateSelection::kGiven: return options_.indices;
    case CoordinateSelection::kRandomSubset: {
      // Partial Fisher-Yates: the first n entries are a uniform n-subset.
      Rng rng = detail::iteration_rng(common_.seed, iteration);
      std::vector<Index> pool = candidates_;
      const std::size_t n = static_cast<std::size_t>(options_.subset_size);
      for (std::size_t k = 0; k < n; ++k) {
        std::uniform_int_distribution<std::size_t> pick(k, pool.size() - 1);
        std::swap(pool[k], pool[pick(rng)]);
      }
      pool.resize(n);
      std::sort(pool.begin(), pool.end());
      return pool;
    }
  }
  return {};
}

ZoEstimate CoordinateEstimator::estimate(Objective& f, const Vec& theta, long iteration) {
  ScopedTimer timer("zo/cge");
  detail::EstimateRecorder recorder(f, theta, dimension_, measures_loss());
  const std::vector<Index> S = coordinates_at(iteration);
  const Index n = static_cast<Index>(S.size());
  const DirectionalDifferences dd = directional_differences(
      f, theta, options_.mu, options_.scheme, recorder.measures_loss(),
      {{n, [&](Index i, Eigen::Ref<Vec> point, double step) { point(S[i]) += step; }}});
  recorder.set_loss_at_theta(dd.loss_at_theta);
  const Vec& D = dd.D[0];
  const double c = options_.selection == CoordinateSelection::kRandomSubset &&
                           options_.scaling == ZoScaling::kUnbiased
                       ? static_cast<double>(candidates_.size()) / static_cast<double>(n)
                       : 1.0;
  Vec g = Vec::Zero(dimension_);
  for (Index i = 0; i < n; ++i) g(S[i]) = c * D(i);
  return recorder.finish(std::move(g), kind(), static_cast<long>(n));
}

}  // namespace tonnsim::solvers
