#include "solvers/objective.hpp"

#include <cmath>
#include <string>

#include "core/error.hpp"
#include "photonics/heater_power.hpp"

namespace tonnsim::solvers {

void Objective::count_state(const Eigen::Ref<const Vec>& theta) {
  require(theta.size() == dimension(), "objective theta size", theta.size(),
          "must equal the objective dimension " + std::to_string(dimension()));
  const long changed = has_programmed_ ? static_cast<long>((theta.array() != programmed_.array()).count())
                                       : static_cast<long>(theta.size());
  counters_.evaluations += 1;
  counters_.retuned_coordinates += changed;
  if (has_programmed_) {
    bool wrapped = false;
    for (const HeaterRange& r : heater_ranges_)
      for (Index i = r.offset; i < r.offset + r.size && !wrapped; ++i)
        wrapped = std::abs(photonics::heater_range_phase_rad(theta[i], r.max_phase_rad) -
                           photonics::heater_range_phase_rad(programmed_[i], r.max_phase_rad)) >
                  M_PI;
    counters_.wrap_states += wrapped ? 1 : 0;
  }
  programmed_ = theta;
  has_programmed_ = true;
}

double Objective::evaluate(const Vec& theta) {
  count_state(theta);
  return evaluate_state(theta);
}

Vec Objective::evaluate_many(const StatesRef& thetas) {
  for (Index k = 0; k < thetas.cols(); ++k) count_state(thetas.col(k));
  Vec values(thetas.cols());
  evaluate_states(thetas, values);
  return values;
}

void Objective::assume_programmed(const Vec& theta) {
  require(theta.size() == dimension(), "objective theta size", theta.size(),
          "must equal the objective dimension " + std::to_string(dimension()));
  programmed_ = theta;
  has_programmed_ = true;
}

void Objective::set_heater_ranges(std::vector<HeaterRange> ranges) {
  for (const HeaterRange& r : ranges)
    require(r.offset >= 0 && r.size >= 0 && r.offset + r.size <= dimension(), "heater range",
            std::to_string(r.offset) + " + " + std::to_string(r.size),
            "must lie in [0, " + std::to_string(dimension()) + ")");
  heater_ranges_ = std::move(ranges);
}

void Objective::restore(const ObjectiveCounters& counters, const Vec& programmed) {
  assume_programmed(programmed);
  counters_ = counters;
}

void Objective::evaluate_states(const StatesRef& thetas, Vec& values) {
  Vec theta(thetas.rows());
  for (Index k = 0; k < thetas.cols(); ++k) {
    theta = thetas.col(k);
    values(k) = evaluate_state(theta);
  }
}

FunctionObjective::FunctionObjective(Index dimension, std::function<double(const Vec&)> f)
    : dimension_(dimension), f_(std::move(f)) {
  require(dimension_ >= 1, "objective dimension", dimension_, "must be >= 1");
  require(static_cast<bool>(f_), "objective function", "empty", "must be callable");
}

}  // namespace tonnsim::solvers
