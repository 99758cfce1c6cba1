// Zeroth-order training in single precision (core/precision.hpp, issue 13 item 2) ends
// where double-precision training ends, within the spread between seeds.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "pinn/pinn_loss.hpp"
#include "solvers/trainer.hpp"
#include "tonn/network_builder.hpp"

using namespace tonnsim;

namespace {

// The quick-start model through session 14 (results/convergence/quickstart-s14.yaml:
// 21 -> TT 64 -> TT 64 -> 1, sine, omega0 30, SIREN) on the digital model, the quick-start
// PDE (hjb20_varying, whose network part is not a constant) and layer-wise phase-domain ZO
// with Adam at that quick start's lr 0.002; fewer points and central differences with step 0.1 (the sparse grid's sigma; 43
// evaluations per point against the level-3 grid's 925) keep the test short.
tonn::Network quick_start_network(std::uint64_t seed, Precision precision) {
  tonn::NetworkSpec spec;
  spec.input_dim = 21;
  spec.seed = seed;
  spec.init = tonn::InitRule::kSiren;
  spec.options.precision = precision;
  const tonn::Activation sine{tonn::ActivationKind::kSine, 30.0};
  spec.layers = {{tonn::LayerType::kTT, 0, {1, 1, 3, 7}, {4, 4, 2, 2}, 2, sine},
                 {tonn::LayerType::kTT, 0, {2, 2, 4, 4}, {4, 4, 2, 2}, 2, sine},
                 {tonn::LayerType::kDense, 1, {}, {}, 0,
                  tonn::Activation{tonn::ActivationKind::kIdentity, 1.0}}};
  return tonn::build_network(spec);
}

// Test error (rel L2 of u) at the start and at the end of `iterations` ZO steps.
std::pair<double, double> train(std::uint64_t seed, Precision precision, long iterations) {
  tonn::Network net = quick_start_network(seed, precision);
  pinn::PdeOptions pde;
  pde.kind = pinn::PdeKind::kHjb20Varying;
  pinn::EstimatorOptions est;
  est.kind = pinn::EstimatorKind::kFiniteDifference;
  est.finite_difference.step = 0.1;
  pinn::PinnLossOptions lo;
  lo.n_collocation = 10;
  lo.n_test = 300;
  lo.seed = seed;
  pinn::PinnLoss loss = pinn::make_pinn_loss(pde, est, lo);
  const double before = loss.test_error(net);
  auto zo = solvers::zo_preset(solvers::ZoPreset::kPhaseDomain);
  zo.common.seed = seed;
  const auto layout = solvers::ParameterLayout::from_groups(net.parameter_groups(),
                                                            net.num_parameters());
  solvers::LearningRateOptions rate;
  rate.initial = 2e-3;
  solvers::ZoStepper stepper(solvers::make_zo_estimator(zo, layout),
                             solvers::make_update_rule({}, net.num_parameters()), rate);
  solvers::TrainerOptions opt;
  opt.iterations = iterations;
  opt.eval_every = iterations;
  double after = std::nan("");
  solvers::train_zo(net, loss, stepper, opt, [&](const auto& r) {
    if (!std::isnan(r.rel_l2)) after = r.rel_l2;
  });
  return {before, after};
}

}  // namespace

TEST_CASE("Quick-start ZO training in single precision ends within the seed-to-seed spread "
          "of double precision") {
  const long iterations = 150;
  std::vector<double> start, end64, end32;
  for (std::uint64_t seed : {1u, 2u, 3u}) {
    const auto [b64, e64] = train(seed, Precision::kF64, iterations);
    const auto [b32, e32] = train(seed, Precision::kF32, iterations);
    MESSAGE("seed " << seed << ": start " << b64 << ", f64 " << e64 << ", f32 " << e32);
    CHECK(std::abs(b32 - b64) <= 1e-4 * b64);  // the same start, to float rounding
    start.push_back(b64);
    end64.push_back(e64);
    end32.push_back(e32);
  }
  const auto [lo, hi] = std::minmax_element(end64.begin(), end64.end());
  const double spread = *hi - *lo;
  REQUIRE(spread > 0.0);
  // Training moved the error more than the precision did (the comparison is not of
  // untrained networks). At 150 iterations ZO has not yet lowered it on every seed (the
  // old quick start sits at the best-constant level for hundreds of iterations:
  // results/convergence/README.md), so the check is on the size of the change, not its sign.
  for (std::size_t s = 0; s < start.size(); ++s)
    CHECK(std::abs(end64[s] - start[s]) > std::abs(end32[s] - end64[s]));
  // Each seed's f32 run ends within the f64 seed-to-seed spread of its f64 twin, and the
  // f32 mean within the spread of the f64 mean.
  double mean64 = 0, mean32 = 0;
  for (std::size_t s = 0; s < end64.size(); ++s) {
    CAPTURE(s);
    CHECK(std::abs(end32[s] - end64[s]) <= spread);
    mean64 += end64[s] / 3;
    mean32 += end32[s] / 3;
  }
  CHECK(std::abs(mean32 - mean64) <= spread);
}
