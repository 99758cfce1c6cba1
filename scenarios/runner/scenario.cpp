#include "scenarios/runner/scenario.hpp"

#include <cmath>
#include <cstdio>

#include "pinn/pde_library.hpp"
#include "scenarios/runner/device_section.hpp"
#include "scenarios/runner/resource_limits.hpp"
#include "scenarios/runner/section_binders.hpp"
#include "tonn/reference_models.hpp"

namespace tonnsim::runner {

namespace {
void bind_device(ConfigNode node, Scenario& s) { bind_device_parameters(node, s.device); }

/// Rules across sections, checked once all are bound.
void resolve(ConfigNode root, Scenario& s) {
  const std::uint64_t seed = s.run.seed;
  s.problem.loss.seed = s.problem.seed.value_or(seed);
  s.network.spec.seed = s.network.seed.value_or(seed);
  s.network.hjb20.seed = s.network.spec.seed;
  s.chip.photonic.seed = s.chip.seed.value_or(seed);
  s.chip.photonic.device = s.device;
  s.optimizer.zo.common.seed = seed;
  if (s.optimizer.kind == OptimizerKind::kFirstOrder && s.chip.model == ModelKind::kPhotonic)
    root.child("optimizer").fail("kind", "needs chip.model = digital (back-propagation "
                                         "through the digital weights; on the chip use "
                                         "optimizer.kind = zo or in_situ_subspace)");
  if (s.optimizer.kind == OptimizerKind::kInSituSubspace && s.chip.model != ModelKind::kPhotonic)
    root.child("optimizer").fail("kind", "in_situ_subspace (L2ight) trains the attenuators of "
                                         "the chip in situ and needs chip.model = photonic; a "
                                         "digital model has no chip: use optimizer.kind = "
                                         "first_order there");
  if (s.estimator.kind == pinn::EstimatorKind::kExact && s.chip.model == ModelKind::kPhotonic)
    root.child("estimator").fail("kind", "needs chip.model = digital (exact derivatives "
                                         "cannot be measured on a chip; use sparse_grid, "
                                         "monte_carlo or finite_difference)");
  if (s.run.trainer.average.kind != solvers::AverageKind::kNone &&
      s.optimizer.kind != OptimizerKind::kZo)
    root.child("run").child("average").fail(
        "kind", "must be none with optimizer.kind = " + to_string(s.optimizer.kind) +
                    " (the iterate average is a ZO option: solvers/parameter_average.hpp)");
  if (s.run.precision == Precision::kF32) {
    // Where f32 was measured to hold (tests/pinn/single_precision_loss_test.cpp): ZO losses
    // from a Stein estimator with sigma >= 1e-2. A smaller sigma divides the float rounding
    // of the stencil outputs (~6e-8 relative) by sigma^2 in the Hessian; the first-order
    // and L2ight gradients run their reverse pass in double on an f32 forward.
    if (s.optimizer.kind != OptimizerKind::kZo)
      root.child("run").fail("precision", "f32 needs optimizer.kind = zo (the gradient of "
                                          "first_order and in_situ_subspace is formed in "
                                          "double; use f64)");
    const double sigma =
        s.estimator.kind == pinn::EstimatorKind::kSparseGrid   ? s.estimator.sparse_grid.sigma
        : s.estimator.kind == pinn::EstimatorKind::kMonteCarlo ? s.estimator.monte_carlo.sigma
                                                                : 0.0;
    if (sigma < 1e-2)
      root.child("run").fail(
          "precision", "f32 needs estimator.kind = sparse_grid or monte_carlo with sigma >= "
                       "0.01 (the Stein Hessian divides the float rounding of the network "
                       "outputs by sigma^2; estimator.kind = " + to_string(s.estimator.kind) +
                       (sigma > 0.0 ? ", sigma = " + std::to_string(sigma) : std::string()) +
                       "); use f64");
  }
  // A coordinate-wise difference whose span is below the phase DAC's step. cge moves one
  // phase at a time, to theta +- mu (central: the two sides 2 mu apart) or to theta + mu
  // (forward: mu from the centre); phase-domain quantisation puts codes lsb = 2 pi / 2^bits
  // apart (0.0245 rad at the published 8 bits; photonics/non_idealities.hpp). With a span
  // h < lsb a fraction 1 - h / lsb of the differences round both sides to one heater code
  // and measure 0, the rest one code step (h = 2 x 0.01 at the default mu: 18.5 % zeros).
  // Random directions are not checked: they move every phase at once, so a difference is
  // never 0, only quantised. Voltage-domain quantisation (steps that vary with the phase) and
  // coordinate sets restricted by group_prefixes or given indices (possibly digital
  // parameters, which are not quantised) are not checked either.
  const auto& noise = s.chip.photonic.non_idealities;
  const auto& zo = s.optimizer.zo;
  const bool coordinate_runs =
      zo.kind == solvers::ZoEstimatorKind::kCoordinate ||
      (zo.kind == solvers::ZoEstimatorKind::kHybrid &&
       zo.hybrid_switch_iteration < s.run.trainer.iterations);
  if (s.chip.model == ModelKind::kPhotonic && s.optimizer.kind == OptimizerKind::kZo &&
      coordinate_runs && noise.quantization &&
      noise.quantization_domain == photonics::QuantizationDomain::kPhase &&
      zo.coordinate.group_prefixes.empty() &&
      zo.coordinate.selection != solvers::CoordinateSelection::kGiven) {
    const double lsb = photonics::phase_lsb(noise.quantization_bits);
    const bool central = zo.coordinate.scheme == solvers::DifferenceScheme::kCentral;
    const double span = (central ? 2.0 : 1.0) * zo.coordinate.mu;
    if (span < lsb) {
      char text[400];
      std::snprintf(text, sizeof text,
                    "optimizer.zo.coordinate.mu = %g rad: a %s difference spans %g rad, less "
                    "than the chip's phase DAC step 2 pi / 2^%d = %.4g rad "
                    "(chip.non_idealities.quantization_bits), so %.0f %% of the differences "
                    "round both sides to one heater code and measure 0, the rest one code "
                    "step; mu >= %g rad spans a code",
                    zo.coordinate.mu, central ? "central" : "forward", span,
                    noise.quantization_bits, lsb, 100.0 * (1.0 - span / lsb),
                    std::ceil((central ? 0.5 : 1.0) * lsb * 1e6) / 1e6);
      s.notes.emplace_back(text);
    }
  }
  // The network must take the PDE's inputs: (x, t), space first. Building the PDE also
  // applies its own rules (e.g. hjb_lq's horizon), located at the pde section.
  int pde_inputs = 0;
  check_pde_dimension_limit(root.child("pde"), s.problem.pde);
  root.child("pde").validate([&] { pde_inputs = pinn::make_pde(s.problem.pde)->input_dim(); });
  const std::string inputs_note = " (pde.kind = " + to_string(s.problem.pde.kind) + ")";
  auto& n = s.network;
  if (n.reference == ReferenceNetwork::kHjb20 && pde_inputs != 21)
    root.child("network").fail("reference", "takes 21 inputs, but pde.kind = " +
                                                to_string(s.problem.pde.kind) + " has " +
                                                std::to_string(pde_inputs) +
                                                "; give network.layers instead");
  if (n.reference == ReferenceNetwork::kNone && !n.spec.layers.empty()) {
    if (!n.input_dim_given) n.spec.input_dim = pde_inputs;
    if (n.spec.input_dim != pde_inputs)
      root.child("network").fail("input_dim", "must equal the PDE's input dimension " +
                                                  std::to_string(pde_inputs) + inputs_note);
    root.child("network").validate([&] { n.spec.validate(); });
  }
  // A reference network's layers come from its few keys (network.omega0, tt_rank): their
  // rules are checked on the spec they build, and located at those keys.
  if (n.reference != ReferenceNetwork::kNone)
    root.child("network").validate([&] { network_spec(s).validate(); });
  check_resource_limits(root, s);  // after every rule above, before anything is built
}
}  // namespace

const std::vector<SectionBinder>& scenario_sections() {
  static const std::vector<SectionBinder> sections{
      {"device", "device constants of the chip (photonics::DeviceParameters)", &bind_device},
      {"pde", "the PDE, its sampling and test set", &bind_problem_section},
      {"estimator", "derivative estimator for the PINN loss", &bind_estimator_section},
      {"network", "layers, TT shapes and ranks, activation, initialisation",
       &bind_network_section},
      {"chip", "photonic realisation: tensor-core size, mesh topology, non-idealities",
       &bind_chip_section},
      {"optimizer", "ZO or first-order training: estimator, update rule, schedule",
       &bind_optimizer_section},
      {"run", "iterations, evaluation and checkpoint cadence, seed", &bind_run_section},
  };
  return sections;
}

Scenario bind_scenario(const ConfigDocument& document) {
  Scenario scenario;
  ConfigNode root = document.root();
  root.get("description", scenario.description);
  for (const auto& section : scenario_sections()) {
    if (section.bind) {
      section.bind(root.child(section.key), scenario);
    } else {
      root.skip(section.key);
      if (root.has(section.key)) scenario.unchecked_sections.emplace_back(section.key);
    }
  }
  root.finish();
  resolve(root, scenario);
  YAML::Emitter expanded;
  expanded << root.expanded();
  scenario.expanded = std::string(expanded.c_str()) + "\n";
  return scenario;
}

tonn::NetworkSpec network_spec(const Scenario& s) {
  if (s.network.reference == ReferenceNetwork::kHjb20) {
    tonn::Hjb20ReferenceOptions o = s.network.hjb20;
    o.tt_forward = s.network.spec.tt_forward;
    o.options = s.network.spec.options;
    o.options.precision = s.run.precision;
    tonn::NetworkSpec spec = tonn::hjb20_reference_spec(o);
    spec.init = s.network.spec.init;
    return spec;
  }
  if (s.network.spec.layers.empty())
    throw InputError("scenario has no network: add `network: {reference: hjb20}` or a "
                     "`network.layers` list");
  tonn::NetworkSpec spec = s.network.spec;
  spec.options.precision = s.run.precision;
  return spec;
}

std::vector<std::pair<std::string, std::string>> Scenario::choices() const {
  std::vector<std::pair<std::string, std::string>> c{
      {"pde.kind", to_string(problem.pde.kind)},
      {"estimator.kind", to_string(estimator.kind)},
      {"network.reference", to_string(network.reference)},
      {"network.init", to_string(network.spec.init)},
      {"chip.model", to_string(chip.model)},
      {"run.precision", to_string(run.precision)},
      {"chip.topology", to_string(chip.photonic.topology)},
      {"chip.reshape", to_string(chip.photonic.reshape)},
      {"chip.dense", to_string(chip.dense)},
      {"chip.accounting", to_string(chip.accounting)},
      {"chip.non_idealities.preset", to_string(chip.preset)},
      {"chip.non_idealities.quantization_domain",
       to_string(chip.photonic.non_idealities.quantization_domain)},
      {"chip.calibration", to_string(chip.photonic.non_idealities.calibration)},
      {"chip.organisation", to_string(chip.ledger.organisation)},
      {"optimizer.kind", to_string(optimizer.kind)},
      {"optimizer.zo.kind", to_string(optimizer.zo.kind)},
      {"optimizer.in_situ.method", to_string(optimizer.in_situ.method)},
      {"optimizer.update.kind", to_string(optimizer.update.kind)},
      {"optimizer.learning_rate.schedule", to_string(optimizer.learning_rate.schedule)},
  };
  if (problem.pde.kind == pinn::PdeKind::kHjbLq)
    c.emplace_back("pde.lq_ansatz", to_string(problem.pde.lq_ansatz));
  return c;
}

}  // namespace tonnsim::runner
