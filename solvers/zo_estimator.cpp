#include "solvers/zo_estimator.hpp"

#include <cmath>
#include <limits>

#include "core/error.hpp"
#include "solvers/coordinate_estimator.hpp"
#include "solvers/hybrid_estimator.hpp"
#include "solvers/random_direction_estimator.hpp"

namespace tonnsim::solvers {

namespace {
void require_mu(double mu, const std::string& field) {
  require(std::isfinite(mu) && mu > 0.0, field, mu, "must be finite and > 0");
}
}  // namespace

void RandomDirectionOptions::validate() const {
  require_mu(mu, "random_direction.mu");
  require(directions >= 1, "random_direction.directions", directions, "must be >= 1");
  require(group_depth >= 1, "random_direction.group_depth", group_depth, "must be >= 1");
  for (const auto& [name, n] : block_directions)
    require(n >= 1, "random_direction.block_directions[" + name + "]", n, "must be >= 1");
}

void CoordinateOptions::validate() const {
  require_mu(mu, "coordinate.mu");
  if (selection == CoordinateSelection::kRandomSubset)
    require(subset_size >= 1, "coordinate.subset_size", subset_size, "must be >= 1");
  if (selection == CoordinateSelection::kGiven)
    require(!indices.empty(), "coordinate.indices", "[]",
            "must list at least one coordinate for selection 'given'");
}

void ZoEstimatorOptions::validate() const {
  const bool uses_rge = kind != ZoEstimatorKind::kCoordinate;
  const bool uses_cge = kind != ZoEstimatorKind::kRandomDirection;
  if (uses_rge) random_direction.validate();
  if (uses_cge) coordinate.validate();
  if (kind == ZoEstimatorKind::kHybrid)
    require(hybrid_switch_iteration >= 0, "hybrid_switch_iteration", hybrid_switch_iteration,
            "must be >= 0");
}

ZoEstimatorOptions zo_preset(ZoPreset preset) {
  ZoEstimatorOptions o;
  o.kind = ZoEstimatorKind::kRandomDirection;
  auto& r = o.random_direction;
  r.distribution = DirectionDistribution::kRademacher;
  r.scheme = DifferenceScheme::kCentral;
  r.scaling = ZoScaling::kUnbiased;
  if (preset == ZoPreset::kPhaseDomain) {
    r.mu = 0.025;
    r.directions = 1;
    r.scope = PerturbationScope::kGroupWise;
    r.group_depth = 1;
  } else {
    r.mu = 0.01;
    r.directions = 10;
    r.scope = PerturbationScope::kJoint;
  }
  return o;
}

std::unique_ptr<ZoEstimator> make_zo_estimator(const ZoEstimatorOptions& options,
                                               const ParameterLayout& layout) {
  options.validate();
  switch (options.kind) {
    case ZoEstimatorKind::kRandomDirection:
      return std::make_unique<RandomDirectionEstimator>(layout, options.random_direction,
                                                        options.common);
    case ZoEstimatorKind::kCoordinate:
      return std::make_unique<CoordinateEstimator>(layout, options.coordinate, options.common);
    case ZoEstimatorKind::kHybrid:
      return std::make_unique<HybridEstimator>(layout, options.random_direction,
                                               options.coordinate,
                                               options.hybrid_switch_iteration, options.common);
  }
  throw InputError("make_zo_estimator: unknown estimator kind");
}

namespace detail {

EstimateRecorder::EstimateRecorder(Objective& f, const Vec& theta, Index dimension,
                                   bool measure_loss)
    : f_(f), start_(f.counters()), measured_(measure_loss),
      loss_(std::numeric_limits<double>::quiet_NaN()) {
  require(theta.size() == dimension, "zo theta size", theta.size(),
          "must equal the parameter layout dimension " + std::to_string(dimension));
  require(f.dimension() == dimension, "zo objective dimension", f.dimension(),
          "must equal the parameter layout dimension " + std::to_string(dimension));
}

ZoEstimate EstimateRecorder::finish(Vec gradient, ZoEstimatorKind kind,
                                    long perturbed_coordinates) const {
  const ObjectiveCounters used = f_.counters() - start_;
  ZoEstimate e;
  e.gradient = std::move(gradient);
  if (measured_) e.loss_at_theta = loss_;
  e.kind = kind;
  e.objective_calls = used.evaluations;
  e.retuned_coordinates = used.retuned_coordinates;
  e.perturbed_coordinates = perturbed_coordinates;
  return e;
}

Rng iteration_rng(std::uint64_t seed, long iteration) {
  require(iteration >= 0, "zo iteration", iteration, "must be >= 0");
  return make_rng(seed, Stream::kPerturbation, static_cast<std::uint64_t>(iteration));
}

}  // namespace detail

}  // namespace tonnsim::solvers
