#include "solvers/first_order_trainer.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "core/error.hpp"
#include "pinn/pinn_loss.hpp"
#include "solvers/test_networks.hpp"

using namespace tonnsim;

namespace {

using solvers::testing::small_tt_network;

// The published estimator (sparse grid, level 3, sigma 0.1) on fewer points.
pinn::PinnLoss hjb_loss() {
  pinn::PinnLossOptions lo;
  lo.n_collocation = 16;
  lo.n_test = 500;
  return pinn::make_pinn_loss({}, {}, lo);
}

solvers::FirstOrderStepper adam(const tonn::Network& net, double lr) {
  solvers::LearningRateOptions rate;
  rate.initial = lr;
  return solvers::FirstOrderStepper(solvers::make_update_rule({}, net.num_parameters()), rate);
}

std::vector<solvers::IterationRecord> run(std::uint64_t seed, long iterations, long eval_every) {
  auto net = small_tt_network(seed);
  auto loss = hjb_loss();
  auto stepper = adam(net, 1e-2);
  solvers::TrainerOptions opt;
  opt.iterations = iterations;
  opt.eval_every = eval_every;
  std::vector<solvers::IterationRecord> trace;
  solvers::TrainerHooks hooks;
  hooks.observe = [&](const auto& r) { trace.push_back(r); };
  solvers::train_first_order(net, loss, stepper, opt, hooks);
  return trace;
}

bool same_or_both_nan(double a, double b) { return (std::isnan(a) && std::isnan(b)) || a == b; }

bool same_rows(const solvers::IterationRecord& a, const solvers::IterationRecord& b) {
  const bool same_test = same_or_both_nan(a.rel_l2, b.rel_l2) &&
                         same_or_both_nan(a.rel_l2_learned, b.rel_l2_learned) &&
                         same_or_both_nan(a.max_abs_error, b.max_abs_error);
  return a.iteration == b.iteration && a.loss == b.loss && a.grad_norm == b.grad_norm &&
         a.learning_rate == b.learning_rate && a.forward_evals == b.forward_evals &&
         a.loss_evals == b.loss_evals && a.phase_retunes == b.phase_retunes && same_test;
}

}  // namespace

TEST_CASE("Exact-gradient Adam lowers the HJB-20 loss tenfold and the test error in 200 steps") {
  auto net = small_tt_network(3);
  auto loss = hjb_loss();
  const double err0 = loss.test_error(net);
  const auto trace = run(3, 200, 100);
  REQUIRE(trace.size() == 200);
  double first = 0, last = 0;
  for (int i = 0; i < 10; ++i) {
    first += trace[i].loss / 10;
    last += trace[trace.size() - 1 - i].loss / 10;
  }
  CHECK(last < 0.1 * first);
  CHECK(trace[99].rel_l2 < err0);
  CHECK(trace[199].rel_l2 < trace[99].rel_l2);
  CHECK(std::isnan(trace[98].rel_l2));
  CHECK(std::isnan(trace[98].rel_l2_learned));
  CHECK(trace[199].rel_l2_learned < trace[99].rel_l2_learned);
  // One loss and gradient per iteration; every parameter retuned after each update.
  CHECK(trace.back().loss_evals == 200);
  CHECK(trace.back().forward_evals == 200 * loss.gradient_evaluations_per_loss());
  CHECK(trace.back().phase_retunes == 199 * net.num_parameters());
}

TEST_CASE("First-order traces are reproducible from the seed") {
  const auto a = run(5, 12, 4), b = run(5, 12, 4);
  REQUIRE(a.size() == b.size());
  for (std::size_t i = 0; i < a.size(); ++i) CHECK(same_rows(a[i], b[i]));
  CHECK(!same_rows(run(6, 1, 1)[0], a[0]));
}

TEST_CASE("A first-order run resumed from a checkpoint continues bit-identically") {
  const auto whole = run(7, 10, 5);
  auto net = small_tt_network(7);
  auto loss = hjb_loss();
  auto stepper = adam(net, 1e-2);
  solvers::TrainerOptions opt;
  opt.iterations = 6;
  opt.eval_every = 5;
  Vec theta, state;
  solvers::TrainerResume resume;
  solvers::TrainerHooks hooks;
  hooks.checkpoint = [&](const auto&, const Vec& t, const solvers::TrainerResume& r) {
    theta = t;
    resume = r;
    state = stepper.state();
  };
  solvers::train_first_order(net, loss, stepper, opt, hooks);

  auto net2 = small_tt_network(99);  // parameters come from the checkpoint
  net2.set_parameters(theta);
  auto stepper2 = adam(net2, 1e-2);
  stepper2.set_state(state);
  std::vector<solvers::IterationRecord> rest;
  solvers::TrainerHooks hooks2;
  hooks2.resume = resume;
  hooks2.observe = [&](const auto& r) { rest.push_back(r); };
  opt.iterations = 4;
  solvers::train_first_order(net2, loss, stepper2, opt, hooks2);
  REQUIRE(rest.size() == 4);
  for (std::size_t i = 0; i < rest.size(); ++i) CHECK(same_rows(rest[i], whole[6 + i]));
}

TEST_CASE("A diverging first-order run stops with the failed iteration recorded") {
  auto net = small_tt_network(1);
  auto loss = hjb_loss();
  solvers::UpdateRuleOptions sgd;
  sgd.kind = solvers::UpdateRuleKind::kSgd;
  solvers::LearningRateOptions rate;
  rate.initial = 1e300;
  solvers::FirstOrderStepper stepper(solvers::make_update_rule(sgd, net.num_parameters()), rate);
  solvers::TrainerOptions opt;
  opt.iterations = 5;
  std::vector<solvers::IterationRecord> trace;
  solvers::TrainerHooks hooks;
  hooks.observe = [&](const auto& r) { trace.push_back(r); };
  CHECK_THROWS_AS(solvers::train_first_order(net, loss, stepper, opt, hooks), RunError);
  REQUIRE(!trace.empty());
  CHECK(trace.size() < 5);
  const bool failed = !std::isfinite(trace.back().loss) || !std::isfinite(trace.back().grad_norm);
  CHECK(failed);
}

TEST_CASE("First-order stepper states restore only into a matching stepper") {
  auto net = small_tt_network(1);
  auto stepper = adam(net, 1e-3);
  CHECK_THROWS_AS(stepper.set_state(Vec::Zero(3)), InputError);
  Vec s = stepper.state();
  s(0) = 2.5;
  CHECK_THROWS_AS(stepper.set_state(s), InputError);
}

TEST_CASE("A stop request ends first-order training where a run of that length ends") {
  const auto by_length = run(11, 4, 100);
  auto net = small_tt_network(11);
  auto loss = hjb_loss();
  auto stepper = adam(net, 1e-2);
  solvers::TrainerOptions opt;
  opt.iterations = 50;
  opt.eval_every = 100;
  std::vector<solvers::IterationRecord> trace;
  solvers::TrainerHooks hooks;
  hooks.observe = [&](const auto& r) { trace.push_back(r); };
  hooks.stop_requested = [&] { return trace.size() == 4; };
  const solvers::IterationRecord last = solvers::train_first_order(net, loss, stepper, opt, hooks);
  REQUIRE(trace.size() == 4);
  for (std::size_t i = 0; i + 1 < trace.size(); ++i) CHECK(same_rows(trace[i], by_length[i]));
  // The observed fourth row was not on the evaluation cadence; the returned one is scored.
  CHECK(std::isnan(trace.back().rel_l2));
  CHECK(same_rows(last, by_length.back()));
  CHECK(stepper.iteration() == 4);
}
