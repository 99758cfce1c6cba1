#pragma once
// The in-situ training loop: each iteration resamples the collocation points, asks a ZO
// estimator for a gradient of the PINN loss from forward measurements of the (digital or
// photonic) network, and updates the parameters. Everything a trace needs is recorded per
// iteration; a NaN or Inf loss stops the run with a RunError after the records so far have
// been handed to the observer.
#include <cstdint>
#include <functional>
#include <limits>

#include "pinn/pinn_loss.hpp"
#include "solvers/objective.hpp"
#include "solvers/zo_step.hpp"
#include "tonn/network.hpp"

namespace tonnsim::solvers {

struct TrainerOptions {
  long iterations = 10000;  // published: 10,000 ZO iterations
  long eval_every = 100;    // relative L2 on the test set every K iterations (and at the end)
  void validate() const;
};

/// One row of the trace. Cumulative counters make a truncated trace self-describing.
struct IterationRecord {
  long iteration = 0;
  double loss = std::numeric_limits<double>::quiet_NaN();    // L(theta_k) on this step's points
  double rel_l2 = std::numeric_limits<double>::quiet_NaN();  // test error, NaN when not evaluated
  double grad_norm = 0.0;
  double learning_rate = 0.0;
  long forward_evals = 0;     // cumulative network evaluations (samples through the network)
  long loss_evals = 0;        // cumulative programmed states measured (loss evaluations)
  long phase_retunes = 0;     // cumulative parameter changes (heater retunes on a chip)
  double wall_s = 0.0;        // wall time since the start of training
};

/// L(theta) = PINN loss of the network with parameters theta on the current step's points.
class NetworkObjective final : public Objective {
 public:
  NetworkObjective(tonn::Network& network, pinn::PinnLoss& loss);
  Index dimension() const override { return network_.num_parameters(); }

 protected:
  double evaluate_state(const Vec& theta) override;

 private:
  tonn::Network& network_;
  pinn::PinnLoss& loss_;
};

using IterationObserver = std::function<void(const IterationRecord&)>;

/// Runs `options.iterations` ZO steps starting at the network's current parameters, from
/// iteration stepper.iteration() on (so a resumed stepper continues where it stopped).
/// The network ends holding the final parameters. Returns the last record.
IterationRecord train_zo(tonn::Network& network, pinn::PinnLoss& loss, ZoStepper& stepper,
                         const TrainerOptions& options, const IterationObserver& observe = {});

}  // namespace tonnsim::solvers
