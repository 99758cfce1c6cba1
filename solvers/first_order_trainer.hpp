#pragma once
// The first-order ("BP") baseline: training on the ideal digital model with exact
// gradients of the same PINN loss, by back-propagation (PinnLoss::loss_and_gradient), fed
// to the same update rules and learning-rate schedules as the ZO runs. It is the column
// every ZO comparison needs: same loss, same points per step, same optimiser, exact
// gradient.
//
// Iteration k: resample the step's points (loss.begin_step(k)), L_k and g_k = dL/dtheta
// at theta_k, theta_{k+1} = update(theta_k, g_k, lr(k)). The trace rows are those of
// train_zo (solvers/trainer.hpp), with the counters meaning:
//   loss_evals    = loss-and-gradient evaluations (one per iteration);
//   forward_evals = loss_evals x network evaluations per loss x passes per evaluation
//                   (digital: 1, the stencil forward pass; the reverse pass recomputes it
//                   block by block, not counted again; on a chip (in situ): 2, the forward
//                   pass and the adjoint pass through the chip, FirstOrderGradient);
//   phase_retunes = parameters changed between consecutive programmed states (all of
//                   them, normally, after every update).
// The same loop trains a photonic network in situ (solvers/in_situ_subspace.hpp): each
// iteration is then one programmed state drawing its own dynamic noise (state index =
// states before it, as train_zo), heater phases wrap into their range after the update
// (IterationRecord::wraps) and the held heater power is recorded. On a digital network
// these are no-ops.
#include <functional>
#include <memory>
#include <string>

#include "pinn/pinn_loss.hpp"
#include "solvers/learning_rate_schedule.hpp"
#include "solvers/trainer.hpp"
#include "solvers/update_rule.hpp"
#include "tonn/network.hpp"

namespace tonnsim::solvers {

struct FirstOrderStepRecord {
  long iteration = 0;          // k of this step
  double loss = 0.0;           // L(theta_k) on this step's points
  double gradient_norm = 0.0;  // ||dL/dtheta||_2
  double learning_rate = 0.0;  // lr(k) applied
  // False when the loss or the gradient had a NaN or Inf: the update was not applied and
  // theta, the optimiser state and the iteration count are as they were.
  bool finite = true;
  std::string failure;  // the RunError message when the loss itself failed
};

/// How a first-order step obtains L and dL/dtheta of the network's current state.
struct FirstOrderGradient {
  // L on the loss's current points and its gradient (resized to num_parameters).
  std::function<double(tonn::Network&, pinn::PinnLoss&, Vec&)> evaluate;
  // Passes through the model per network evaluation the ledger charges: 1 for digital
  // back-propagation (see above), 2 in situ (forward and adjoint optical passes).
  long passes_per_evaluation = 1;
};

/// Exact back-propagation on a digital network (PinnLoss::loss_and_gradient).
FirstOrderGradient digital_backprop();

/// One exact-gradient iteration at a time, with a checkpointable state.
class FirstOrderStepper {
 public:
  FirstOrderStepper(std::unique_ptr<UpdateRule> update, const LearningRateOptions& learning_rate,
                    FirstOrderGradient gradient = digital_backprop());

  /// L and dL/dtheta at theta on the loss's current points, then the update. The network
  /// ends holding theta_k (the evaluated state), not the updated one.
  FirstOrderStepRecord step(tonn::Network& network, pinn::PinnLoss& loss, Vec& theta);

  /// The next iteration's index k.
  long iteration() const { return iteration_; }
  /// [k, update-rule state]; set_state() on a stepper built with the same options
  /// continues the run bit-identically (the points depend only on the loss seed and k).
  Vec state() const;
  void set_state(const Vec& state);

  const UpdateRule& update_rule() const { return *update_; }
  /// The gradient of the last step.
  const Vec& gradient() const { return gradient_; }
  long passes_per_evaluation() const { return source_.passes_per_evaluation; }

 private:
  std::unique_ptr<UpdateRule> update_;
  LearningRateOptions learning_rate_;
  FirstOrderGradient source_;
  long iteration_ = 0;
  Vec gradient_;
};

/// Runs `options.iterations` exact-gradient steps from the network's current parameters,
/// from iteration stepper.iteration() on, recording like train_zo: the test error after
/// iterations k with (k + 1) % eval_every == 0 and after the last; a NaN or Inf loss or
/// gradient stops the run with RunError after the failed iteration's record was observed.
/// The network ends holding the final parameters. Returns the last record.
/// hooks.checkpoint, hooks.resume and hooks.stop_requested work as for train_zo (counters:
/// loss evaluations and parameter changes).
IterationRecord train_first_order(tonn::Network& network, pinn::PinnLoss& loss,
                                  FirstOrderStepper& stepper, const TrainerOptions& options,
                                  const TrainerHooks& hooks = {});

}  // namespace tonnsim::solvers
