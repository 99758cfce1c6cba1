#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "core/error.hpp"
#include "pinn/pinn_loss.hpp"
#include "solvers/chip_model.hpp"
#include "solvers/energy_ledger.hpp"
#include "solvers/solve_counts.hpp"
#include "solvers/trainer.hpp"
#include "tonn/network_builder.hpp"
#include "tonn/photonic_network.hpp"

using namespace tonnsim;

namespace {

// A small sine network on the HJB-20 inputs (x, t): 21 -> 16 -> 1.
tonn::Network small_hjb_network(std::uint64_t seed) {
  tonn::NetworkSpec spec;
  spec.input_dim = 21;
  spec.seed = seed;
  tonn::LayerSpec hidden;
  hidden.type = tonn::LayerType::kDense;
  hidden.out_dim = 16;
  hidden.activation.kind = tonn::ActivationKind::kSine;
  tonn::LayerSpec out;
  out.type = tonn::LayerType::kDense;
  out.out_dim = 1;
  out.activation.kind = tonn::ActivationKind::kIdentity;
  spec.layers = {hidden, out};
  return tonn::build_network(spec);
}

pinn::PinnLoss hjb_loss() {
  pinn::PdeOptions pde;  // hjb20
  pinn::EstimatorOptions est;
  est.kind = pinn::EstimatorKind::kExact;
  pinn::PinnLossOptions lo;
  lo.n_collocation = 64;
  lo.n_test = 2000;
  return pinn::make_pinn_loss(pde, est, lo);
}

solvers::ZoStepper adam_rge(const tonn::Network& net, std::uint64_t seed, double lr) {
  auto zo = solvers::zo_preset(solvers::ZoPreset::kWeightDomain);
  zo.common.seed = seed;
  zo.common.evaluate_loss_at_theta = true;
  const auto layout = solvers::ParameterLayout::from_groups(net.parameter_groups(),
                                                            net.num_parameters());
  solvers::LearningRateOptions rate;
  rate.initial = lr;
  return solvers::ZoStepper(solvers::make_zo_estimator(zo, layout),
                            solvers::make_update_rule({}, net.num_parameters()), rate);
}

// Every record of a short ZO training of `net` (Adam, lr 1e-2, directions from `seed`).
std::vector<solvers::IterationRecord> train_recorded(tonn::Network& net, pinn::PinnLoss& loss,
                                                     std::uint64_t seed, long iterations,
                                                     long eval_every) {
  auto stepper = adam_rge(net, seed, 1e-2);
  solvers::TrainerOptions opt;
  opt.iterations = iterations;
  opt.eval_every = eval_every;
  std::vector<solvers::IterationRecord> trace;
  solvers::train_zo(net, loss, stepper, opt, [&](const auto& r) { trace.push_back(r); });
  return trace;
}

std::vector<solvers::IterationRecord> run(std::uint64_t seed, long iterations) {
  auto net = small_hjb_network(seed);
  auto loss = hjb_loss();
  return train_recorded(net, loss, seed, iterations, iterations);
}

}  // namespace

TEST_CASE("ZO training with Adam lowers the HJB-20 loss and test error") {
  auto net = small_hjb_network(3);
  auto loss = hjb_loss();
  const double err0 = loss.test_error(net);
  auto trace = run(3, 300);
  REQUIRE(trace.size() == 300);
  double first = 0, last = 0;
  for (int i = 0; i < 20; ++i) {
    first += trace[i].loss / 20;
    last += trace[trace.size() - 1 - i].loss / 20;
  }
  CHECK(last < 0.2 * first);
  CHECK(trace.back().rel_l2 < 0.5 * err0);
  // Counters: weight-domain preset = N antithetic directions (+1 for the loss at theta).
  CHECK(trace.back().loss_evals == 300 * (2 * 10 + 1));
  CHECK(trace.back().forward_evals == trace.back().loss_evals * 64);
}

TEST_CASE("Evaluated records carry the test metrics of the trained network, others NaN") {
  auto net = small_hjb_network(4);
  auto loss = hjb_loss();
  const auto trace = train_recorded(net, loss, 4, 6, 3);
  REQUIRE(trace.size() == 6);
  const auto& last = trace.back();
  for (int k = 0; k < 6; ++k) {
    CAPTURE(k);
    const bool evaluated = k == 2 || k == 5;
    CHECK(std::isnan(trace[k].rel_l2_learned) == !evaluated);
    CHECK(std::isnan(trace[k].max_abs_error) == !evaluated);
  }
  // The last record scores the network as it ends (digital: no noise to redraw).
  const pinn::TestMetrics m = loss.test_metrics(net);
  CHECK(last.rel_l2 == m.rel_l2);
  CHECK(last.rel_l2_learned == m.rel_l2_learned);
  CHECK(last.max_abs_error == m.max_abs_error);
  // HJB-20: ||u - g|| < ||u||, so the learned-part error is the larger one.
  CHECK(last.rel_l2_learned > 10.0 * last.rel_l2);
}

TEST_CASE("The same seed gives an identical trace") {
  auto a = run(5, 20), b = run(5, 20), c = run(6, 20);
  REQUIRE(a.size() == b.size());
  for (size_t i = 0; i < a.size(); ++i) CHECK(a[i].loss == b[i].loss);
  CHECK(a.back().loss != c.back().loss);
}

TEST_CASE("A NaN loss stops the run with a RunError after recording the iteration") {
  auto net = small_hjb_network(1);
  Vec p = net.parameters();
  p(0) = std::numeric_limits<double>::quiet_NaN();
  net.set_parameters(p);
  auto loss = hjb_loss();
  auto stepper = adam_rge(net, 1, 1e-2);
  solvers::TrainerOptions opt;
  opt.iterations = 10;
  std::vector<solvers::IterationRecord> trace;
  CHECK_THROWS_AS(
      solvers::train_zo(net, loss, stepper, opt, [&](const auto& r) { trace.push_back(r); }),
      RunError);
  CHECK(trace.size() == 1);
}

TEST_CASE("A photonic run keeps heaters in range, records wraps, and its ledger charges the held programs") {
  auto digital = small_hjb_network(5);
  tonn::PhotonicOptions chip_options;  // ideal chip, default device
  auto net = tonn::make_photonic_network(digital, chip_options,
                                         tonn::DenseRealisation::kPhotonicTiles);
  const auto spans = tonn::heater_spans(net);
  REQUIRE(!spans.empty());
  const Vec theta0 = net.parameters();
  long at_zero = 0;
  for (const auto& s : spans)
    for (Eigen::Index i = s.offset; i < s.offset + s.size; ++i) at_zero += theta0[i] == 0.0;
  MESSAGE(at_zero << " heaters start at exactly 0 rad");
  REQUIRE(at_zero > 0);  // a negative step wraps them to ~2 pi: the heaters drift upward
  const double initial_w = *tonn::chip_heater_power_w(net);
  // The chip the ledger plans for: the initial program, built before any training.
  tonn::HardwareAccounting accounting;
  accounting.dense = tonn::DenseRealisation::kPhotonicTiles;
  const solvers::ChipModel chip = solvers::chip_model(net, accounting, chip_options.device);
  REQUIRE(chip.static_power_w() == doctest::Approx(initial_w).epsilon(1e-12));

  auto loss = hjb_loss();
  const auto trace = train_recorded(net, loss, 5, 3, 3);
  const auto& last = trace.back();
  // Every heater phase stays in [0, phi_max]; a wrap is a move of ~2 pi, not a residue.
  const Vec theta = net.parameters();
  for (const auto& s : spans)
    for (Eigen::Index i = s.offset; i < s.offset + s.size; ++i) {
      CHECK(theta[i] >= 0.0);
      CHECK(theta[i] <= s.max_phase_rad);
    }
  long wraps = 0;
  for (const auto& r : trace) wraps += r.wraps;
  CHECK(last.cumulative_wraps == wraps);
  CHECK(last.cumulative_wraps > 0);
  CHECK(last.wrap_states > 0);  // perturbations of heaters at 0 swing them by ~2 pi
  CHECK(last.wrap_states <= last.loss_evals);
  // The first iteration's mean over its states already exceeds the initial program.
  CHECK(trace.front().static_power_w > initial_w);
  const double held_w = last.static_power_sum_w / double(last.loss_evals);
  MESSAGE("heater power: initial program " << initial_w << " W, held along the run " << held_w
                                           << " W");
  CHECK(held_w > initial_w);

  // The ledger charges what was held: more static energy than the initial program predicts,
  // exactly in the ratio of the powers (same counts, same time).
  const double mu = 0.01;  // the weight-domain preset's radius
  const auto planned = solvers::account_solve(
      solvers::counts_from_record(3, last.loss_evals, last.forward_evals, last.phase_retunes, mu,
                                  last.wrap_states),
      chip, {});
  const auto held = solvers::account_solve(
      solvers::counts_from_record(3, last.loss_evals, last.forward_evals, last.phase_retunes, mu,
                                  last.wrap_states, held_w),
      chip, {});
  const auto line = solvers::LedgerComponent::kStaticHeaters;
  CHECK(held.total_time_s == planned.total_time_s);
  CHECK(held.line(line).energy_j > planned.line(line).energy_j);
  CHECK(held.line(line).energy_j ==
        doctest::Approx(planned.line(line).energy_j * held_w / initial_w));
}

TEST_CASE("A stop request ends ZO training where a run of that length ends, test metrics and checkpoint included") {
  // Reference: 3 iterations by length. Stopped: 10 asked, stop requested after the third.
  auto net_a = small_hjb_network(7);
  auto loss_a = hjb_loss();
  auto stepper_a = adam_rge(net_a, 7, 1e-2);
  solvers::TrainerOptions opt;
  opt.iterations = 3;
  opt.eval_every = 100;
  const solvers::IterationRecord by_length = solvers::train_zo(net_a, loss_a, stepper_a, opt);

  auto net_b = small_hjb_network(7);
  auto loss_b = hjb_loss();
  auto stepper_b = adam_rge(net_b, 7, 1e-2);
  opt.iterations = 10;
  solvers::TrainerHooks hooks;
  long observed = 0, checkpoints = 0;
  hooks.observe = [&](const solvers::IterationRecord&) { ++observed; };
  hooks.stop_requested = [&] { return observed == 3; };
  hooks.checkpoint = [&](const solvers::IterationRecord& r, const Vec& theta,
                         const solvers::TrainerResume&) {
    ++checkpoints;
    CHECK(r.iteration == 2);
    CHECK(theta == net_a.parameters());
  };
  const solvers::IterationRecord stopped = solvers::train_zo(net_b, loss_b, stepper_b, opt, hooks);
  CHECK(observed == 3);
  CHECK(checkpoints == 1);
  CHECK(stepper_b.iteration() == 3);
  CHECK(net_b.parameters() == net_a.parameters());
  CHECK(stopped.iteration == by_length.iteration);
  CHECK(stopped.loss == by_length.loss);
  REQUIRE(std::isfinite(by_length.rel_l2));
  CHECK(stopped.rel_l2 == by_length.rel_l2);
  CHECK(stopped.rel_l2_learned == by_length.rel_l2_learned);
}
