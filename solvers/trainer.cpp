#include "solvers/trainer.hpp"

#include <cmath>
#include <string>

#include "core/error.hpp"
#include "core/timer.hpp"
#include "photonics/heater_power.hpp"
#include "tonn/network_family.hpp"
#include "tonn/photonic_network.hpp"

namespace tonnsim::solvers {

void TrainerOptions::validate() const {
  require(iterations >= 1, "run.iterations", iterations, "must be >= 1");
  require(eval_every >= 1, "run.eval_every", eval_every, "must be >= 1");
  average.validate();
}

NetworkObjective::NetworkObjective(tonn::Network& network, pinn::PinnLoss& loss,
                                   bool share_layers)
    : network_(network), loss_(loss), share_layers_(share_layers) {}

double NetworkObjective::program(tonn::Network& net, const Eigen::Ref<const Vec>& theta) {
  net.set_parameters(theta);
  // Counted separately from counters(): evaluate_many() counts a batch of states before
  // it measures them, and each state must draw its own noise.
  tonn::reseed_phase_noise(net, next_state_++);
  return tonn::chip_heater_power_w(net).value_or(0.0);
}

double NetworkObjective::evaluate_state(const Vec& theta) {
  ScopedTimer t("objective/loss");
  power_sum_w_ += program(network_, theta);
  return loss_.loss(network_);
}

void NetworkObjective::evaluate_states(const StatesRef& thetas, Vec& values) {
  const Index M = thetas.cols();
  if (!share_layers_ || M < 2) {
    Objective::evaluate_states(thetas, values);
    return;
  }
  ScopedTimer t("objective/family_loss");
  while (Index(clones_.size()) < M - 1) clones_.push_back(std::make_unique<tonn::Network>(network_));
  std::vector<tonn::Network*> members{&network_};
  for (Index m = 1; m < M; ++m) members.push_back(clones_[std::size_t(m - 1)].get());
  std::vector<double> power_w(std::size_t(M), 0.0);
  for (Index m = 0; m < M; ++m) power_w[std::size_t(m)] = program(*members[std::size_t(m)], thetas.col(m));
  tonn::NetworkFamily family(members, true);
  const std::vector<pinn::LossTerms> terms = loss_.family_loss_terms(family);
  // In state order, as one state after the other would: a non-finite loss stops the
  // batch there, with the power of the states measured so far charged.
  for (Index m = 0; m < M; ++m) {
    power_sum_w_ += power_w[std::size_t(m)];
    loss_.require_finite(terms[std::size_t(m)]);
    values(m) = terms[std::size_t(m)].total;
  }
}

void set_test_metrics(IterationRecord& record, const pinn::TestMetrics& metrics) {
  record.rel_l2 = metrics.rel_l2;
  record.rel_l2_learned = metrics.rel_l2_learned;
  record.max_abs_error = metrics.max_abs_error;
}

pinn::TestMetrics test_metrics(const IterationRecord& record) {
  return {record.rel_l2, record.rel_l2_learned, record.max_abs_error};
}

std::uint64_t test_noise_state(long iteration) {
  return (std::uint64_t{1} << 62) + static_cast<std::uint64_t>(iteration);
}

long wrap_into_heater_range(Vec& theta, const std::vector<HeaterRange>& ranges) {
  long wraps = 0;
  for (const HeaterRange& r : ranges)
    for (Index i = r.offset; i < r.offset + r.size; ++i) {
      const double in_range = photonics::heater_range_phase_rad(theta[i], r.max_phase_rad);
      if (in_range != theta[i]) {
        wraps += std::abs(in_range - theta[i]) > M_PI ? 1 : 0;  // not a -1e-12 residue
        theta[i] = in_range;
      }
    }
  return wraps;
}

std::vector<HeaterRange> network_heater_ranges(const tonn::Network& network) {
  std::vector<HeaterRange> ranges;
  for (const tonn::HeaterSpan& s : tonn::heater_spans(network))
    ranges.push_back({s.offset, s.size, s.max_phase_rad});
  return ranges;
}

bool ends_run(const TrainerHooks& hooks, long k, long last) {
  return k + 1 == last || (hooks.stop_requested && hooks.stop_requested());
}

IterationRecord train_zo(tonn::Network& network, pinn::PinnLoss& loss, ZoStepper& stepper,
                         const TrainerOptions& options, const IterationObserver& observe) {
  TrainerHooks hooks;
  hooks.observe = observe;
  return train_zo(network, loss, stepper, options, hooks);
}

IterationRecord train_zo(tonn::Network& network, pinn::PinnLoss& loss, ZoStepper& stepper,
                         const TrainerOptions& options, const TrainerHooks& hooks) {
  options.validate();
  require(hooks.checkpoint_every >= 0, "run.checkpoint_every", hooks.checkpoint_every,
          "must be >= 0");
  NetworkObjective objective(network, loss, options.share_layers);
  const std::vector<HeaterRange> ranges = network_heater_ranges(network);
  objective.set_heater_ranges(ranges);
  Vec theta = network.parameters();
  double wall_before = 0.0;
  long cumulative_wraps = 0;
  const bool on_chip = tonn::chip_heater_power_w(network).has_value();
  ParameterAverage average(options.average, ranges);
  if (hooks.resume) {
    objective.restore(hooks.resume->counters, hooks.resume->programmed_state);
    objective.set_next_state_index(static_cast<std::uint64_t>(hooks.resume->counters.evaluations));
    wall_before = hooks.resume->wall_s;
    cumulative_wraps = hooks.resume->cumulative_wraps;
    objective.set_state_power_sum_w(hooks.resume->static_power_sum_w);
    if (average.enabled()) {
      require(hooks.resume->average.size() == theta.size(), "resume: parameter average",
              std::to_string(hooks.resume->average.size()) + " values",
              "must hold one value per parameter (" + std::to_string(theta.size()) +
                  "): the checkpoint was written without averaging");
      average.reset(hooks.resume->average);
    }
  } else {
    wrap_into_heater_range(theta, ranges);  // a program starts in range; a no-op then
    objective.assume_programmed(theta);
    if (average.enabled()) average.reset(theta);
  }
  // The parameters the test error measures and the run returns (solvers/parameter_average.hpp).
  const auto reported = [&]() -> const Vec& { return average.enabled() ? average.value() : theta; };
  const IterationObserver& observe = hooks.observe;
  const long per_loss = static_cast<long>(loss.evaluations_per_loss());
  const long first = stepper.iteration();
  const long last = first + options.iterations;
  Stopwatch clock;
  IterationRecord rec;
  for (long k = first; k < last; ++k) {
    loss.begin_step(static_cast<std::uint64_t>(k));
    const long states_before = objective.counters().evaluations;
    const double power_before_w = objective.state_power_sum_w();
    ZoStepRecord step;
    std::string failure;
    try {
      ScopedTimer t("iteration/zo_step");
      step = stepper.step(objective, theta);
    } catch (const RunError& e) {  // a non-finite loss or gradient inside the step
      failure = e.what();
      step.gradient_norm = std::numeric_limits<double>::quiet_NaN();
    }
    rec.wraps = step.finite ? wrap_into_heater_range(theta, ranges) : 0;
    if (step.finite && theta.allFinite()) average.update(theta);
    cumulative_wraps += rec.wraps;
    rec.cumulative_wraps = cumulative_wraps;
    rec.wrap_states = objective.counters().wrap_states;
    const long states = objective.counters().evaluations - states_before;
    rec.static_power_sum_w = objective.state_power_sum_w();
    rec.static_power_w = on_chip && states > 0
                             ? (rec.static_power_sum_w - power_before_w) / double(states)
                             : std::numeric_limits<double>::quiet_NaN();
    rec.iteration = k;
    rec.loss = step.loss_at_theta ? *step.loss_at_theta : std::numeric_limits<double>::quiet_NaN();
    rec.grad_norm = step.gradient_norm;
    rec.learning_rate = step.learning_rate;
    rec.loss_evals = objective.counters().evaluations;
    rec.forward_evals = rec.loss_evals * per_loss;
    rec.phase_retunes = objective.counters().retuned_coordinates;
    set_test_metrics(rec, {});
    const bool finite = failure.empty() && std::isfinite(step.gradient_norm) && theta.allFinite() &&
                        (!step.loss_at_theta || std::isfinite(*step.loss_at_theta));
    if (finite && ((k + 1) % options.eval_every == 0 || k + 1 == last)) {
      ScopedTimer t("iteration/test_error");
      network.set_parameters(reported());
      tonn::reseed_phase_noise(network, test_noise_state(k));
      set_test_metrics(rec, loss.test_metrics(network));
    }
    rec.wall_s = wall_before + clock.seconds();
    if (observe) observe(rec);
    const bool final_iteration = finite && ends_run(hooks, k, last);
    if (final_iteration && k + 1 != last && std::isnan(rec.rel_l2)) {  // stopped early
      ScopedTimer t("iteration/test_error");
      network.set_parameters(reported());
      tonn::reseed_phase_noise(network, test_noise_state(k));
      set_test_metrics(rec, loss.test_metrics(network));
    }
    if (finite && hooks.checkpoint &&
        ((hooks.checkpoint_every > 0 && (k + 1) % hooks.checkpoint_every == 0) || final_iteration))
      hooks.checkpoint(rec, theta,
                       {objective.counters(), objective.programmed_state(), rec.wall_s,
                        cumulative_wraps, objective.state_power_sum_w(),
                        average.enabled() ? average.value() : Vec()});
    if (final_iteration) break;
    if (!finite)
      throw RunError("training diverged at iteration " + std::to_string(k) +
                     ": loss or gradient is not finite (loss = " + std::to_string(rec.loss) +
                     ", |g| = " + std::to_string(step.gradient_norm) +
                     (failure.empty() ? std::string() : ", " + failure) +
                     "); the trace up to this iteration was kept. Lower the learning rate or mu.");
  }
  network.set_parameters(reported());
  return rec;
}

}  // namespace tonnsim::solvers
