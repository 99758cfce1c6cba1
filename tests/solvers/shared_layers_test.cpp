// The states of a ZO iteration measured as one network family (TrainerOptions::share_layers)
// give the same trace, bit for bit, as one state after the other (the reference path).
#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "pinn/pinn_loss.hpp"
#include "solvers/trainer.hpp"
#include "tonn/network_builder.hpp"
#include "tonn/photonic_network.hpp"

using namespace tonnsim;

namespace {

// 21 -> 12 -> 12 -> 1 sine network on photonic tiles: three layers, so a layer-wise state
// can share one or two layers with theta.
tonn::Network chip_network(const photonics::NonIdealityOptions& non_idealities) {
  tonn::NetworkSpec spec;
  spec.input_dim = 21;
  spec.seed = 7;
  spec.options.block_rows = 32;
  tonn::LayerSpec hidden;
  hidden.out_dim = 12;
  hidden.activation.kind = tonn::ActivationKind::kSine;
  tonn::LayerSpec out;
  out.out_dim = 1;
  out.activation.kind = tonn::ActivationKind::kIdentity;
  spec.layers = {hidden, hidden, out};
  tonn::Network digital = tonn::build_network(spec);
  tonn::PhotonicOptions o;
  o.non_idealities = non_idealities;
  o.seed = 5;
  return tonn::make_photonic_network(digital, o, tonn::DenseRealisation::kPhotonicTiles);
}

pinn::PinnLoss stencil_loss() {
  pinn::EstimatorOptions est;  // central differences: a 2D + 1 stencil, consistent
  est.kind = pinn::EstimatorKind::kFiniteDifference;
  est.finite_difference.step = 0.1;
  pinn::PinnLossOptions lo;
  lo.n_collocation = 10;
  lo.n_test = 50;
  return pinn::make_pinn_loss(pinn::PdeOptions{}, est, lo);  // hjb20
}

std::vector<solvers::IterationRecord> trace(const photonics::NonIdealityOptions& chip,
                                            const solvers::ZoEstimatorOptions& zo, bool share) {
  tonn::Network net = chip_network(chip);
  pinn::PinnLoss loss = stencil_loss();
  const auto layout = solvers::ParameterLayout::from_groups(net.parameter_groups(),
                                                            net.num_parameters());
  solvers::LearningRateOptions rate;
  rate.initial = 1e-2;
  solvers::ZoStepper stepper(solvers::make_zo_estimator(zo, layout),
                             solvers::make_update_rule({}, net.num_parameters()), rate);
  solvers::TrainerOptions opt;
  opt.iterations = 4;
  opt.eval_every = 2;
  opt.share_layers = share;
  std::vector<solvers::IterationRecord> records;
  solvers::train_zo(net, loss, stepper, opt, [&](const auto& r) { records.push_back(r); });
  return records;
}

bool same(double a, double b) { return a == b || (std::isnan(a) && std::isnan(b)); }

void check_identical(const std::vector<solvers::IterationRecord>& a,
                     const std::vector<solvers::IterationRecord>& b) {
  REQUIRE(a.size() == b.size());
  for (std::size_t k = 0; k < a.size(); ++k) {
    CAPTURE(k);
    CHECK(a[k].loss == b[k].loss);
    CHECK(a[k].grad_norm == b[k].grad_norm);
    CHECK(same(a[k].rel_l2, b[k].rel_l2));
    CHECK(same(a[k].max_abs_error, b[k].max_abs_error));
    CHECK(a[k].loss_evals == b[k].loss_evals);
    CHECK(a[k].forward_evals == b[k].forward_evals);
    CHECK(a[k].phase_retunes == b[k].phase_retunes);
    CHECK(a[k].wraps == b[k].wraps);
    CHECK(a[k].wrap_states == b[k].wrap_states);
    CHECK(a[k].static_power_w == b[k].static_power_w);
    CHECK(a[k].static_power_sum_w == b[k].static_power_sum_w);
  }
}

solvers::ZoEstimatorOptions layer_wise() {
  auto zo = solvers::zo_preset(solvers::ZoPreset::kPhaseDomain);
  zo.common.seed = 3;
  zo.common.evaluate_loss_at_theta = true;
  return zo;
}

}  // namespace

TEST_CASE("Sharing layers between the states of a layer-wise ZO iteration leaves the trace "
          "bit-identical on a chip with static non-idealities") {
  const auto chip = photonics::NonIdealityOptions::published();
  const auto shared = trace(chip, layer_wise(), true);
  const auto reference = trace(chip, layer_wise(), false);
  CHECK(shared.back().loss_evals == 4 * 7);  // L(theta) + 3 layers x an antithetic pair
  CHECK(shared.front().loss != shared.back().loss);  // it trained
  check_identical(shared, reference);
}

TEST_CASE("Sharing layers leaves coordinate-wise and forward-difference traces bit-identical") {
  const auto chip = photonics::NonIdealityOptions::published();
  SUBCASE("cge on a random subset") {
    solvers::ZoEstimatorOptions zo;
    zo.kind = solvers::ZoEstimatorKind::kCoordinate;
    zo.common.seed = 4;
    zo.common.evaluate_loss_at_theta = true;
    zo.coordinate.selection = solvers::CoordinateSelection::kRandomSubset;
    zo.coordinate.subset_size = 9;
    zo.coordinate.mu = 0.025;
    check_identical(trace(chip, zo, true), trace(chip, zo, false));
  }
  SUBCASE("forward differences, two directions per layer") {
    auto zo = layer_wise();
    zo.random_direction.scheme = solvers::DifferenceScheme::kForward;
    zo.random_direction.directions = 2;
    check_identical(trace(chip, zo, true), trace(chip, zo, false));
  }
}

TEST_CASE("With dynamic phase noise the batched states still give the reference trace") {
  auto chip = photonics::NonIdealityOptions::published();
  chip.phase_noise = true;
  const auto batched = trace(chip, layer_wise(), true);
  check_identical(batched, trace(chip, layer_wise(), false));
  // The noise acts: without it the losses differ.
  CHECK(batched.front().loss != trace(photonics::NonIdealityOptions::published(),
                                      layer_wise(), true).front().loss);
}
