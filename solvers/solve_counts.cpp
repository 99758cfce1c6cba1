#include "solvers/solve_counts.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "core/error.hpp"

namespace tonnsim::solvers {

namespace {

/// A block's offset in one state: 0 (at theta) or sign * mu along direction `direction`.
struct Offset {
  int direction = -1;  // -1: unperturbed
  int sign = 0;
};

/// The states of one iteration: per state, every block's offset.
std::vector<std::vector<Offset>> iteration_states(std::size_t blocks, const SolvePlan& plan) {
  std::vector<std::vector<Offset>> states;
  const std::vector<Offset> at_theta(blocks);
  if (plan.loss_at_theta) states.push_back(at_theta);
  for (std::size_t b = 0; b < blocks; ++b)
    for (int i = 0; i < plan.directions; ++i)
      for (int sign : {+1, -1}) {
        states.push_back(at_theta);
        states.back()[b] = {i, sign};
      }
  return states;
}

struct Change {
  long heaters = 0;
  double step_rad = 0.0;
  bool update = false;
};

/// Heaters moved from state `a` to state `b` (expected count) and the largest step.
Change change(const std::vector<Offset>& a, const std::vector<Offset>& b,
              const std::vector<long>& block_heaters, const SolvePlan& plan, bool update) {
  Change c;
  c.update = update;
  for (std::size_t k = 0; k < block_heaters.size(); ++k) {
    const long h = block_heaters[k];
    if (h == 0) continue;
    const Offset& x = a[k];
    const Offset& y = b[k];
    const bool x_perturbed = x.direction >= 0, y_perturbed = y.direction >= 0;
    long moved = 0;
    double step = 0.0;
    if (x_perturbed != y_perturbed) {
      moved = h;
      step = plan.mu_rad;
    } else if (x_perturbed && x.direction == y.direction && x.sign != y.sign) {
      moved = h;
      step = 2.0 * plan.mu_rad;
    } else if (x_perturbed && x.direction != y.direction) {
      moved = h / 2;  // Rademacher: half differ (expected, rounded down), by 2 mu
      step = 2.0 * plan.mu_rad;
    }
    if (update) {
      moved = h;
      step += plan.update_step_rad;
    }
    c.heaters += moved;
    if (moved > 0) c.step_rad = std::max(c.step_rad, step);
  }
  return c;
}

std::string class_name(const Change& c, const SolvePlan& plan) {
  if (c.update) return "update";
  return std::abs(c.step_rad - plan.mu_rad) < 1e-12 * plan.mu_rad ? "perturb_mu" : "perturb_2mu";
}

void add(std::vector<RetuneClass>& classes, const Change& c, long occurrences,
         const SolvePlan& plan) {
  if (c.heaters == 0 || occurrences == 0) return;
  const std::string name = class_name(c, plan);
  for (RetuneClass& r : classes)
    if (r.name == name && r.heaters == c.heaters && r.phase_step_rad == c.step_rad) {
      r.states += occurrences;
      return;
    }
  classes.push_back({name, occurrences, c.heaters, c.step_rad});
}

}  // namespace

long SolveCounts::heater_changes() const {
  long n = 0;
  for (const RetuneClass& r : retunes) n += r.states * r.heaters;
  return n;
}

void SolveCounts::validate() const {
  require(iterations >= 0, "iterations", iterations, "must be >= 0");
  require(programmed_states >= 0, "programmed_states", programmed_states, "must be >= 0");
  require(forward_evals >= 0, "forward_evals", forward_evals, "must be >= 0");
  long retuning = 0;
  for (std::size_t i = 0; i < retunes.size(); ++i) {
    const RetuneClass& r = retunes[i];
    const std::string f = "retunes[" + std::to_string(i) + "].";
    require(r.states >= 0, f + "states", r.states, "must be >= 0");
    require(r.heaters >= 0, f + "heaters", r.heaters, "must be >= 0");
    require(
        std::isfinite(r.phase_step_rad) && r.phase_step_rad >= 0 && r.phase_step_rad < 2.0 * M_PI,
        f + "phase_step_rad", r.phase_step_rad, "must be in [0, 2 pi) rad");
    retuning += r.states;
  }
  require(retuning <= programmed_states, "retunes (sum of states)", retuning,
          "must be <= programmed_states = " + std::to_string(programmed_states) +
              " (a state is programmed once)");
}

void SolvePlan::validate() const {
  require(iterations >= 0, "iterations", iterations, "must be >= 0");
  require(batch >= 1, "batch", batch, "must be >= 1");
  require(evaluations_per_point >= 1, "evaluations_per_point", evaluations_per_point,
          "must be >= 1");
  require(directions >= 1, "directions", directions, "must be >= 1");
  require(std::isfinite(mu_rad) && mu_rad > 0, "mu_rad", mu_rad, "must be finite and > 0 rad");
  require(std::isfinite(update_step_rad) && update_step_rad >= 0, "update_step_rad",
          update_step_rad, "must be finite and >= 0 rad");
  require(2.0 * mu_rad + update_step_rad < 2.0 * M_PI, "mu_rad", mu_rad,
          "2 mu_rad + update_step_rad must stay below 2 pi (one heater step)");
}

SolveCounts planned_counts(const ChipModel& chip, const SolvePlan& plan) {
  chip.validate();
  plan.validate();
  std::vector<long> block_heaters;
  if (plan.layer_wise)
    for (const LayerLoad& l : chip.layers) block_heaters.push_back(l.heaters);
  else
    block_heaters.push_back(chip.total_heaters());

  const auto states = iteration_states(block_heaters.size(), plan);
  SolveCounts counts;
  counts.iterations = plan.iterations;
  counts.programmed_states = plan.iterations * long(states.size());
  counts.forward_evals = counts.programmed_states * plan.batch * plan.evaluations_per_point;
  if (plan.iterations == 0) return counts;

  // Iteration 0 starts from the initial program (theta_0, charged elsewhere); every later
  // iteration from the previous iteration's last state, with the update on its first state.
  const std::vector<Offset> initial(block_heaters.size());
  for (int steady = 0; steady < 2; ++steady) {
    const long occurrences = steady ? plan.iterations - 1 : 1;
    const std::vector<Offset>* previous = steady ? &states.back() : &initial;
    for (std::size_t s = 0; s < states.size(); ++s) {
      add(counts.retunes, change(*previous, states[s], block_heaters, plan, steady && s == 0),
          occurrences, plan);
      previous = &states[s];
    }
  }
  counts.validate();
  return counts;
}

SolveCounts counts_from_record(long iterations, long loss_evals, long forward_evals,
                               long phase_retunes, double phase_step_rad, long wrap_states,
                               std::optional<double> static_power_w) {
  require(phase_retunes >= 0, "phase_retunes", phase_retunes, "must be >= 0");
  require(wrap_states >= 0 && wrap_states <= loss_evals, "wrap_states", wrap_states,
          "must be in [0, loss_evals = " + std::to_string(loss_evals) + "]");
  require(!static_power_w || (std::isfinite(*static_power_w) && *static_power_w >= 0),
          "static_power_w", static_power_w.value_or(0.0), "must be finite and >= 0 W");
  SolveCounts counts;
  counts.iterations = iterations;
  counts.programmed_states = loss_evals;
  counts.forward_evals = forward_evals;
  counts.static_power_w = static_power_w;
  if (loss_evals > 0 && phase_retunes > 0) {
    const long heaters = std::lround(double(phase_retunes) / double(loss_evals));
    if (loss_evals > wrap_states)
      counts.retunes.push_back({"measured", loss_evals - wrap_states, heaters, phase_step_rad});
    if (wrap_states > 0)
      counts.retunes.push_back(
          {kWrapRetuneName, wrap_states, heaters, std::max(0.0, 2.0 * M_PI - phase_step_rad)});
  }
  counts.validate();
  return counts;
}

}  // namespace tonnsim::solvers
