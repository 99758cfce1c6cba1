#include <doctest/doctest.h>

#include "scenarios/cli_helpers.hpp"
#include "scenarios/input_error_text.hpp"
#include "scenarios/runner/scenario.hpp"

using namespace tonnsim;
using namespace tonnsim::runner;

namespace {

const char* kFull =
    "pde: {kind: poisson, space_dim: 3, condition_weight: 2, n_collocation: 32, n_test: 500}\n"
    "estimator:\n"
    "  kind: monte_carlo\n"
    "  monte_carlo: {sigma: 0.05, n_pairs: 16}\n"
    "network:\n"
    "  init: glorot\n"
    "  layers:\n"
    "    - {type: dense, out_dim: 8, activation: tanh}\n"
    "    - {type: tt, in_modes: [2, 4], out_modes: [4, 2], tt_rank: 3, activation: sine, "
    "omega0: 5}\n"
    "    - {type: dense, out_dim: 1, activation: identity}\n"
    "chip:\n"
    "  model: photonic\n"
    "  topology: reck\n"
    "  non_idealities: {preset: published, phase_noise: true, phase_noise_std_rad: 0.02}\n"
    "optimizer:\n"
    "  zo: {preset: phase_domain, random_direction: {mu: 0.05}}\n"
    "  update: {kind: sgd, sgd: {momentum: 0.5}}\n"
    "  learning_rate: {schedule: cosine, initial: 0.01, cosine_iterations: 50}\n"
    "run: {iterations: 50, eval_every: 10, checkpoint_every: 25, seed: 7}\n";
}  // namespace

TEST_CASE("Every section binds its fields, presets first and single keys on top") {
  const Scenario s = bind_text(kFull);
  CHECK(s.problem.pde.kind == pinn::PdeKind::kPoisson);
  CHECK(s.problem.pde.space_dim == 3);
  CHECK(s.problem.loss.n_collocation == 32);
  CHECK(s.estimator.kind == pinn::EstimatorKind::kMonteCarlo);
  CHECK(s.estimator.monte_carlo.n_pairs == 16);
  REQUIRE(s.network.spec.layers.size() == 3);
  CHECK(s.network.spec.input_dim == 3);  // taken from the PDE: Poisson in 3-D has no time
  CHECK(s.network.spec.layers[1].tt_rank == 3);
  CHECK(s.network.spec.layers[1].activation.omega0 == 5);
  CHECK(s.network.spec.init == tonn::InitRule::kGlorot);
  CHECK(s.chip.model == ModelKind::kPhotonic);
  CHECK(s.chip.photonic.topology == photonics::Topology::kReck);
  // published() switches quantisation on; the file adds phase noise on top.
  CHECK(s.chip.photonic.non_idealities.quantization);
  CHECK(s.chip.photonic.non_idealities.phase_noise);
  CHECK(s.chip.photonic.non_idealities.phase_noise_std_rad == 0.02);
  // The phase-domain preset (N = 1, layer-wise) with mu overridden.
  CHECK(s.optimizer.zo.random_direction.directions == 1);
  CHECK(s.optimizer.zo.random_direction.scope == solvers::PerturbationScope::kGroupWise);
  CHECK(s.optimizer.zo.random_direction.mu == 0.05);
  CHECK(s.optimizer.zo.common.evaluate_loss_at_theta);
  CHECK(s.optimizer.update.kind == solvers::UpdateRuleKind::kSgd);
  CHECK(s.optimizer.learning_rate.schedule == solvers::LearningRateScheduleKind::kCosine);
  CHECK(s.run.trainer.iterations == 50);
  CHECK(s.run.checkpoint_every == 25);
}

TEST_CASE("Seeds default to run.seed; a section's own seed and --set override it") {
  const Scenario s = bind_text(kFull);
  CHECK(s.network.spec.seed == 7);
  CHECK(s.problem.loss.seed == 7);
  CHECK(s.chip.photonic.seed == 7);
  CHECK(s.optimizer.zo.common.seed == 7);
  const Scenario t = bind_text(kFull, {"run.seed=9", "chip.seed=1"});
  CHECK(t.network.spec.seed == 9);
  CHECK(t.chip.photonic.seed == 1);
}

TEST_CASE("Bad PDE, estimator and network values name the key and the allowed values") {
  CHECK(input_error_text([] { bind_text("pde: {kind: hjb21}\n"); }) ==
        "chip.yaml:1:13: pde.kind = hjb21: unknown pde; allowed: hjb20, hjb_lq, heat, "
        "black_scholes, burgers, poisson, hjb20_varying, heat_varying, poisson_sines, expression; "
        "did you "
        "mean 'hjb20'?");
  CHECK(input_error_text([] { bind_text("estimator: {sparse_grid: {sigma: 0}}\n"); }) ==
        "chip.yaml:1:34: estimator.sparse_grid.sigma = 0: must be > 0 (smoothing standard "
        "deviation)");
  CHECK(input_error_text([] { bind_text("estimator: {sparse_grid: {level: 0}}\n"); }) ==
        "chip.yaml:1:34: estimator.sparse_grid.level = 0: must be >= 3 (a level-L grid gives "
        "Stein Hessians exact only to degree 2L - 3; level 2 returns -(D-1)/2 times a "
        "quadratic's Laplacian; for axis-only stencils use estimator kind finite_difference)");
  CHECK(input_error_text([] {
          bind_text("pde: {kind: heat, space_dim: 4}\nnetwork:\n  input_dim: 21\n  layers:\n"
                    "    - {type: dense, out_dim: 1}\n");
        }) == "chip.yaml:3:14: network.input_dim = 21: must equal the PDE's input dimension 5 "
              "(pde.kind = heat)");
  CHECK(input_error_text([] {
          bind_text("network:\n  layers:\n    - {type: tt, in_modes: [3, 8], out_modes: [4, 4]}\n");
        }) == "chip.yaml:3:28: network.layers[0].in_modes = 24: is the product of the modes; must "
              "equal the previous layer width 21");
  CHECK(input_error_text([] {
          bind_text("pde: {kind: burgers}\nnetwork: {reference: hjb20}\n");
        }) == "chip.yaml:2:22: network.reference = hjb20: takes 21 inputs, but pde.kind = "
              "burgers has 2; give network.layers instead");
  CHECK(input_error_text([] {
          bind_text("network:\n  reference: hjb20\n  layers: []\n");
        }) == "chip.yaml:3:11: network.layers = []: must be absent when network.reference is set");
}

TEST_CASE("Cross-section rules: first-order training needs the digital model") {
  CHECK(input_error_text([] {
          bind_text("chip: {model: photonic}\noptimizer: {kind: first_order}\n");
        }) == "chip.yaml:2:19: optimizer.kind = first_order: needs chip.model = digital "
              "(back-propagation through the digital weights; on the chip use optimizer.kind = "
              "zo or in_situ_subspace)");
  CHECK(input_error_text([] { bind_text("optimizer: {zo: {preset: phase}}\n"); }) ==
        "chip.yaml:1:26: optimizer.zo.preset = phase: unknown ZO preset; allowed: phase_domain, "
        "weight_domain; did you mean 'phase_domain'?");
  CHECK(input_error_text([] {
          bind_text("estimator: {kind: exact}\nchip: {model: photonic}\n");
        }).find("estimator.kind = exact: needs chip.model = digital") != std::string::npos);
  CHECK(input_error_text([] { bind_text("pde: {kind: hjb_lq, horizon_s: -1}\n"); })
            .find("chip.yaml:1:") == 0);
  CHECK(input_error_text([] { bind_text("pde: {kind: hjb_lq, terminal_weight: 0}\n"); }) ==
        "chip.yaml:1:38: pde.terminal_weight = 0: must be > 0 for hjb_lq");
  CHECK(input_error_text([] { bind_text("run: {iterations: 0}\n"); }) ==
        "chip.yaml:1:19: run.iterations = 0: must be >= 1");
  CHECK(input_error_text([] { bind_text("chip: {non_idealities: {quantization_bits: 0}}\n"); })
            .find("chip.non_idealities.quantization_bits = 0") != std::string::npos);
}

TEST_CASE("pde.lq_ansatz binds for hjb_lq, names its allowed values, and is recorded") {
  const Scenario taylor = bind_text("pde: {kind: hjb_lq, lq_ansatz: taylor}\n");
  CHECK(taylor.problem.pde.lq_ansatz == pinn::HjbLqAnsatz::kTaylor);
  bool recorded = false;
  for (const auto& [key, value] : taylor.choices())
    recorded |= key == "pde.lq_ansatz" && value == "taylor";
  CHECK(recorded);
  CHECK(bind_text("pde: {kind: hjb_lq}\n").problem.pde.lq_ansatz ==
        pinn::HjbLqAnsatz::kTerminal);
  for (const auto& [key, value] : bind_text("pde: {kind: hjb20}\n").choices())
    CHECK(key != "pde.lq_ansatz");  // recorded for hjb_lq runs only
  const std::string bad =
      input_error_text([] { bind_text("pde: {kind: hjb_lq, lq_ansatz: tailor}\n"); });
  CHECK(bad.find("pde.lq_ansatz = tailor") != std::string::npos);
  CHECK(bad.find("allowed: terminal, taylor") != std::string::npos);
  CHECK(input_error_text([] { bind_text("pde: {kind: hjb20, lq_ansatz: taylor}\n"); })
            .find("applies to kind hjb_lq only") != std::string::npos);
}

TEST_CASE("Cross-section rules: in-situ subspace training (L2ight) needs the photonic model") {
  CHECK(input_error_text([] {
          bind_text("chip: {model: digital}\noptimizer: {kind: in_situ_subspace}\n");
        }) == "chip.yaml:2:19: optimizer.kind = in_situ_subspace: in_situ_subspace (L2ight) "
              "trains the attenuators of the chip in situ and needs chip.model = photonic; a "
              "digital model has no chip: use optimizer.kind = first_order there");
  const Scenario s = bind_text(
      "chip: {model: photonic}\noptimizer: {kind: in_situ_subspace, in_situ: {method: l2ight}}\n");
  CHECK(s.optimizer.kind == OptimizerKind::kInSituSubspace);
  CHECK(s.optimizer.in_situ.method == solvers::InSituMethod::kL2ight);
  CHECK(input_error_text([] {
          bind_text("chip: {model: photonic}\noptimizer: {kind: in_situ_subspace, in_situ: "
                    "{method: flops}}\n");
        }).find("optimizer.in_situ.method = flops: unknown in-situ method") != std::string::npos);
}

TEST_CASE("chip.calibration is one setting: the chip's non-idealities and the recorded choices") {
  const Scenario published = bind_text(kFull);
  CHECK(published.chip.photonic.non_idealities.calibration == photonics::Calibration::kNone);
  CHECK(published.chip.photonic.non_idealities.quantization_domain ==
        photonics::QuantizationDomain::kPhase);
  std::string text = kFull;
  text.replace(text.find("  topology: reck\n"), 17,
               "  topology: reck\n  calibration: measured\n  crosstalk_calibration_error: 0.05\n");
  const Scenario measured = bind_text(text);
  CHECK(measured.chip.photonic.non_idealities.calibration == photonics::Calibration::kMeasured);
  CHECK(measured.chip.photonic.non_idealities.crosstalk_calibration_error == 0.05);
  bool recorded = false;
  for (const auto& [key, value] : measured.choices())
    recorded |= key == "chip.calibration" && value == "measured";
  CHECK(recorded);
  text.replace(text.find("calibration: measured"), 21, "calibration: exact");
  CHECK(input_error_text([&] { bind_text(text); }).find("calibration") != std::string::npos);
}

TEST_CASE("run.precision binds f64 and f32 into the network spec and rejects other values, "
          "listing the allowed ones") {
  CHECK(bind_text("network: {reference: hjb20}\n").run.precision == Precision::kF64);
  const Scenario s = bind_text("network: {reference: hjb20}\nrun: {precision: f32}\n");
  CHECK(s.run.precision == Precision::kF32);
  CHECK(network_spec(s).options.precision == Precision::kF32);
  CHECK(s.expanded.find("precision: f32") != std::string::npos);
  const std::string text = input_error_text([] { bind_text("run: {precision: f16}\n"); });
  CAPTURE(text);
  CHECK(text.find("run.precision = f16") != std::string::npos);
  CHECK(text.find("allowed: f64, f32") != std::string::npos);
}

TEST_CASE("f32 is refused where it was not shown to hold: a small Stein sigma, finite "
          "differences, first-order and in-situ gradients") {
  const auto refusal = [](const std::string& text) {
    return input_error_text([&] { bind_text(text); });
  };
  const std::string base = "network: {reference: hjb20}\nrun: {precision: f32}\n";
  // sigma = 1e-3 (the 2-D scenarios): the Hessian divides float rounding by 1e-6.
  std::string t = refusal(base + "estimator: {kind: sparse_grid, sparse_grid: {sigma: 0.001}}\n");
  CAPTURE(t);
  CHECK(t.find("run.precision") != std::string::npos);
  CHECK(t.find("sigma >= 0.01") != std::string::npos);
  t = refusal(base + "estimator: {kind: finite_difference}\n");
  CHECK(t.find("estimator.kind = finite_difference") != std::string::npos);
  t = refusal(base + "chip: {model: digital}\noptimizer: {kind: first_order}\n");
  CHECK(t.find("f32 needs optimizer.kind = zo") != std::string::npos);
  // sigma = 0.01 (the edge) is accepted.
  CHECK(bind_text(base + "estimator: {kind: monte_carlo, monte_carlo: {sigma: 0.01}}\n")
            .run.precision == Precision::kF32);
}

TEST_CASE("An iterate average with a gradient optimizer is refused when the scenario is "
          "bound, at run.average.kind") {
  const std::string t = input_error_text([] {
    bind_text("network: {reference: hjb20}\nchip: {model: digital}\n"
              "optimizer: {kind: first_order}\nrun: {average: {kind: ema}}\n");
  });
  CAPTURE(t);
  CHECK(t.find("run.average.kind") != std::string::npos);
  CHECK(t.find("must be none with optimizer.kind = first_order") != std::string::npos);
}
