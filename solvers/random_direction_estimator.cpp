#include "solvers/random_direction_estimator.hpp"

#include "core/error.hpp"
#include "core/timer.hpp"

namespace tonnsim::solvers {

RandomDirectionEstimator::RandomDirectionEstimator(const ParameterLayout& layout,
                                                   const RandomDirectionOptions& options,
                                                   const ZoCommonOptions& common)
    : options_(options), common_(common), dimension_(layout.dimension()) {
  options_.validate();
  const int depth = options_.scope == PerturbationScope::kJoint ? 0 : options_.group_depth;
  blocks_ = layout.blocks(depth, options_.group_prefixes);
  std::string names;
  for (const auto& b : blocks_) {
    const auto it = options_.block_directions.find(b.name);
    directions_.push_back(it == options_.block_directions.end() ? options_.directions
                                                                : it->second);
    perturbed_ += static_cast<long>(b.coordinates.size());
    names += (names.empty() ? "" : ", ") + b.name;
  }
  for (const auto& [name, n] : options_.block_directions) {
    bool found = false;
    for (const auto& b : blocks_) found = found || b.name == name;
    require(found, "random_direction.block_directions key", name,
            "names no perturbation block; blocks: " + names);
  }
}

bool RandomDirectionEstimator::measures_loss() const {
  return common_.evaluate_loss_at_theta || options_.scheme == DifferenceScheme::kForward;
}

long RandomDirectionEstimator::calls_per_estimate(long /*iteration*/) const {
  long calls = measures_loss() ? 1 : 0;
  for (int n : directions_) calls += static_cast<long>(n) * states_per_direction(options_.scheme);
  return calls;
}

ZoEstimate RandomDirectionEstimator::estimate(Objective& f, const Vec& theta, long iteration) {
  ScopedTimer timer("zo/rge");
  detail::EstimateRecorder recorder(f, theta, dimension_, measures_loss());
  Rng rng = detail::iteration_rng(common_.seed, iteration);
  // Every block's directions first (the draws do not depend on the losses), then all the
  // states of the estimate in one run, so the objective can share work between them.
  std::vector<Mat> U(blocks_.size());
  std::vector<DirectionSet> sets;
  for (std::size_t b = 0; b < blocks_.size(); ++b) {
    const auto& coords = blocks_[b].coordinates;
    const Index size = static_cast<Index>(coords.size());
    U[b].resize(size, directions_[b]);
    draw_directions(options_.distribution, rng, U[b]);
    sets.push_back({directions_[b], [&coords, &u = U[b]](Index i, Eigen::Ref<Vec> point, double step) {
                      for (Index k = 0; k < u.rows(); ++k) point(coords[k]) += step * u(k, i);
                    }});
  }
  const DirectionalDifferences dd = directional_differences(
      f, theta, options_.mu, options_.scheme, recorder.measures_loss(), sets);
  recorder.set_loss_at_theta(dd.loss_at_theta);
  Vec g = Vec::Zero(dimension_);
  for (std::size_t b = 0; b < blocks_.size(); ++b) {
    const auto& coords = blocks_[b].coordinates;
    const Index size = static_cast<Index>(coords.size());
    const double factor = direction_scale(options_.distribution, options_.scaling, size) / directions_[b];
    const Vec g_block = factor * (U[b] * dd.D[b]);
    for (Index k = 0; k < size; ++k) g(coords[k]) = g_block(k);
  }
  return recorder.finish(std::move(g), kind(), perturbed_);
}

}  // namespace tonnsim::solvers
