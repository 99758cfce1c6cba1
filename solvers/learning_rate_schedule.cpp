#include "solvers/learning_rate_schedule.hpp"

#include <algorithm>
#include <cmath>

#include "core/error.hpp"

namespace tonnsim::solvers {

namespace {
constexpr double kPi = 3.14159265358979323846;
}  // namespace

void LearningRateOptions::validate() const {
  require(std::isfinite(initial) && initial > 0.0, "learning_rate.initial", initial,
          "must be finite and > 0");
  if (schedule == LearningRateScheduleKind::kStep) {
    require(step_gamma > 0.0 && step_gamma <= 1.0, "learning_rate.step_gamma", step_gamma,
            "must lie in (0, 1]");
    require(step_every >= 1, "learning_rate.step_every", step_every, "must be >= 1");
  }
  if (schedule == LearningRateScheduleKind::kCosine) {
    require(cosine_iterations >= 1, "learning_rate.cosine_iterations", cosine_iterations,
            "must be >= 1");
    require(cosine_floor >= 0.0 && cosine_floor <= initial, "learning_rate.cosine_floor",
            cosine_floor, "must lie in [0, learning_rate.initial]");
  }
}

double learning_rate_at(const LearningRateOptions& o, long iteration) {
  require(iteration >= 0, "learning-rate iteration", iteration, "must be >= 0");
  switch (o.schedule) {
    case LearningRateScheduleKind::kConstant: return o.initial;
    case LearningRateScheduleKind::kStep:
      return o.initial * std::pow(o.step_gamma, static_cast<double>(iteration / o.step_every));
    case LearningRateScheduleKind::kCosine: {
      const double x = static_cast<double>(std::min(iteration, o.cosine_iterations)) /
                       static_cast<double>(o.cosine_iterations);
      return o.cosine_floor + (o.initial - o.cosine_floor) * 0.5 * (1.0 + std::cos(kPi * x));
    }
  }
  throw InputError("learning_rate_at: unknown schedule");
}

}  // namespace tonnsim::solvers
