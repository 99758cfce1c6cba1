#include "solvers/directional_differences.hpp"

#include <algorithm>
#include <cmath>

#include "core/error.hpp"
#include "core/timer.hpp"

namespace tonnsim::solvers {

int states_per_direction(DifferenceScheme scheme) {
  return scheme == DifferenceScheme::kCentral ? 2 : 1;
}

Vec directional_differences(Objective& f, const Vec& theta, double mu, DifferenceScheme scheme,
                            double loss_at_theta, Index n, const ApplyPerturbation& perturb) {
  ScopedTimer timer("zo/directional_differences");
  require(mu > 0.0 && std::isfinite(mu), "zo mu", mu, "must be finite and > 0");
  require(n >= 0, "zo direction count", n, "must be >= 0");
  const bool central = scheme == DifferenceScheme::kCentral;
  if (!central)
    require(std::isfinite(loss_at_theta), "zo loss at theta", loss_at_theta,
            "must be finite for the forward scheme");
  const Index per = states_per_direction(scheme);
  const Index directions_per_batch = std::max<Index>(1, kMaxStatesPerBatch / per);

  Vec D(n);
  Mat states(theta.size(), std::min(n, directions_per_batch) * per);
  for (Index first = 0; first < n; first += directions_per_batch) {
    const Index count = std::min(directions_per_batch, n - first);
    for (Index k = 0; k < count; ++k) {
      for (Index s = 0; s < per; ++s) {
        auto column = states.col(k * per + s);
        column = theta;
        perturb(first + k, column, s == 0 ? mu : -mu);
      }
    }
    const Vec values = f.evaluate_many(states.leftCols(count * per));
    for (Index k = 0; k < count; ++k)
      D(first + k) = central ? (values(2 * k) - values(2 * k + 1)) / (2.0 * mu)
                             : (values(k) - loss_at_theta) / mu;
  }
  return D;
}

}  // namespace tonnsim::solvers
