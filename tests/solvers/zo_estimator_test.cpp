#include <doctest/doctest.h>

#include <cmath>
#include <set>

#include "core/error.hpp"
#include "solvers/coordinate_estimator.hpp"
#include "solvers/hybrid_estimator.hpp"
#include "solvers/random_direction_estimator.hpp"
#include "solvers/test_problems.hpp"

using namespace tonnsim;
using namespace tonnsim::solvers;
using tonnsim::solvers::testing::Quadratic;
using tonnsim::solvers::testing::random_vector;
using tonnsim::solvers::testing::RecordingObjective;

namespace {

ZoEstimatorOptions rge_options(DirectionDistribution dist, int directions, double mu = 0.01) {
  ZoEstimatorOptions o;
  o.kind = ZoEstimatorKind::kRandomDirection;
  o.common.seed = 7;
  o.random_direction.distribution = dist;
  o.random_direction.directions = directions;
  o.random_direction.mu = mu;
  return o;
}

/// Mean of `count` single estimates at iterations first, first + 1, ...
Vec mean_estimate(ZoEstimator& est, Objective& f, const Vec& theta, long first, long count) {
  Vec sum = Vec::Zero(theta.size());
  for (long k = 0; k < count; ++k) sum += est.estimate(f, theta, first + k).gradient;
  return sum / static_cast<double>(count);
}

/// Two groups per layer and a head, as a TT network exposes them.
ParameterLayout small_network_layout() {
  return ParameterLayout({{"layer0/core0", 0, 3},
                          {"layer0/core1", 3, 4},
                          {"layer1/core0", 7, 2},
                          {"layer1/core1", 9, 5},
                          {"layer2/dense", 14, 2}},
                         16);
}

}  // namespace

TEST_CASE("Central coordinate differences return the exact gradient of a quadratic") {
  Quadratic f(30, 0.1, 50.0, 1);
  const Vec theta = random_vector(30, 2);
  ZoEstimatorOptions o;
  o.kind = ZoEstimatorKind::kCoordinate;
  o.coordinate.mu = 1e-3;
  auto est = make_zo_estimator(o, ParameterLayout::single(30));
  const ZoEstimate e = est->estimate(f, theta, 0);
  CHECK((e.gradient - f.gradient(theta)).lpNorm<Eigen::Infinity>() < 1e-9);
  CHECK(e.objective_calls == 60);
  CHECK(e.perturbed_coordinates == 30);
  CHECK(e.kind == ZoEstimatorKind::kCoordinate);
  CHECK_FALSE(e.loss_at_theta.has_value());
}

TEST_CASE("Antithetic Rademacher estimates average to the gradient with error ~ 1/sqrt(M)") {
  // Per estimate g = u u^T grad (exact on a quadratic), so E[g] = grad and the total
  // variance is (d - 1) ||grad||^2: the RMS error of a mean of M estimates is
  // sqrt((d - 1) / M) ||grad||. Measured over 16 independent means for M = 32 and 512.
  const Index d = 20;
  Quadratic f(d, 0.5, 5.0, 3);
  const Vec theta = random_vector(d, 4);
  const Vec grad = f.gradient(theta);
  auto est = make_zo_estimator(rge_options(DirectionDistribution::kRademacher, 1),
                               ParameterLayout::single(d));
  const int groups = 16;
  long next_iteration = 0;
  auto rms_error = [&](long M) {
    double sq = 0.0;
    for (int r = 0; r < groups; ++r) {
      sq += (mean_estimate(*est, f, theta, next_iteration, M) - grad).squaredNorm();
      next_iteration += M;
    }
    return std::sqrt(sq / groups);
  };
  const double e32 = rms_error(32), e512 = rms_error(512);
  const double predicted32 = std::sqrt((d - 1) / 32.0) * grad.norm();
  const double predicted512 = std::sqrt((d - 1) / 512.0) * grad.norm();
  CHECK(e32 / predicted32 == doctest::Approx(1.0).epsilon(0.2));
  CHECK(e512 / predicted512 == doctest::Approx(1.0).epsilon(0.2));
  CHECK(e32 / e512 == doctest::Approx(4.0).epsilon(0.2));  // sqrt(512 / 32)
}

TEST_CASE("Gaussian directions are unbiased; sphere directions need the factor d") {
  const Index d = 12;
  const long M = 6000;
  Quadratic f(d, 0.5, 5.0, 5);
  const Vec theta = random_vector(d, 6);
  const Vec grad = f.gradient(theta);
  const auto layout = ParameterLayout::single(d);
  // Total variance per estimate is (d + 1) ||grad||^2 (Gaussian) and (d - 1) ||grad||^2
  // (scaled sphere); 4 standard errors of the mean is the tolerance.
  const double tolerance = 4.0 * std::sqrt((d + 1.0) / M) * grad.norm();

  auto gaussian = make_zo_estimator(rge_options(DirectionDistribution::kGaussian, 1), layout);
  CHECK((mean_estimate(*gaussian, f, theta, 0, M) - grad).norm() < tolerance);

  auto sphere = make_zo_estimator(rge_options(DirectionDistribution::kSphere, 1), layout);
  CHECK((mean_estimate(*sphere, f, theta, 0, M) - grad).norm() < tolerance);

  auto raw_options = rge_options(DirectionDistribution::kSphere, 1);
  raw_options.random_direction.scaling = ZoScaling::kNone;
  auto raw = make_zo_estimator(raw_options, layout);
  const Vec raw_mean = mean_estimate(*raw, f, theta, 0, M);
  CHECK((raw_mean - grad / d).norm() < tolerance / d);  // E[u u^T] = I / d
  CHECK((raw_mean - grad).norm() > 0.5 * grad.norm());
}

TEST_CASE("One-sided differences err by O(mu) per direction, central ones by O(mu^2)") {
  // L = quadratic + sum_j exp(theta_j / 2): nonzero third derivatives, so the central
  // error (mu^2 / 6) D^3L[u, u, u] does not vanish. With the same seed, hence the same
  // directions, the error ratio between mu and mu / 2 is 2^p for an O(mu^p) estimate.
  const Index d = 8;
  Quadratic q(d, 1.0, 4.0, 7);
  // Scalar exp: Eigen's AVX-512 packet exp trips GCC 12's -Wuninitialized in its own
  // intrinsics header (GCC bug 105593) on machines built with -march=native.
  FunctionObjective f(d, [&](const Vec& x) {
    double sum = q.value(x);
    for (Index i = 0; i < d; ++i) sum += std::exp(0.5 * x[i]);
    return sum;
  });
  const Vec theta = random_vector(d, 8);
  auto order = [&](DifferenceScheme scheme) {
    std::vector<Vec> g;
    for (double mu : {0.04, 0.02, 0.01}) {
      auto o = rge_options(DirectionDistribution::kRademacher, 4, mu);
      o.random_direction.scheme = scheme;
      g.push_back(make_zo_estimator(o, ParameterLayout::single(d))->estimate(f, theta, 3).gradient);
    }
    return std::log2((g[0] - g[1]).norm() / (g[1] - g[2]).norm());
  };
  CHECK(order(DifferenceScheme::kForward) == doctest::Approx(1.0).epsilon(0.1));
  CHECK(order(DifferenceScheme::kCentral) == doctest::Approx(2.0).epsilon(0.1));
}

TEST_CASE("The one-sided O(mu) error averages out over symmetric directions") {
  // (mu / 2)(u^T H u) u has zero mean when u and -u are equally likely, so the forward
  // form is unbiased on a quadratic even with a large mu: it costs variance, not bias.
  const Index d = 10;
  const long M = 4000;
  Quadratic f(d, 0.5, 5.0, 9);
  const Vec theta = random_vector(d, 10);
  const Vec grad = f.gradient(theta);
  auto o = rge_options(DirectionDistribution::kRademacher, 1, 0.5);
  o.random_direction.scheme = DifferenceScheme::kForward;
  auto est = make_zo_estimator(o, ParameterLayout::single(d));
  // Per-estimate spread: (d - 1) ||grad||^2 plus the curvature term (mu / 2)^2 (tr A)^2 d.
  const double spread = std::sqrt((d - 1) * grad.squaredNorm() +
                                  0.0625 * std::pow(f.A.trace(), 2) * d);
  CHECK((mean_estimate(*est, f, theta, 0, M) - grad).norm() < 4.0 * spread / std::sqrt(M));
}

TEST_CASE("Group-wise perturbation moves one block at a time and only the chosen groups") {
  Quadratic q(16, 0.5, 5.0, 11);
  RecordingObjective f(q);
  const Vec theta = random_vector(16, 12);
  auto o = rge_options(DirectionDistribution::kGaussian, 2);
  o.random_direction.scope = PerturbationScope::kGroupWise;
  o.random_direction.group_depth = 2;               // core-wise
  o.random_direction.group_prefixes = {"layer1"};   // train layer1 only
  o.random_direction.block_directions = {{"layer1/core1", 3}};
  RandomDirectionEstimator est(small_network_layout(), o.random_direction, o.common);
  REQUIRE(est.blocks().size() == 2);
  CHECK(est.block_directions() == std::vector<int>{2, 3});

  const ZoEstimate e = est.estimate(f, theta, 0);
  CHECK(e.objective_calls == 2 * (2 + 3));
  CHECK(e.perturbed_coordinates == 7);
  REQUIRE(f.states.size() == 10u);
  // The first 4 states move coordinates 7..8 only, the next 6 coordinates 9..13 only.
  for (std::size_t s = 0; s < f.states.size(); ++s) {
    const Vec moved = (f.states[s] - theta).cwiseAbs();
    const Index lo = s < 4 ? 7 : 9, hi = s < 4 ? 9 : 14;
    CHECK(moved.segment(lo, hi - lo).minCoeff() > 0.0);
    CHECK(moved.head(lo).maxCoeff() == 0.0);
    CHECK(moved.tail(16 - hi).maxCoeff() == 0.0);
  }
  CHECK(e.gradient.head(7).isZero(0.0));
  CHECK(e.gradient.tail(2).isZero(0.0));
  CHECK(e.gradient.segment(7, 7).cwiseAbs().minCoeff() > 0.0);
}

TEST_CASE("Layer-wise estimates are unbiased per layer") {
  // Each block's estimate is (s_B / N_B) sum D_i u_i with u_i on B only: its mean is the
  // block of the gradient.
  Quadratic f(16, 0.5, 5.0, 13);
  const Vec theta = random_vector(16, 14);
  const Vec grad = f.gradient(theta);
  auto o = zo_preset(ZoPreset::kPhaseDomain);
  o.common.seed = 3;
  auto est = make_zo_estimator(o, small_network_layout());
  const long M = 4000;
  const Vec mean = mean_estimate(*est, f, theta, 0, M);
  CHECK((mean - grad).norm() < 4.0 * std::sqrt(16.0 / M) * grad.norm());
  CHECK(est->calls_per_estimate(0) == 2 * 3);  // three layers, N = 1 each
}

TEST_CASE("Call counts: 2N states for N antithetic directions, one more for the loss") {
  const Index d = 9;
  Quadratic f(d, 1.0, 2.0, 15);
  const Vec theta = random_vector(d, 16);
  const auto layout = ParameterLayout::single(d);
  for (int N : {1, 3, 10}) {
    for (bool want_loss : {false, true}) {
      auto o = rge_options(DirectionDistribution::kRademacher, N);
      o.common.evaluate_loss_at_theta = want_loss;
      auto est = make_zo_estimator(o, layout);
      RecordingObjective chip(f);
      chip.assume_programmed(theta);
      const ZoEstimate e = est->estimate(chip, theta, 0);
      const long calls = 2 * N + (want_loss ? 1 : 0);
      CHECK(e.objective_calls == calls);
      CHECK(est->calls_per_estimate(0) == calls);
      // Heater changes between consecutive states, starting from theta: theta -> theta + mu u
      // and theta + mu u -> theta - mu u move all d coordinates; theta - mu u_i ->
      // theta + mu u_{i+1} only those where u_{i+1} != -u_i.
      long changes = 0;
      Vec previous = theta;
      for (const Vec& state : chip.states) {
        changes += (state.array() != previous.array()).count();
        previous = state;
      }
      CHECK(e.retuned_coordinates == changes);
      CHECK(e.retuned_coordinates <= 2 * N * d);
      CHECK(e.retuned_coordinates >= (N + 1) * d);
      if (N == 1) CHECK(e.retuned_coordinates == 2 * d);
      CHECK(e.loss_at_theta.has_value() == want_loss);
      if (want_loss) CHECK(*e.loss_at_theta == doctest::Approx(f.value(theta)));
    }
  }
  auto forward = rge_options(DirectionDistribution::kRademacher, 5);
  forward.random_direction.scheme = DifferenceScheme::kForward;
  const ZoEstimate e = make_zo_estimator(forward, layout)->estimate(f, theta, 0);
  CHECK(e.objective_calls == 5 + 1);
  CHECK(e.loss_at_theta.has_value());

  // More directions than one batch of states still counts and estimates the same way.
  auto many = rge_options(DirectionDistribution::kRademacher, 150);
  CHECK(make_zo_estimator(many, layout)->estimate(f, theta, 0).objective_calls == 300);
}

TEST_CASE("The same seed and iteration give the same estimate") {
  Quadratic f(10, 1.0, 2.0, 17);
  const Vec theta = random_vector(10, 18);
  const auto layout = ParameterLayout::single(10);
  auto a = make_zo_estimator(rge_options(DirectionDistribution::kGaussian, 2), layout);
  auto b = make_zo_estimator(rge_options(DirectionDistribution::kGaussian, 2), layout);
  const Vec g5 = a->estimate(f, theta, 5).gradient;
  a->estimate(f, theta, 6);  // drawing other iterations does not shift iteration 5
  CHECK(a->estimate(f, theta, 5).gradient == g5);
  CHECK(b->estimate(f, theta, 5).gradient == g5);
  CHECK(b->estimate(f, theta, 4).gradient != g5);
  auto other_seed = rge_options(DirectionDistribution::kGaussian, 2);
  other_seed.common.seed = 8;
  CHECK(make_zo_estimator(other_seed, layout)->estimate(f, theta, 5).gradient != g5);
}

TEST_CASE("Random coordinate subsets are distinct per iteration and unbiased with d/n") {
  const Index d = 12;
  Quadratic f(d, 0.5, 5.0, 19);
  const Vec theta = random_vector(d, 20);
  const Vec grad = f.gradient(theta);
  ZoEstimatorOptions o;
  o.kind = ZoEstimatorKind::kCoordinate;
  o.coordinate.selection = CoordinateSelection::kRandomSubset;
  o.coordinate.subset_size = 3;
  CoordinateEstimator est(ParameterLayout::single(d), o.coordinate, o.common);
  const auto s0 = est.coordinates_at(0);
  CHECK(std::set<Index>(s0.begin(), s0.end()).size() == 3u);
  CHECK(est.coordinates_at(1) != s0);
  const ZoEstimate e = est.estimate(f, theta, 0);
  CHECK(e.objective_calls == 6);
  for (Index j = 0; j < d; ++j) {
    const bool chosen = std::find(s0.begin(), s0.end(), j) != s0.end();
    if (chosen) CHECK(e.gradient(j) == doctest::Approx(4.0 * grad(j)).epsilon(1e-6));
    else CHECK(e.gradient(j) == 0.0);
  }
  // Coordinate j is chosen with probability n/d: the mean converges to the gradient with
  // per-coordinate spread |grad_j| sqrt(d/n - 1).
  const long M = 3000;
  const Vec mean = mean_estimate(est, f, theta, 0, M);
  CHECK((mean - grad).norm() < 4.0 * std::sqrt((4.0 - 1.0) / M) * grad.norm());

  o.coordinate.selection = CoordinateSelection::kGiven;
  o.coordinate.indices = {5, 2};
  const ZoEstimate given = make_zo_estimator(o, ParameterLayout::single(d))->estimate(f, theta, 0);
  CHECK(given.gradient(5) == doctest::Approx(grad(5)).epsilon(1e-6));
  CHECK(given.gradient(2) == doctest::Approx(grad(2)).epsilon(1e-6));
  CHECK(given.perturbed_coordinates == 2);
}

TEST_CASE("The hybrid estimator switches from random directions to coordinates") {
  Quadratic f(6, 1.0, 3.0, 21);
  const Vec theta = random_vector(6, 22);
  ZoEstimatorOptions o;
  o.kind = ZoEstimatorKind::kHybrid;
  o.hybrid_switch_iteration = 10;
  o.random_direction.directions = 2;
  auto est = make_zo_estimator(o, ParameterLayout::single(6));
  CHECK(est->kind() == ZoEstimatorKind::kHybrid);
  const ZoEstimate early = est->estimate(f, theta, 9);
  const ZoEstimate late = est->estimate(f, theta, 10);
  CHECK(early.kind == ZoEstimatorKind::kRandomDirection);
  CHECK(early.objective_calls == 4);
  CHECK(late.kind == ZoEstimatorKind::kCoordinate);
  CHECK(late.objective_calls == 12);
  CHECK(est->calls_per_estimate(9) == 4);
  CHECK(est->calls_per_estimate(10) == 12);
  CHECK((late.gradient - f.gradient(theta)).norm() < 1e-8);
}

TEST_CASE("Bad estimator options name the field and the rule") {
  auto message = [](const ZoEstimatorOptions& o, const ParameterLayout& layout) {
    try {
      make_zo_estimator(o, layout);
    } catch (const InputError& e) {
      return std::string(e.what());
    }
    return std::string("accepted");
  };
  const auto layout = small_network_layout();
  auto o = rge_options(DirectionDistribution::kRademacher, 1, -0.1);
  CHECK(message(o, layout) == "random_direction.mu = -0.10000000000000001: must be finite and > 0");
  o = rge_options(DirectionDistribution::kRademacher, 0);
  CHECK(message(o, layout).find("random_direction.directions = 0") == 0);
  o = zo_preset(ZoPreset::kPhaseDomain);
  o.random_direction.block_directions = {{"layer7", 2}};
  CHECK(message(o, layout).find("names no perturbation block; blocks: layer0, layer1, layer2") !=
        std::string::npos);
  o = zo_preset(ZoPreset::kWeightDomain);
  o.random_direction.group_prefixes = {"layer3"};
  CHECK(message(o, layout).find("matches no group") != std::string::npos);
  ZoEstimatorOptions c;
  c.kind = ZoEstimatorKind::kCoordinate;
  c.coordinate.selection = CoordinateSelection::kGiven;
  c.coordinate.indices = {3, 16};
  CHECK(message(c, layout).find("coordinate.indices entry = 16") == 0);
  c.coordinate.selection = CoordinateSelection::kRandomSubset;
  c.coordinate.subset_size = 17;
  CHECK(message(c, layout).find("coordinate.subset_size = 17") == 0);
}

TEST_CASE("Estimator choices have stable spellings") {
  CHECK(from_string<ZoEstimatorKind>("rge") == ZoEstimatorKind::kRandomDirection);
  CHECK(to_string(ZoEstimatorKind::kCoordinate) == "cge");
  CHECK(allowed_values<DirectionDistribution>() == "rademacher, gaussian, sphere");
  CHECK(allowed_values<DifferenceScheme>() == "central, forward");
  CHECK(allowed_values<PerturbationScope>() == "joint, group_wise");
  CHECK(allowed_values<CoordinateSelection>() == "all, random_subset, given");
  CHECK(allowed_values<ZoScaling>() == "unbiased, none");
  CHECK(allowed_values<ZoPreset>() == "phase_domain, weight_domain");
  const auto phase = zo_preset(ZoPreset::kPhaseDomain).random_direction;
  CHECK(phase.mu == 0.025);
  CHECK(phase.directions == 1);
  CHECK(phase.scope == PerturbationScope::kGroupWise);
  const auto weight = zo_preset(ZoPreset::kWeightDomain).random_direction;
  CHECK(weight.mu == 0.01);
  CHECK(weight.directions == 10);
  CHECK(weight.scope == PerturbationScope::kJoint);
}
