#pragma once
// The objects a scenario describes, built and wired together: the PINN loss, the digital
// network at its initialisation, the photonic network programmed from it (chip.model =
// photonic), the hardware report, and the optimiser. Pure construction: no files, no
// printing, so tests and sweeps build the same experiment the command line runs.
#include <memory>
#include <optional>

#include "pinn/pinn_loss.hpp"
#include "scenarios/runner/scenario.hpp"
#include "solvers/chip_model.hpp"
#include "solvers/solve_counts.hpp"
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

/// The output error ||f_chip - f_digital||_2 / ||f_digital||_2 of the raw network outputs
/// (not a weight error) on the PDE's test points: how far programming the digital weights onto this chip (with its
/// non-idealities) moves the function before any in-situ training. NaN for the digital
/// model.
double programming_error(Experiment& e);

/// The ledger plan of the scenario's ZO run (counts derived before running); nullopt when
/// the model is digital or the optimiser is not random-direction ZO.
std::optional<solvers::SolvePlan> planned_run(const Scenario& scenario, const Experiment& e);

/// The chip the ledger charges: the model's photonic stages and electronic loads, with the
/// static heater power of the phases it holds now. Call only for the photonic model.
solvers::ChipModel experiment_chip_model(const Scenario& scenario, Experiment& e);

/// How the scenario's chip is counted (chip.accounting, chip.dense, reshape, core size).
tonn::HardwareAccounting hardware_accounting(const Scenario& scenario);

}  // namespace tonnsim::runner
