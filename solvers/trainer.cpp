#include "solvers/trainer.hpp"

#include <cmath>
#include <string>

#include "core/error.hpp"
#include "core/timer.hpp"

namespace tonnsim::solvers {

void TrainerOptions::validate() const {
  require(iterations >= 1, "run.iterations", iterations, "must be >= 1");
  require(eval_every >= 1, "run.eval_every", eval_every, "must be >= 1");
}

NetworkObjective::NetworkObjective(tonn::Network& network, pinn::PinnLoss& loss)
    : network_(network), loss_(loss) {}

double NetworkObjective::evaluate_state(const Vec& theta) {
  ScopedTimer t("objective/loss");
  network_.set_parameters(theta);
  return loss_.loss(network_);
}

IterationRecord train_zo(tonn::Network& network, pinn::PinnLoss& loss, ZoStepper& stepper,
                         const TrainerOptions& options, const IterationObserver& observe) {
  options.validate();
  NetworkObjective objective(network, loss);
  Vec theta = network.parameters();
  objective.assume_programmed(theta);
  const long per_loss = static_cast<long>(loss.evaluations_per_loss());
  const long first = stepper.iteration();
  const long last = first + options.iterations;
  Stopwatch clock;
  IterationRecord rec;
  for (long k = first; k < last; ++k) {
    loss.begin_step(static_cast<std::uint64_t>(k));
    ZoStepRecord step;
    std::string failure;
    try {
      ScopedTimer t("iteration/zo_step");
      step = stepper.step(objective, theta);
    } catch (const RunError& e) {  // a non-finite loss or gradient inside the step
      failure = e.what();
      step.gradient_norm = std::numeric_limits<double>::quiet_NaN();
    }
    rec.iteration = k;
    rec.loss = step.loss_at_theta ? *step.loss_at_theta : std::numeric_limits<double>::quiet_NaN();
    rec.grad_norm = step.gradient_norm;
    rec.learning_rate = step.learning_rate;
    rec.loss_evals = objective.counters().evaluations;
    rec.forward_evals = rec.loss_evals * per_loss;
    rec.phase_retunes = objective.counters().retuned_coordinates;
    rec.rel_l2 = std::numeric_limits<double>::quiet_NaN();
    const bool finite = failure.empty() && std::isfinite(step.gradient_norm) && theta.allFinite() &&
                        (!step.loss_at_theta || std::isfinite(*step.loss_at_theta));
    if (finite && ((k + 1 - first) % options.eval_every == 0 || k + 1 == last)) {
      ScopedTimer t("iteration/test_error");
      network.set_parameters(theta);
      rec.rel_l2 = loss.test_error(network);
    }
    rec.wall_s = clock.seconds();
    if (observe) observe(rec);
    if (!finite)
      throw RunError("training diverged at iteration " + std::to_string(k) +
                     ": loss or gradient is not finite (loss = " + std::to_string(rec.loss) +
                     ", |g| = " + std::to_string(step.gradient_norm) +
                     (failure.empty() ? std::string() : ", " + failure) +
                     "); the trace up to this iteration was kept. Lower the learning rate or mu.");
  }
  network.set_parameters(theta);
  return rec;
}

}  // namespace tonnsim::solvers
