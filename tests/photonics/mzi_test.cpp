#include "photonics/mzi.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <random>
#include <string>

#include "core/rng.hpp"

using namespace tonnsim;
using namespace tonnsim::photonics;

namespace {
double unitarity_error(const Eigen::Matrix2cd& t) {
  return (t.adjoint() * t - Eigen::Matrix2cd::Identity()).norm();
}
}  // namespace

TEST_CASE("A directional coupler is unitary and splits power kappa : 1 - kappa") {
  for (double kappa : {0.0, 0.1, 0.5, 0.73, 1.0}) {
    const Eigen::Matrix2cd dc = DirectionalCoupler::from_ratio(kappa).matrix();
    CHECK(unitarity_error(dc) < 1e-15);
    CHECK(std::norm(dc(1, 0)) == doctest::Approx(kappa).epsilon(1e-14));
    CHECK(std::norm(dc(0, 0)) == doctest::Approx(1.0 - kappa).epsilon(1e-14));
  }
}

TEST_CASE(
    "An ideal MZI equals the closed form i e^{i theta/2} [[e^{i phi} s, c], [e^{i phi} c, -s]]") {
  auto rng = make_rng(1, Stream::kOther);
  std::uniform_real_distribution<double> u(0.0, 2.0 * M_PI);
  const cplx i(0.0, 1.0);
  for (int trial = 0; trial < 20; ++trial) {
    const double theta = u(rng), phi = u(rng);
    const double s = std::sin(theta / 2), c = std::cos(theta / 2);
    const cplx g = i * std::polar(1.0, theta / 2), ep = std::polar(1.0, phi);
    Eigen::Matrix2cd expected;
    expected << g * ep * s, g * c, g * ep * c, -g * s;
    const Eigen::Matrix2cd t = mzi_transfer(theta, phi);
    CHECK((t - expected).norm() < 1e-14);
    CHECK(unitarity_error(t) < 1e-14);
  }
}

TEST_CASE("Theta = 0 is the cross state and theta = pi the bar state") {
  const Eigen::Matrix2cd cross = mzi_transfer(0.0, 0.7), bar = mzi_transfer(M_PI, 0.7);
  CHECK(std::norm(cross(0, 0)) < 1e-30);
  CHECK(std::norm(cross(1, 0)) == doctest::Approx(1.0));
  CHECK(std::norm(bar(1, 0)) < 1e-30);
  CHECK(std::norm(bar(0, 0)) == doctest::Approx(1.0));
}

TEST_CASE("Coupler imbalance breaks cross-state extinction by exactly (t1 t2 - r1 r2)^2") {
  // Matched 50:50 couplers extinguish the bar port completely.
  CHECK(std::norm(mzi_transfer(0.0, 0.0, MziHardware::make(0.5, 0.5, 0.0))(0, 0)) < 1e-30);
  for (double delta : {0.01, 0.05, -0.03}) {
    // Equal imbalance: (t^2 - r^2)^2 = (1 - 2 kappa)^2 = 4 delta^2.
    const auto hw = MziHardware::make(0.5 + delta, 0.5 + delta, 0.0);
    CHECK(std::norm(mzi_transfer(0.0, 0.3, hw)(0, 0)) ==
          doctest::Approx(4 * delta * delta).epsilon(1e-10));
    // No internal phase reaches below the floor: it is an extinction-ratio limit.
    double best = 1.0;
    for (int k = 0; k <= 2000; ++k)
      best = std::min(best, std::norm(mzi_transfer(2 * M_PI * k / 2000, 0.0, hw)(0, 0)));
    CHECK(best >= 4 * delta * delta * (1 - 1e-9));
    CHECK(unitarity_error(mzi_transfer(1.1, 0.4, hw)) < 1e-14);
  }
  const double k1 = 0.45, k2 = 0.58;
  const double floor_expected = std::pow(std::sqrt((1 - k1) * (1 - k2)) - std::sqrt(k1 * k2), 2);
  CHECK(std::norm(mzi_transfer(0.0, 0.0, MziHardware::make(k1, k2, 0.0))(0, 0)) ==
        doctest::Approx(floor_expected).epsilon(1e-10));
}

TEST_CASE("Insertion loss scales the field by 10^(-dB/20), the power by 10^(-dB/10)") {
  const double loss_db = 0.99;
  const Eigen::Matrix2cd t = mzi_transfer(0.8, 2.1, MziHardware::make(0.5, 0.5, loss_db));
  const Eigen::Vector2cd x(cplx(0.3, -0.2), cplx(0.9, 0.4));
  CHECK((t * x).squaredNorm() == doctest::Approx(x.squaredNorm() * std::pow(10, -loss_db / 10)));
}

TEST_CASE("Negative loss and out-of-range splitting ratios name value and rule") {
  try {
    loss_db_to_amplitude(-0.5);
    FAIL("no exception");
  } catch (const InputError& e) {
    CHECK(std::string(e.what()) == "insertion_loss_db = -0.5: must be >= 0 dB (passive device)");
  }
  CHECK_THROWS_WITH_AS(DirectionalCoupler::from_ratio(1.5),
                       "coupler splitting_ratio = 1.5: must be in [0, 1]", InputError);
}

TEST_CASE("Phases wrap into [0, 2 pi)") {
  CHECK(wrap_phase(-0.5) == doctest::Approx(2 * M_PI - 0.5));
  CHECK(wrap_phase(7.0) == doctest::Approx(7.0 - 2 * M_PI));
  CHECK(wrap_phase(-1e-18) < 2 * M_PI);
  CHECK(wrap_phase(-1e-18) >= 0.0);
}
