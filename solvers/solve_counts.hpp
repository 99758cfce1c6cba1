#pragma once
// What one solve (a whole training run) asks of the chip, as counts the energy/latency
// ledger charges: iterations, programmed states (loss evaluations), network inferences,
// and the heater retunes between consecutive states, grouped by how far the heaters move
// (the thermal settle time depends on the largest phase step, t = tau ln(step / tol)).
//
// planned_counts() derives them from first principles for a random-direction ZO run with
// central differences and Rademacher directions (solvers/zo_estimator.hpp), states in the
// estimator's order: [L(theta)], then per block, per direction, theta + mu u and
// theta - mu u. Between two consecutive states a block's heaters move by
//   mu      from or to the unperturbed theta,
//   2 mu    from +mu u_i to -mu u_i (antithetic pair),
//   2 mu    on half of them in expectation between different directions u_i, u_j (a
//           Rademacher coordinate differs with probability 1/2),
// and the optimiser update is programmed together with the first state of the next
// iteration (solvers/zo_step.hpp): every heater moves by the update step on top. Blocks
// without heaters (a dense layer read out digitally, biases) cost states but no retune.
#include <optional>
#include <string>
#include <vector>

#include "solvers/chip_model.hpp"

namespace tonnsim::solvers {

/// Retunes of one kind: `states` occurrences, each moving `heaters` heaters by at most
/// `phase_step_rad`; the heaters of one state settle together (in parallel).
struct RetuneClass {
  std::string name;             // what causes it ("update", "perturb_mu", "tile_switch", ...)
  long states = 0;              // occurrences over the solve
  long heaters = 0;             // heaters changed per occurrence
  double phase_step_rad = 0.0;  // largest phase step of a changed heater, in [0, 2 pi)
};

struct SolveCounts {
  long iterations = 0;               // optimiser iterations (digital control overhead each)
  long programmed_states = 0;        // loss evaluations: the chip is programmed and measured
  long forward_evals = 0;            // network inferences over all states
  std::vector<RetuneClass> retunes;  // every state change that moves a heater
  // Heater power held along the solve: a run's mean over the states it programmed (every
  // loss evaluation's measured program, wraps included; scenarios/runner/training_run.cpp),
  // charged for the whole solve. Unset: the chip's initial program holds for the whole solve
  // (ChipModel::static_power_w, what a plan assumes).
  std::optional<double> static_power_w;

  /// Sum over classes of states x heaters.
  long heater_changes() const;
  /// Throws InputError naming the field: negative counts, retunes[i].phase_step_rad out
  /// of [0, 2 pi), or more retuning states than programmed states.
  void validate() const;
};

/// The ZO run to plan. Defaults: the published HJB-20 phase-domain run (design notes).
struct SolvePlan {
  long iterations = 10000;  // published: 10,000 iterations
  long batch = 100;         // published: 100 collocation points per state
  // Network inferences per collocation point: the level-3 sparse-grid Stein stencil for
  // D = 21 has 925 distinct points with the mirror merge, 1851 = 2 x 925 + 1 as published
  // (pinn/sparse_grid_stein.hpp).
  long evaluations_per_point = 925;
  int directions = 1;      // N per block; published phase domain: 1
  bool layer_wise = true;  // one block per network layer (published) or one joint block
  double mu_rad = 0.025;   // published phase-domain perturbation radius
  // Per-heater step of the optimiser update. Adam moves each coordinate by about its
  // learning rate (published lr 1e-3) or less.
  double update_step_rad = 1e-3;
  bool loss_at_theta = true;  // one more state per iteration measuring L(theta)

  void validate() const;
};

/// Counts of `plan` on `chip` (blocks: the chip's layers, or all of them jointly), as
/// derived above. The first iteration starts from the initial program (no update).
SolveCounts planned_counts(const ChipModel& chip, const SolvePlan& plan);

/// Name of the retune class of programmed states whose heaters wrap (counts_from_record).
inline constexpr const char* kWrapRetuneName = "measured_wrap";

/// Counts from a run's cumulative record (solvers/trainer.hpp IterationRecord: iterations,
/// loss_evals, forward_evals, phase_retunes): one retune class of loss_evals states moving
/// phase_retunes / loss_evals heaters (rounded) by `phase_step_rad` each. The trainer counts
/// every changed coordinate, digital ones (biases, a digital read-out layer) included, so
/// this over-counts heaters on such networks; settle times depend only on the step.
/// `wrap_states` of those states moved a heater across its range (a wrap, trainer.hpp):
/// they form a class of their own ("measured_wrap") whose largest swing is the real one,
/// 2 pi - phase_step_rad. `static_power_w`: the heater power held along the run
/// (SolveCounts::static_power_w).
SolveCounts counts_from_record(long iterations, long loss_evals, long forward_evals,
                               long phase_retunes, double phase_step_rad, long wrap_states = 0,
                               std::optional<double> static_power_w = std::nullopt);

}  // namespace tonnsim::solvers
