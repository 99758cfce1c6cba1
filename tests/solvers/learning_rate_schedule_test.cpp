#include <doctest/doctest.h>

#include <cmath>

#include "core/error.hpp"
#include "solvers/learning_rate_schedule.hpp"

using namespace tonnsim;
using namespace tonnsim::solvers;

TEST_CASE("Learning-rate schedules match their closed forms") {
  LearningRateOptions o;
  o.initial = 0.2;
  CHECK(learning_rate_at(o, 0) == 0.2);
  CHECK(learning_rate_at(o, 123456) == 0.2);

  o.schedule = LearningRateScheduleKind::kStep;
  o.step_gamma = 0.1;
  o.step_every = 100;
  CHECK(learning_rate_at(o, 99) == doctest::Approx(0.2));
  CHECK(learning_rate_at(o, 100) == doctest::Approx(0.02));
  CHECK(learning_rate_at(o, 250) == doctest::Approx(0.002));

  o.schedule = LearningRateScheduleKind::kCosine;
  o.cosine_iterations = 900;
  o.cosine_floor = 0.02;
  CHECK(learning_rate_at(o, 0) == doctest::Approx(0.2));
  CHECK(learning_rate_at(o, 300) == doctest::Approx(0.02 + 0.18 * 0.75));  // cos(pi/3) = 1/2
  CHECK(learning_rate_at(o, 450) == doctest::Approx(0.11));                // midpoint
  CHECK(learning_rate_at(o, 600) == doctest::Approx(0.02 + 0.18 * 0.25));
  CHECK(learning_rate_at(o, 900) == doctest::Approx(0.02));
  CHECK(learning_rate_at(o, 5000) == doctest::Approx(0.02));
  // Monotone non-increasing over the cycle.
  bool monotone = true;
  for (long k = 1; k <= 900; ++k)
    monotone = monotone && learning_rate_at(o, k) <= learning_rate_at(o, k - 1);
  CHECK(monotone);
}

TEST_CASE("Bad schedule options name the field") {
  LearningRateOptions o;
  o.schedule = LearningRateScheduleKind::kCosine;
  o.cosine_floor = 1.0;
  CHECK_THROWS_WITH_AS(o.validate(),
                       "learning_rate.cosine_floor = 1: must lie in [0, learning_rate.initial]",
                       InputError);
  o.cosine_floor = 0.0;
  o.initial = 0.0;
  CHECK_THROWS_AS(o.validate(), InputError);
  CHECK(from_string<LearningRateScheduleKind>("cosine") == LearningRateScheduleKind::kCosine);
}
