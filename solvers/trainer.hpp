#pragma once
// The in-situ training loop: each iteration resamples the collocation points, asks a ZO
// estimator for a gradient of the PINN loss from forward measurements of the (digital or
// photonic) network, and updates the parameters. Everything a trace needs is recorded per
// iteration; a NaN or Inf loss stops the run with a RunError after the records so far have
// been handed to the observer.
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <vector>

#include "pinn/pinn_loss.hpp"
#include "solvers/objective.hpp"
#include "solvers/parameter_average.hpp"
#include "solvers/zo_step.hpp"
#include "tonn/network.hpp"

namespace tonnsim::solvers {

struct TrainerOptions {
  long iterations = 10000;  // published: 10,000 ZO iterations
  long eval_every = 100;    // relative L2 on the test set every K iterations (and at the end)
  // Evaluate the states of an iteration as one family that computes the layers a state
  // shares with the iteration's first state (L(theta), or the first perturbed state) once
  // (tonn/network_family.hpp). Exact: the trace is bit-identical with it off; dynamic
  // noise turns the sharing off by itself (each state then runs every layer). Off: one
  // state after the other, the reference path.
  bool share_layers = true;
  // What the test error and the trained network are: the last iterate (none, published) or
  // a moving average of the iterates (solvers/parameter_average.hpp). ZO training only.
  ParameterAverageOptions average;
  void validate() const;
};

/// One row of the trace. Cumulative counters make a truncated trace self-describing.
struct IterationRecord {
  long iteration = 0;
  double loss = std::numeric_limits<double>::quiet_NaN();    // L(theta_k) on this step's points
  double rel_l2 = std::numeric_limits<double>::quiet_NaN();  // test error, NaN when not evaluated
  // ||u_pred - u|| / ||u - g|| on the test set (pinn::TestMetrics), NaN when not evaluated
  double rel_l2_learned = std::numeric_limits<double>::quiet_NaN();
  double max_abs_error = std::numeric_limits<double>::quiet_NaN();  // max |u_pred - u|, idem
  double grad_norm = 0.0;
  double learning_rate = 0.0;
  long forward_evals = 0;     // cumulative network evaluations (samples through the network)
  long loss_evals = 0;        // cumulative programmed states measured (loss evaluations)
  long phase_retunes = 0;     // cumulative parameter changes (heater retunes on a chip)
  // Heater range (photonic model): heaters the update of this iteration moved out of
  // [0, phi_max] and wrapped by 2 pi, their cumulative count, and the cumulative programmed
  // states whose retune swung a heater across its range (perturbations included).
  long wraps = 0;
  long cumulative_wraps = 0;
  long wrap_states = 0;
  // Heater power (W) of the programs held during this iteration on the chip, averaged over
  // its states (perturbations and their wraps included; NaN on a digital model), and the
  // cumulative sum over all states measured (the ledger's static power: sum / loss_evals).
  double static_power_w = std::numeric_limits<double>::quiet_NaN();
  double static_power_sum_w = 0.0;
  double wall_s = 0.0;        // wall time since the start of training
};

/// L(theta) = PINN loss of the network with parameters theta on the current step's points.
/// On a photonic network every programmed state draws its own dynamic phase noise from
/// stream index = the number of states measured before it (tonn::reseed_phase_noise), so
/// the noise a state sees depends only on the seed and its position in the run.
class NetworkObjective final : public Objective {
 public:
  /// share_layers: measure a batch of states as one tonn::NetworkFamily (see
  /// TrainerOptions::share_layers); otherwise one state after the other.
  NetworkObjective(tonn::Network& network, pinn::PinnLoss& loss, bool share_layers = true);
  Index dimension() const override { return network_.num_parameters(); }
  /// Index of the next state measured (the count of states before it in the run).
  void set_next_state_index(std::uint64_t index) { next_state_ = index; }
  /// Sum over the states measured so far of the chip's heater power holding each (W; 0
  /// on a digital network): the ledger's static power is this over the state count.
  double state_power_sum_w() const { return power_sum_w_; }
  void set_state_power_sum_w(double sum_w) { power_sum_w_ = sum_w; }

 protected:
  double evaluate_state(const Vec& theta) override;
  /// With share_layers: column 0 on the network itself, column k on a clone of it, each
  /// programmed, reseeded and charged in column order as evaluate_state() would, then one
  /// family loss (pinn::PinnLoss::family_loss_terms).
  void evaluate_states(const StatesRef& thetas, Vec& values) override;

 private:
  // Programs one state on `net` (parameters, its own noise stream); returns the heater
  // power holding it (W; 0 on a digital network).
  double program(tonn::Network& net, const Eigen::Ref<const Vec>& theta);

  tonn::Network& network_;
  pinn::PinnLoss& loss_;
  bool share_layers_;
  std::vector<std::unique_ptr<tonn::Network>> clones_;  // members 1.. of a family
  std::uint64_t next_state_ = 0;
  double power_sum_w_ = 0.0;
};

/// Copies the test metrics into the record's rel_l2, rel_l2_learned and max_abs_error.
void set_test_metrics(IterationRecord& record, const pinn::TestMetrics& metrics);
/// The record's test metrics (NaN where the record was not evaluated).
pinn::TestMetrics test_metrics(const IterationRecord& record);

/// Noise stream index of the test-set evaluation after iteration k: far above any state
/// index a run reaches, so test evaluations never share noise with training states.
std::uint64_t test_noise_state(long iteration);

using IterationObserver = std::function<void(const IterationRecord&)>;

/// What a resumed run needs besides the stepper's state and the parameters to continue
/// exactly as a run that never stopped.
struct TrainerResume {
  ObjectiveCounters counters;  // cumulative states measured, heater changes, wrap states
  Vec programmed_state;        // the state the chip held last (retune counts start from it)
  double wall_s = 0.0;         // training wall time before the restart, s
  long cumulative_wraps = 0;   // update wraps so far
  double static_power_sum_w = 0.0;  // NetworkObjective::state_power_sum_w() so far
  Vec average;                      // the parameter average so far (empty when off)
};

/// Receives (last record, theta after that iteration, what a resume needs).
using CheckpointSink =
    std::function<void(const IterationRecord&, const Vec& theta, const TrainerResume&)>;

struct TrainerHooks {
  IterationObserver observe;       // every iteration, after its record is complete
  CheckpointSink checkpoint;       // every checkpoint_every iterations and at the end
  long checkpoint_every = 0;       // 0: only at the end
  std::optional<TrainerResume> resume;  // continue counters and wall time from here
  // Asked after observe() of each finite iteration; true makes that iteration the last:
  // the returned record gets its test metrics and the checkpoint is written, exactly as
  // when the run ends there by its length (a caller stopping early, e.g. a Python callback,
  // or SIGINT). The row observe() already saw keeps NaN test metrics when the iteration is
  // off eval_every: the stop is decided after it (the returned record and /final have them).
  std::function<bool()> stop_requested;
};

/// Whether a finite iteration k of [first, last) ends the run: it is the last one, or the
/// caller asked to stop after it (hooks.stop_requested). Shared by both trainers.
bool ends_run(const TrainerHooks& hooks, long k, long last);

/// Moves every heater coordinate of theta into its range [0, phi_max] by whole turns of
/// 2 pi (photonics/heater_power.hpp); returns how many moved (wraps).
long wrap_into_heater_range(Vec& theta, const std::vector<HeaterRange>& ranges);

/// The heater-phase coordinates of a network's parameters (tonn::heater_spans); empty for a
/// digital network.
std::vector<HeaterRange> network_heater_ranges(const tonn::Network& network);

/// Runs `options.iterations` ZO steps starting at the network's current parameters, from
/// iteration stepper.iteration() on (so a resumed stepper continues where it stopped).
/// The network ends holding the final parameters. Returns the last record.
/// On a photonic network the heater phases live in their range: after each update, a
/// coordinate outside [0, phi_max] wraps by 2 pi (counted in IterationRecord::wraps), and
/// the objective counts states whose retune swings a heater across the range.
/// The test error is evaluated after iterations k with (k + 1) % eval_every == 0 and after
/// the last one, so a resumed run evaluates at the same iterations as an uninterrupted one.
IterationRecord train_zo(tonn::Network& network, pinn::PinnLoss& loss, ZoStepper& stepper,
                         const TrainerOptions& options, const IterationObserver& observe = {});
/// As above, with checkpoints and resume.
IterationRecord train_zo(tonn::Network& network, pinn::PinnLoss& loss, ZoStepper& stepper,
                         const TrainerOptions& options, const TrainerHooks& hooks);

}  // namespace tonnsim::solvers
