#pragma once
// One iteration of BP-free training, without the network or the loss: at iteration k,
//   g = estimate(L, theta, k);   theta <- update(theta, g, lr(k));   k <- k + 1,
// with the iteration's objective calls and retunings reported for the ledger. The training
// loop above adds data resampling, evaluation and recording around it.
//
// Retunings: the chip goes straight from the last perturbed state of iteration k to the
// first state of iteration k + 1, so the update itself costs no separate programming
// step; its heater changes appear in the next iteration's count (the objective compares
// every state with the previous one).
#include <memory>
#include <optional>

#include "solvers/learning_rate_schedule.hpp"
#include "solvers/update_rule.hpp"
#include "solvers/zo_estimator.hpp"

namespace tonnsim::solvers {

struct ZoStepRecord {
  long iteration = 0;                   // k of this step
  std::optional<double> loss_at_theta;  // L(theta_k) when the estimator measured it
  double gradient_norm = 0.0;           // ||g||_2 of the estimate
  double learning_rate = 0.0;           // lr(k) applied
  ZoEstimatorKind estimator = ZoEstimatorKind::kRandomDirection;  // the kind that ran
  long objective_calls = 0;             // states measured in this step
  long retuned_coordinates = 0;         // heater changes in this step
  long perturbed_coordinates = 0;       // distinct coordinates perturbed in this step
  // False when the measured loss or the estimate had a NaN or Inf: the update was not
  // applied. The caller records the step and stops (divergence guard).
  bool finite = true;
};

class ZoStepper {
 public:
  ZoStepper(std::unique_ptr<ZoEstimator> estimator, std::unique_ptr<UpdateRule> update,
            const LearningRateOptions& learning_rate);

  /// One iteration. When the loss or the estimate is not finite the record says so
  /// (finite = false) and theta, the optimiser state and the iteration count are left as
  /// they were, so the caller can record the failed step before stopping the run.
  ZoStepRecord step(Objective& f, Vec& theta);

  /// The next iteration's index k.
  long iteration() const { return iteration_; }

  /// [k, update-rule state] for checkpoints; set_state() on a stepper built with the same
  /// options continues the run bit-identically (directions depend only on seed and k).
  Vec state() const;
  void set_state(const Vec& state);

  const ZoEstimator& estimator() const { return *estimator_; }
  const UpdateRule& update_rule() const { return *update_; }

 private:
  std::unique_ptr<ZoEstimator> estimator_;
  std::unique_ptr<UpdateRule> update_;
  LearningRateOptions learning_rate_;
  long iteration_ = 0;
};

}  // namespace tonnsim::solvers
