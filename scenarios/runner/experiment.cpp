#include "scenarios/runner/experiment.hpp"

#include <cmath>

#include "scenarios/runner/hdf5_file.hpp"
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
  if (!s.network.initial_parameters.empty()) {
    const std::string& path = s.network.initial_parameters;
    const Hdf5File f = Hdf5File::open(path);
    if (f.has_attribute("/meta/choices", "chip.model") &&
        f.string_attribute("/meta/choices", "chip.model") != to_string(ModelKind::kDigital))
      throw InputError("network.initial_parameters = " + path +
                       ": must be a run of the digital model (its parameters are weights; this "
                       "file holds phases of chip.model = " +
                       f.string_attribute("/meta/choices", "chip.model") + ")");
    const std::vector<double> p = f.read_doubles("/final/parameters");
    if (static_cast<Eigen::Index>(p.size()) != e.digital.num_parameters())
      throw InputError("network.initial_parameters = " + path + ": holds " +
                       std::to_string(p.size()) + " parameters, the network has " +
                       std::to_string(e.digital.num_parameters()) + " (same network.* needed)");
    e.digital.set_parameters(Eigen::Map<const Vec>(p.data(), static_cast<Eigen::Index>(p.size())));
  }
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

solvers::ChipModel experiment_chip_model(const Scenario& s, Experiment& e) {
  std::vector<bool> nonlinear;
  for (int l = 0; l < e.model().num_layers(); ++l)
    nonlinear.push_back(e.model().activation(l).kind != tonn::ActivationKind::kIdentity);
  solvers::ChipModel chip =
      solvers::chip_model(tonn::layer_shapes(e.spec), nonlinear, hardware_accounting(s), s.device,
                          e.hardware.tonn.static_power_w.value_or(0.0));
  chip.crosstalk = solvers::network_crosstalk(e.model());  // the computing chip's calibration
  return chip;
}

double programming_error(Experiment& e) {
  if (!e.photonic) return std::nan("");
  const Mat& x = e.loss->test_points();
  Vec digital(x.cols()), chip(x.cols());
  e.digital.evaluate(x, digital);
  e.photonic->evaluate(x, chip);
  return (chip - digital).norm() / digital.norm();
}

std::optional<solvers::SolvePlan> planned_run(const Scenario& s, const Experiment& e) {
  const auto& zo = s.optimizer.zo;
  if (!e.photonic || s.optimizer.kind != OptimizerKind::kZo ||
      zo.kind != solvers::ZoEstimatorKind::kRandomDirection)
    return std::nullopt;
  solvers::SolvePlan plan;
  plan.iterations = s.run.trainer.iterations;
  plan.batch = 1;  // one "point" = one whole loss: all collocation and condition points
  plan.evaluations_per_point = static_cast<long>(e.loss->evaluations_per_loss());
  plan.directions = zo.random_direction.directions;
  plan.layer_wise = zo.random_direction.scope == solvers::PerturbationScope::kGroupWise;
  plan.mu_rad = zo.random_direction.mu;
  plan.update_step_rad = s.optimizer.learning_rate.initial;
  plan.loss_at_theta = zo.common.evaluate_loss_at_theta;
  return plan;
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
