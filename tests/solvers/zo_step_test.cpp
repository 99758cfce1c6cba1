#include <doctest/doctest.h>

#include <cmath>

#include "solvers/test_problems.hpp"
#include "solvers/zo_step.hpp"

using namespace tonnsim;
using namespace tonnsim::solvers;
using tonnsim::solvers::testing::Quadratic;
using tonnsim::solvers::testing::random_vector;

namespace {
ZoStepper adam_rge_stepper(Index d, int directions, double lr, long iterations, std::uint64_t seed,
                           bool record_loss = false) {
  ZoEstimatorOptions zo;
  zo.common.seed = seed;
  zo.common.evaluate_loss_at_theta = record_loss;
  zo.random_direction.directions = directions;
  zo.random_direction.mu = 1e-3;
  UpdateRuleOptions update;
  update.kind = UpdateRuleKind::kAdam;
  LearningRateOptions schedule;
  schedule.schedule = LearningRateScheduleKind::kCosine;
  schedule.initial = lr;
  schedule.cosine_iterations = iterations;
  schedule.cosine_floor = lr * 1e-2;
  return ZoStepper(make_zo_estimator(zo, ParameterLayout::single(d)),
                   make_update_rule(update, d), schedule);
}
}  // namespace

TEST_CASE("Adam fed with random-direction estimates minimises an ill-conditioned quadratic") {
  const Index d = 50;
  const long T = 3000;
  Quadratic f(d, 0.1, 10.0, 31);  // condition number 100
  const Vec minimiser = f.minimiser();
  const double best = f.value(minimiser);
  Vec theta = Vec::Zero(d);
  const double start_gap = f.value(theta) - best;
  auto stepper = adam_rge_stepper(d, 4, 0.05, T, 1);
  for (long k = 0; k < T; ++k) stepper.step(f, theta);
  const double gap = f.value(theta) - best;
  // Measured: gap / start_gap ~ 5e-13 with N = 4 (3e-4 with N = 1: variance ~ d / N).
  CHECK(gap < 1e-8 * start_gap);
  CHECK((theta - minimiser).norm() < 1e-3 * minimiser.norm());
  CHECK(f.counters().evaluations == T * 8);
}

TEST_CASE("The same seed gives the same trajectory, and a restored stepper continues it") {
  const Index d = 10;
  Quadratic f(d, 0.5, 5.0, 33);
  auto a = adam_rge_stepper(d, 2, 0.01, 100, 4, true);
  auto b = adam_rge_stepper(d, 2, 0.01, 100, 4, true);
  auto c = adam_rge_stepper(d, 2, 0.01, 100, 5, true);
  Vec ta = random_vector(d, 1), tb = ta, tc = ta;
  for (int k = 0; k < 40; ++k) {
    const auto ra = a.step(f, ta);
    const auto rb = b.step(f, tb);
    c.step(f, tc);
    REQUIRE(ra.loss_at_theta.has_value());
    CHECK(*ra.loss_at_theta == *rb.loss_at_theta);
    CHECK(ra.gradient_norm == rb.gradient_norm);
  }
  CHECK(ta == tb);
  CHECK(ta != tc);

  // Checkpoint at iteration 40, continue both for 20 more.
  auto resumed = adam_rge_stepper(d, 2, 0.01, 100, 4, true);
  resumed.set_state(a.state());
  CHECK(resumed.iteration() == 40);
  Vec tr = ta;
  for (int k = 0; k < 20; ++k) {
    a.step(f, ta);
    resumed.step(f, tr);
  }
  CHECK(ta == tr);
}

TEST_CASE("A step reports its iteration, learning rate and the objective's counts") {
  const Index d = 6;
  Quadratic f(d, 0.5, 5.0, 35);
  auto stepper = adam_rge_stepper(d, 3, 0.02, 10, 6, true);
  Vec theta = random_vector(d, 2);
  const Vec theta0 = theta;
  const auto r0 = stepper.step(f, theta);
  CHECK(r0.iteration == 0);
  CHECK(r0.learning_rate == doctest::Approx(0.02));
  CHECK(r0.objective_calls == 2 * 3 + 1);
  CHECK(f.counters().evaluations == r0.objective_calls);
  CHECK(*r0.loss_at_theta == doctest::Approx(f.value(theta0)));
  CHECK(r0.perturbed_coordinates == d);
  CHECK(r0.estimator == ZoEstimatorKind::kRandomDirection);
  // Adam's first step moves every coordinate by lr (up to lr epsilon / |g_j|).
  CHECK(((theta - theta0).cwiseAbs().array() - 0.02).abs().maxCoeff() < 1e-8);
  long retuned = r0.retuned_coordinates;
  for (int k = 1; k < 10; ++k) retuned += stepper.step(f, theta).retuned_coordinates;
  CHECK(retuned == f.counters().retuned_coordinates);
  CHECK(stepper.iteration() == 10);
}

TEST_CASE("A non-finite loss is reported and leaves the parameters and state unchanged") {
  const Index d = 4;
  FunctionObjective f(d, [](const Vec& x) { return x(0) > 0.5 ? std::nan("") : x.squaredNorm(); });
  auto stepper = adam_rge_stepper(d, 1, 0.1, 100, 7);
  Vec theta = Vec::Constant(d, 0.2);
  CHECK(stepper.step(f, theta).finite);
  theta(0) = 0.6;  // every perturbed loss is now NaN
  const Vec before = theta, state = stepper.state();
  const auto r = stepper.step(f, theta);
  CHECK_FALSE(r.finite);
  CHECK(r.iteration == 1);
  CHECK(std::isnan(r.gradient_norm));
  CHECK(r.objective_calls == 2);
  CHECK(theta == before);
  CHECK(stepper.state() == state);
  CHECK(stepper.iteration() == 1);
}
