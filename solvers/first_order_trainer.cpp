#include "solvers/first_order_trainer.hpp"

#include <cmath>
#include <limits>
#include <string>

#include "core/error.hpp"
#include "core/timer.hpp"

namespace tonnsim::solvers {

FirstOrderStepper::FirstOrderStepper(std::unique_ptr<UpdateRule> update,
                                     const LearningRateOptions& learning_rate)
    : update_(std::move(update)), learning_rate_(learning_rate) {
  require(update_ != nullptr, "first-order stepper update rule", "null", "must be given");
  learning_rate_.validate();
}

FirstOrderStepRecord FirstOrderStepper::step(tonn::Network& network, pinn::PinnLoss& loss,
                                             Vec& theta) {
  ScopedTimer timer("first_order/step");
  FirstOrderStepRecord r;
  r.iteration = iteration_;
  r.learning_rate = learning_rate_at(learning_rate_, iteration_);
  network.set_parameters(theta);
  try {
    r.loss = loss.loss_and_gradient(network, gradient_);
  } catch (const RunError& e) {  // a non-finite loss
    r.failure = e.what();
    r.loss = std::numeric_limits<double>::quiet_NaN();
    r.gradient_norm = std::numeric_limits<double>::quiet_NaN();
    r.finite = false;
    return r;
  }
  r.gradient_norm = gradient_.norm();
  r.finite = std::isfinite(r.loss) && gradient_.allFinite();
  if (!r.finite) return r;
  update_->apply(theta, gradient_, r.learning_rate);
  ++iteration_;
  return r;
}

Vec FirstOrderStepper::state() const {
  Vec s(1 + update_->state_size());
  s(0) = static_cast<double>(iteration_);
  s.tail(update_->state_size()) = update_->state();
  return s;
}

void FirstOrderStepper::set_state(const Vec& state) {
  require(state.size() == 1 + update_->state_size(), "first-order stepper state size", state.size(),
          "must be " + std::to_string(1 + update_->state_size()));
  require(state(0) >= 0.0 && state(0) == std::floor(state(0)),
          "first-order stepper state iteration", state(0), "must be a non-negative integer");
  update_->set_state(state.tail(update_->state_size()));
  iteration_ = static_cast<long>(state(0));
}

IterationRecord train_first_order(tonn::Network& network, pinn::PinnLoss& loss,
                                  FirstOrderStepper& stepper, const TrainerOptions& options,
                                  const TrainerHooks& hooks) {
  options.validate();
  require(options.average.kind == AverageKind::kNone, "run.average.kind",
          to_string(options.average.kind),
          "must be none with first-order training (the average is a ZO option: "
          "solvers/parameter_average.hpp)");
  require(hooks.checkpoint_every >= 0, "run.checkpoint_every", hooks.checkpoint_every,
          "must be >= 0");
  Vec theta = network.parameters();
  // The digital model's "programmed state" is its parameter vector; counted as in
  // solvers/objective.hpp so BP and ZO traces share their columns.
  ObjectiveCounters counters;
  Vec programmed = theta;
  double wall_before = 0.0;
  if (hooks.resume) {
    counters = hooks.resume->counters;
    programmed = hooks.resume->programmed_state;
    wall_before = hooks.resume->wall_s;
    require(programmed.size() == theta.size(), "resume programmed_state size", programmed.size(),
            "must equal the number of parameters " + std::to_string(theta.size()));
  }
  const long per_loss = static_cast<long>(loss.evaluations_per_loss());
  const long first = stepper.iteration(), last = first + options.iterations;
  Stopwatch clock;
  IterationRecord rec;
  for (long k = first; k < last; ++k) {
    loss.begin_step(static_cast<std::uint64_t>(k));
    counters.evaluations += 1;
    counters.retuned_coordinates +=
        static_cast<long>((theta.array() != programmed.array()).count());
    programmed = theta;
    const FirstOrderStepRecord step = stepper.step(network, loss, theta);
    const bool finite = step.finite && theta.allFinite();
    rec.iteration = k;
    rec.loss = step.loss;
    rec.grad_norm = step.gradient_norm;
    rec.learning_rate = step.learning_rate;
    rec.loss_evals = counters.evaluations;
    rec.forward_evals = counters.evaluations * per_loss;
    rec.phase_retunes = counters.retuned_coordinates;
    set_test_metrics(rec, {});
    if (finite && ((k + 1) % options.eval_every == 0 || k + 1 == last)) {
      ScopedTimer t("iteration/test_error");
      network.set_parameters(theta);
      set_test_metrics(rec, loss.test_metrics(network));
    }
    rec.wall_s = wall_before + clock.seconds();
    if (hooks.observe) hooks.observe(rec);
    const bool final_iteration = finite && ends_run(hooks, k, last);
    if (final_iteration && k + 1 != last && std::isnan(rec.rel_l2)) {  // stopped early
      ScopedTimer t("iteration/test_error");
      network.set_parameters(theta);
      set_test_metrics(rec, loss.test_metrics(network));
    }
    if (finite && hooks.checkpoint &&
        ((hooks.checkpoint_every > 0 && (k + 1) % hooks.checkpoint_every == 0) || final_iteration))
      hooks.checkpoint(rec, theta, {counters, programmed, rec.wall_s, 0, 0.0, Vec()});
    if (final_iteration) break;
    if (!finite)
      throw RunError("training diverged at iteration " + std::to_string(k) +
                     ": loss or gradient is not finite (loss = " + std::to_string(rec.loss) +
                     ", |g| = " + std::to_string(step.gradient_norm) +
                     (step.failure.empty() ? std::string() : ", " + step.failure) +
                     "); the trace up to this iteration was kept. Lower the learning rate.");
  }
  network.set_parameters(theta);
  return rec;
}

}  // namespace tonnsim::solvers
