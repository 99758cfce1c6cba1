#include <doctest/doctest.h>

#include <cmath>

#include "core/error.hpp"
#include "solvers/parameter_average.hpp"

using namespace tonnsim;
using namespace tonnsim::solvers;

namespace {
ParameterAverageOptions ema(double decay) {
  ParameterAverageOptions o;
  o.kind = AverageKind::kEma;
  o.decay = decay;
  return o;
}
}  // namespace

TEST_CASE("A plain parameter's average is the exponential moving average in closed form") {
  // a_0 = 0, theta_k = k: a_k = k - beta (1 - beta^k) / (1 - beta).
  const double beta = 0.9;
  ParameterAverage avg(ema(beta), {});
  avg.reset(Vec::Zero(1));
  for (int k = 1; k <= 50; ++k) {
    avg.update(Vec::Constant(1, double(k)));
    const double expected = k - beta * (1.0 - std::pow(beta, k)) / (1.0 - beta);
    CHECK(avg.value()(0) == doctest::Approx(expected).epsilon(1e-13));
  }
}

TEST_CASE("A constant iterate leaves its average unchanged, on a heater or not") {
  ParameterAverage avg(ema(0.99), {{0, 2, 19.3}});
  Vec theta(3);
  theta << 1.25, 18.0, -0.4;
  avg.reset(theta);
  for (int k = 0; k < 10; ++k) avg.update(theta);
  CHECK(avg.value() == theta);
}

TEST_CASE("The average of heater phases on both sides of a wrap stays at the wrap, not at pi") {
  // 6.28 rad and 0.01 rad are 0.013 rad apart on the circle: their average (decay 0.5) is
  // their circular midpoint 0.0034 rad, within pi of the iterate and in the heater range.
  ParameterAverage avg(ema(0.5), {{0, 1, 19.3}});
  avg.reset(Vec::Constant(1, 6.28));
  avg.update(Vec::Constant(1, 0.01));
  const double midpoint = std::remainder((6.28 + 0.01 + 2.0 * M_PI) / 2.0, 2.0 * M_PI);
  CHECK(avg.value()(0) == doctest::Approx(midpoint).epsilon(1e-12));
  CHECK(avg.value()(0) >= 0.0);
  // A plain (digital) parameter with the same numbers averages arithmetically.
  ParameterAverage plain(ema(0.5), {});
  plain.reset(Vec::Constant(1, 6.28));
  plain.update(Vec::Constant(1, 0.01));
  CHECK(plain.value()(0) == doctest::Approx(3.145));
}

TEST_CASE("A heater average follows its iterate by whole turns across the heater range") {
  // An iterate that wrapped from near phi_max to phi_max - 2 pi keeps its average next to
  // it (same optical phase, and the power of a state next to the iterate's).
  const double phi_max = 19.3;
  ParameterAverage avg(ema(0.9), {{0, 1, phi_max}});
  avg.reset(Vec::Constant(1, 19.29));
  const double wrapped = 19.31 - 2.0 * M_PI;
  avg.update(Vec::Constant(1, wrapped));
  CHECK(std::abs(avg.value()(0) - wrapped) < M_PI);
  CHECK(std::abs(std::remainder(avg.value()(0) - (19.29 + 0.1 * 0.02), 2.0 * M_PI)) < 1e-12);
}

TEST_CASE("A decay outside [0, 1) is refused naming the field") {
  CHECK_THROWS_WITH_AS(ema(1.0).validate(),
                       doctest::Contains("average.decay = 1: must be in [0, 1)"), InputError);
  CHECK_NOTHROW(ema(0.0).validate());
}
