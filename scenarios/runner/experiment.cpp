#include "scenarios/runner/experiment.hpp"

#include "solvers/parameter_groups.hpp"
#include "tonn/photonic_network.hpp"

namespace tonnsim::runner {

tonn::HardwareAccounting hardware_accounting(const Scenario& s) {
  tonn::HardwareAccounting a;
  a.tt = s.chip.accounting;
  a.dense = s.chip.dense;
  a.reshape = s.chip.photonic.reshape;
  a.core_size = s.chip.photonic.core_size;
  return a;
}

Experiment build_experiment(const Scenario& s) {
  tonn::NetworkSpec spec = network_spec(s);
  Experiment e{spec, tonn::build_network(spec), std::nullopt, nullptr, {}};
  e.loss = std::make_unique<pinn::PinnLoss>(
      pinn::make_pinn_loss(s.problem.pde, s.estimator, s.problem.loss));
  if (s.chip.model == ModelKind::kPhotonic)
    e.photonic = tonn::make_photonic_network(e.digital, s.chip.photonic, s.chip.dense);
  // The TONN's static power comes from the phases it holds; the dense optical network is
  // counted from its layer sizes only (programming it would cost an O(N^3) decomposition
  // per 512-wide layer and adds nothing to the MZI comparison).
  e.hardware = tonn::compare(tonn::tonn_hardware(e.model(), hardware_accounting(s), s.device),
                             tonn::dense_optical_hardware(tonn::layer_shapes(spec), s.device));
  return e;
}

std::unique_ptr<solvers::ZoStepper> make_zo_stepper(const Scenario& s, const tonn::Network& model) {
  const auto layout =
      solvers::ParameterLayout::from_groups(model.parameter_groups(), model.num_parameters());
  return std::make_unique<solvers::ZoStepper>(
      solvers::make_zo_estimator(s.optimizer.zo, layout),
      solvers::make_update_rule(s.optimizer.update, model.num_parameters()),
      s.optimizer.learning_rate);
}

}  // namespace tonnsim::runner
