#pragma once
// The objects a scenario describes, built and wired together: the PINN loss, the digital
// network at its initialisation, the photonic network programmed from it (chip.model =
// photonic), the hardware report, and the optimiser. Pure construction: no files, no
// printing, so tests and sweeps build the same experiment the command line runs.
#include <memory>
#include <optional>

#include "pinn/pinn_loss.hpp"
#include "scenarios/runner/scenario.hpp"
#include "solvers/zo_step.hpp"
#include "tonn/hardware_report.hpp"
#include "tonn/network.hpp"

namespace tonnsim::runner {

struct Experiment {
  tonn::NetworkSpec spec;                 // what network_spec(scenario) resolved to
  tonn::Network digital;                  // SIREN (or other rule) initialised weights
  std::optional<tonn::Network> photonic;  // the same network programmed into phases
  std::unique_ptr<pinn::PinnLoss> loss;
  tonn::HardwareComparison hardware;      // TONN chip vs dense optical network

  /// The network the optimiser trains: photonic when chip.model = photonic.
  tonn::Network& model() { return photonic ? *photonic : digital; }
};

/// Builds everything `scenario` names; InputError for inconsistent choices.
Experiment build_experiment(const Scenario& scenario);

/// The ZO stepper (estimator over the model's parameter groups, update rule, schedule).
std::unique_ptr<solvers::ZoStepper> make_zo_stepper(const Scenario& scenario,
                                                    const tonn::Network& model);

/// How the scenario's chip is counted (chip.accounting, chip.dense, reshape, core size).
tonn::HardwareAccounting hardware_accounting(const Scenario& scenario);

}  // namespace tonnsim::runner
