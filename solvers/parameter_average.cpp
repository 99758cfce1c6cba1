#include "solvers/parameter_average.hpp"

#include <cmath>

#include "core/error.hpp"
#include "photonics/heater_power.hpp"

namespace tonnsim::solvers {

void ParameterAverageOptions::validate() const {
  require(decay >= 0.0 && decay < 1.0, "average.decay", decay,
          "must be in [0, 1) (0 averages nothing: the last iterate)");
}

void ParameterAverage::update(const Vec& theta) {
  if (!enabled()) return;
  require(average_.size() == theta.size(), "parameter average size", average_.size(),
          "must equal the number of parameters " + std::to_string(theta.size()) +
              " (reset() first)");
  const double step = 1.0 - options_.decay;
  Vec previous = average_;
  average_ += step * (theta - previous);
  for (const HeaterRange& r : ranges_)
    for (Index i = r.offset; i < r.offset + r.size; ++i) {
      // d_k modulo 2 pi into (-pi, pi]; then the average within pi of theta_k.
      const double d = std::remainder(theta[i] - previous[i], 2.0 * M_PI);
      const double a = previous[i] + step * d;
      const double near_theta = theta[i] - std::remainder(theta[i] - a, 2.0 * M_PI);
      average_[i] = photonics::heater_range_phase_rad(near_theta, r.max_phase_rad);
    }
}

}  // namespace tonnsim::solvers
