#include "solvers/first_order_trainer.hpp"

#include <cmath>
#include <limits>
#include <optional>
#include <string>

#include "core/error.hpp"
#include "core/timer.hpp"
#include "tonn/photonic_network.hpp"

namespace tonnsim::solvers {

FirstOrderGradient digital_backprop() {
  return {[](tonn::Network& net, pinn::PinnLoss& loss, Vec& grad) {
            return loss.loss_and_gradient(net, grad);
          },
          1};
}

FirstOrderStepper::FirstOrderStepper(std::unique_ptr<UpdateRule> update,
                                     const LearningRateOptions& learning_rate,
                                     FirstOrderGradient gradient)
    : update_(std::move(update)), learning_rate_(learning_rate), source_(std::move(gradient)) {
  require(update_ != nullptr, "first-order stepper update rule", "null", "must be given");
  require(static_cast<bool>(source_.evaluate), "first-order gradient", "empty", "must be callable");
  require(source_.passes_per_evaluation >= 1, "first-order passes per evaluation",
          source_.passes_per_evaluation, "must be >= 1");
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
    r.loss = source_.evaluate(network, loss, gradient_);
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
  // The programmed states (one per iteration) are counted as in solvers/objective.hpp, so
  // BP, in-situ and ZO traces share their columns: an Objective that measures nothing.
  FunctionObjective states(theta.size(), [](const Vec&) { return 0.0; });
  const std::vector<HeaterRange> ranges = network_heater_ranges(network);
  states.set_heater_ranges(ranges);
  double wall_before = 0.0, power_sum_w = 0.0;
  long cumulative_wraps = 0;
  if (hooks.resume) {
    require(hooks.resume->programmed_state.size() == theta.size(), "resume programmed_state size",
            hooks.resume->programmed_state.size(),
            "must equal the number of parameters " + std::to_string(theta.size()));
    states.restore(hooks.resume->counters, hooks.resume->programmed_state);
    wall_before = hooks.resume->wall_s;
    cumulative_wraps = hooks.resume->cumulative_wraps;
    power_sum_w = hooks.resume->static_power_sum_w;
  } else {
    wrap_into_heater_range(theta, ranges);  // a program starts in range; a no-op then
    states.assume_programmed(theta);
  }
  const long per_loss =
      static_cast<long>(loss.gradient_evaluations_per_loss()) * stepper.passes_per_evaluation();
  const long first = stepper.iteration(), last = first + options.iterations;
  Stopwatch clock;
  IterationRecord rec;
  for (long k = first; k < last; ++k) {
    loss.begin_step(static_cast<std::uint64_t>(k));
    tonn::reseed_phase_noise(network, static_cast<std::uint64_t>(states.counters().evaluations));
    states.evaluate(theta);
    const FirstOrderStepRecord step = stepper.step(network, loss, theta);
    const std::optional<double> held_w = tonn::chip_heater_power_w(network);  // theta_k's
    power_sum_w += held_w.value_or(0.0);
    const bool finite = step.finite && theta.allFinite();
    rec.wraps = finite ? wrap_into_heater_range(theta, ranges) : 0;
    cumulative_wraps += rec.wraps;
    rec.cumulative_wraps = cumulative_wraps;
    rec.wrap_states = states.counters().wrap_states;
    rec.static_power_w = held_w.value_or(std::numeric_limits<double>::quiet_NaN());
    rec.static_power_sum_w = power_sum_w;
    rec.iteration = k;
    rec.loss = step.loss;
    rec.grad_norm = step.gradient_norm;
    rec.learning_rate = step.learning_rate;
    rec.loss_evals = states.counters().evaluations;
    rec.forward_evals = rec.loss_evals * per_loss;
    rec.phase_retunes = states.counters().retuned_coordinates;
    set_test_metrics(rec, {});
    auto evaluate_test = [&] {
      ScopedTimer t("iteration/test_error");
      network.set_parameters(theta);
      tonn::reseed_phase_noise(network, test_noise_state(k));
      set_test_metrics(rec, loss.test_metrics(network));
    };
    if (finite && ((k + 1) % options.eval_every == 0 || k + 1 == last)) evaluate_test();
    rec.wall_s = wall_before + clock.seconds();
    if (hooks.observe) hooks.observe(rec);
    const bool final_iteration = finite && ends_run(hooks, k, last);
    if (final_iteration && k + 1 != last && std::isnan(rec.rel_l2)) evaluate_test();  // stopped early
    if (finite && hooks.checkpoint &&
        ((hooks.checkpoint_every > 0 && (k + 1) % hooks.checkpoint_every == 0) || final_iteration))
      hooks.checkpoint(rec, theta,
                       {states.counters(), states.programmed_state(), rec.wall_s, cumulative_wraps,
                        power_sum_w, Vec()});
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
