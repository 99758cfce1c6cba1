#include "photonics/thermal_dynamics.hpp"

#include <algorithm>
#include <boost/numeric/odeint.hpp>
#include <cmath>
#include <limits>
#include <vector>

#include "core/error.hpp"
#include "photonics/heater_power.hpp"

namespace tonnsim::photonics {

namespace odeint = boost::numeric::odeint;

namespace {

using State = std::vector<double>;

/// dT_i/dt = (q_i - T_i) / tau with the constant source q = R_th (I + c K) P of a segment.
struct ThermalRhs {
  const Vec* source_k;
  double inv_tau_per_s;
  void operator()(const State& x, State& dxdt, double /*t*/) const {
    for (std::size_t i = 0; i < x.size(); ++i) dxdt[i] = ((*source_k)[i] - x[i]) * inv_tau_per_s;
  }
};

State to_state(const Vec& v) { return State(v.data(), v.data() + v.size()); }
Vec to_vec(const State& x) { return Eigen::Map<const Vec>(x.data(), static_cast<Eigen::Index>(x.size())); }

void require_forward_span(double t_start_s, double t_end_s) {
  require(std::isfinite(t_start_s), "t_start_s", t_start_s, "must be finite");
  require(std::isfinite(t_end_s), "t_end_s", t_end_s, "must be finite");
  require(t_end_s >= t_start_s, "t_end_s", t_end_s,
          "must be >= t_start_s = " + detail::to_text(t_start_s) + " s (no backward spans)");
}

/// Adaptive loop over one span with a controlled stepper: try_step, a step ceiling, and the
/// odeint step checkers (total accepted steps, consecutive rejections). Calls
/// observe(t, x) after every accepted step. Returns the number of accepted steps.
template <class Controlled, class Observer>
long run_controlled(Controlled stepper, const ThermalRhs& rhs, State& x, double t_start_s,
                    double t_end_s, double max_dt_s, int max_steps, Observer&& observe) {
  odeint::max_step_checker total_steps(max_steps);
  odeint::failed_step_checker rejections;  // odeint default: 500 consecutive rejections
  double t = t_start_s;
  double dt = std::min(max_dt_s, t_end_s - t_start_s);
  long accepted = 0;
  try {
    while (t < t_end_s) {
      const bool last = dt >= t_end_s - t;
      if (last) dt = t_end_s - t;
      if (stepper.try_step(rhs, x, t, dt) == odeint::success) {
        if (last) t = t_end_s;  // land exactly on the span end despite rounding
        ++accepted;
        total_steps();
        rejections.reset();
        observe(t, x);
      } else {
        rejections();
      }
    }
  } catch (const odeint::odeint_error& e) {
    throw RunError(std::string("thermal integration failed at t = ") + detail::to_text(t) +
                   " s: " + e.what());
  }
  return accepted;
}

template <class Observer>
long integrate_span(const AdaptiveOptions& options, double tau_s, const Vec& source_k, State& x,
                    double t_start_s, double t_end_s, Observer&& observe) {
  require_forward_span(t_start_s, t_end_s);
  if (t_end_s == t_start_s) return 0;
  const ThermalRhs rhs{&source_k, 1.0 / tau_s};
  const double max_dt_s = options.max_step_tau * tau_s;
  switch (options.stepper) {
    case AdaptiveStepper::kDopri5:
      return run_controlled(odeint::make_controlled(options.abs_tol_k, options.rel_tol, max_dt_s,
                                                    odeint::runge_kutta_dopri5<State>()),
                            rhs, x, t_start_s, t_end_s, max_dt_s, options.max_steps, observe);
    case AdaptiveStepper::kCashKarp:
      return run_controlled(odeint::make_controlled(options.abs_tol_k, options.rel_tol, max_dt_s,
                                                    odeint::runge_kutta_cash_karp54<State>()),
                            rhs, x, t_start_s, t_end_s, max_dt_s, options.max_steps, observe);
  }
  throw InputError("adaptive stepper: value has no implementation");
}

template <class Stepper>
void run_fixed(Stepper stepper, const ThermalRhs& rhs, State& x, double t_start_s, double dt_s,
               int steps) {
  for (int k = 0; k < steps; ++k) stepper.do_step(rhs, x, t_start_s + k * dt_s, dt_s);
}

}  // namespace

double step_settle_time_s(double tau_s, double dphi_rad, double tolerance_rad) {
  require(tau_s > 0, "tau_s", tau_s, "must be > 0 s");
  require(tolerance_rad > 0, "tolerance_rad", tolerance_rad, "must be > 0 rad");
  require(std::isfinite(dphi_rad), "dphi_rad", dphi_rad, "must be finite");
  const double ratio = std::abs(dphi_rad) / tolerance_rad;
  return ratio <= 1.0 ? 0.0 : tau_s * std::log(ratio);
}

ThermalParams ThermalParams::from_device(const PhaseShifterParams& shifter) {
  ThermalParams p;
  p.tau_s = shifter.tau_s();
  p.thermal_resistance_k_per_w = shifter.thermal_resistance_k_per_w;
  p.p_pi_w = shifter.p_pi_w;
  p.p_max_w = max_heater_power_w(shifter);
  p.crosstalk_factor = shifter.crosstalk_factor;
  p.crosstalk_neighbours = shifter.crosstalk_neighbours;
  p.settle_tolerance_rad = shifter.settle_tolerance_rad;
  p.validate();
  return p;
}

void ThermalParams::validate() const {
  require(std::isfinite(tau_s) && tau_s > 0, "tau_s", tau_s, "must be finite and > 0 s");
  require(std::isfinite(thermal_resistance_k_per_w) && thermal_resistance_k_per_w > 0,
          "thermal_resistance_k_per_w", thermal_resistance_k_per_w, "must be finite and > 0 K/W");
  require(std::isfinite(p_pi_w) && p_pi_w > 0, "p_pi_w", p_pi_w, "must be finite and > 0 W");
  require(std::isfinite(p_max_w) && p_max_w >= 0, "p_max_w", p_max_w,
          "must be finite and >= 0 W (0 = unlimited)");
  require(crosstalk_factor >= 0 && crosstalk_factor < 1, "crosstalk_factor", crosstalk_factor,
          "must be in [0, 1)");
  require(crosstalk_neighbours >= 0, "crosstalk_neighbours", crosstalk_neighbours, "must be >= 0");
  require(std::isfinite(settle_tolerance_rad) && settle_tolerance_rad > 0, "settle_tolerance_rad",
          settle_tolerance_rad, "must be finite and > 0 rad");
}

void AdaptiveOptions::validate() const {
  require(abs_tol_k > 0, "abs_tol_k", abs_tol_k, "must be > 0 K");
  require(rel_tol >= 0, "rel_tol", rel_tol, "must be >= 0");
  require(max_step_tau > 0, "max_step_tau", max_step_tau, "must be > 0 (fraction of tau)");
  require(max_steps >= 1, "max_steps", max_steps, "must be >= 1");
}

void RetuneOptions::validate() const {
  require(overdrive_gain > 1, "overdrive_gain", overdrive_gain, "must be > 1");
  require(max_time_tau > 0, "max_time_tau", max_time_tau, "must be > 0 (multiples of tau)");
  integrator.validate();
}

HeaterRow::HeaterRow(int heaters, const ThermalParams& params) : n_(heaters), params_(params) {
  require(heaters >= 1, "heaters", heaters, "must be >= 1");
  params_.validate();
  coupling_ = Mat::Identity(n_, n_);
  const int k = params_.crosstalk_neighbours;
  for (int i = 0; i < n_; ++i)
    for (int j = std::max(0, i - k); j <= std::min(n_ - 1, i + k); ++j)
      if (j != i) coupling_(i, j) = params_.crosstalk_factor;
  coupling_lu_.compute(coupling_);
}

void HeaterRow::check_size(const Vec& v, const char* field) const {
  require(v.size() == n_, std::string(field) + ".size()", v.size(),
          "must equal the number of heaters " + std::to_string(n_));
  require(v.allFinite(), field, "non-finite entry", "every entry must be finite");
}

Vec HeaterRow::source_k(const Vec& power_w) const {
  return params_.thermal_resistance_k_per_w * (coupling_ * power_w);
}

Vec HeaterRow::steady_temperature_k(const Vec& power_w) const {
  check_size(power_w, "power_w");
  return source_k(power_w);
}

Vec HeaterRow::phase_rad(const Vec& temperature_k) const {
  check_size(temperature_k, "temperature_k");
  return temperature_k * (M_PI / (params_.p_pi_w * params_.thermal_resistance_k_per_w));
}

Vec HeaterRow::temperature_k(const Vec& phase_rad) const {
  check_size(phase_rad, "phase_rad");
  return phase_rad * (params_.p_pi_w * params_.thermal_resistance_k_per_w / M_PI);
}

Vec HeaterRow::drive_power_w(const Vec& phase_rad, CrosstalkCompensation crosstalk) const {
  check_size(phase_rad, "phase_rad");
  const Vec uncoupled = heater_powers_w(phase_rad, params_.p_pi_w);
  Vec power = crosstalk == CrosstalkCompensation::kCompensate
                  ? Vec(coupling_lu_.solve(uncoupled))
                  : uncoupled;
  const double ceiling =
      params_.p_max_w > 0 ? params_.p_max_w : std::numeric_limits<double>::infinity();
  return power.cwiseMax(0.0).cwiseMin(ceiling);
}

Vec HeaterRow::integrate_adaptive(const Vec& temperature_k, const Vec& power_w, double t_start_s,
                                  double t_end_s, const AdaptiveOptions& options) const {
  check_size(temperature_k, "temperature_k");
  check_size(power_w, "power_w");
  options.validate();
  State x = to_state(temperature_k);
  const Vec q = source_k(power_w);
  integrate_span(options, params_.tau_s, q, x, t_start_s, t_end_s, [](double, const State&) {});
  return to_vec(x);
}

Vec HeaterRow::integrate_fixed(const Vec& temperature_k, const Vec& power_w, double t_start_s,
                               double t_end_s, int steps, FixedStepper stepper) const {
  check_size(temperature_k, "temperature_k");
  check_size(power_w, "power_w");
  require_forward_span(t_start_s, t_end_s);
  require(steps >= 1, "steps", steps, "must be >= 1");
  State x = to_state(temperature_k);
  const Vec q = source_k(power_w);
  const ThermalRhs rhs{&q, 1.0 / params_.tau_s};
  const double dt_s = (t_end_s - t_start_s) / steps;
  switch (stepper) {
    case FixedStepper::kEuler:
      run_fixed(odeint::euler<State>(), rhs, x, t_start_s, dt_s, steps);
      break;
    case FixedStepper::kRk4:
      run_fixed(odeint::runge_kutta4<State>(), rhs, x, t_start_s, dt_s, steps);
      break;
  }
  return to_vec(x);
}

RetuneResult HeaterRow::retune(const Vec& from_phases_rad, const Vec& to_phases_rad,
                               const RetuneOptions& options) const {
  check_size(from_phases_rad, "from_phases_rad");
  check_size(to_phases_rad, "to_phases_rad");
  options.validate();
  const double tau = params_.tau_s;
  const double tol = params_.settle_tolerance_rad;
  const double rad_per_k = M_PI / (params_.p_pi_w * params_.thermal_resistance_k_per_w);

  const Vec p_from = drive_power_w(from_phases_rad, options.crosstalk);
  const Vec p_to = drive_power_w(to_phases_rad, options.crosstalk);
  RetuneResult result;
  result.final_power_w = p_to;
  result.target_phases_rad = phase_rad(source_k(p_to));
  const Vec wrapped_to = to_phases_rad.unaryExpr([](double v) { return wrap_phase_rad(v); });
  result.max_static_error_rad = (result.target_phases_rad - wrapped_to).cwiseAbs().maxCoeff();

  // Piecewise-constant drive: an optional overdrive pulse, then the final power held.
  struct Segment {
    double start_s, end_s;
    Vec power_w, source_k;
  };
  std::vector<Segment> segments;
  double t_hold_s = 0.0;
  if (options.drive == DriveShape::kOverdrive) {
    const double g = options.overdrive_gain;
    const double ceiling =
        params_.p_max_w > 0 ? params_.p_max_w : std::numeric_limits<double>::infinity();
    const Vec p_pulse = (p_from + g * (p_to - p_from)).cwiseMax(0.0).cwiseMin(ceiling);
    t_hold_s = tau * std::log(g / (g - 1.0));
    segments.push_back({0.0, t_hold_s, p_pulse, source_k(p_pulse)});
  }
  segments.push_back(
      {t_hold_s, std::numeric_limits<double>::infinity(), p_to, source_k(p_to)});

  auto phase_error = [&](const State& x) {
    double worst = 0.0;
    for (int i = 0; i < n_; ++i)
      worst = std::max(worst, std::abs(rad_per_k * x[i] - result.target_phases_rad[i]));
    return worst;
  };
  struct Sample {
    double t_s;
    State x;
    std::size_t segment;
    double error_rad;
  };
  State x = to_state(source_k(p_from));  // the chip had settled at the old program
  std::vector<Sample> samples{{0.0, x, 0, phase_error(x)}};

  for (std::size_t s = 0; s < segments.size(); ++s) {
    const Segment& seg = segments[s];
    auto record = [&](double t, const State& xs) { samples.push_back({t, xs, s, phase_error(xs)}); };
    if (s + 1 < segments.size()) {
      result.accepted_steps += integrate_span(options.integrator, tau, seg.source_k, x,
                                              seg.start_s, seg.end_s, record);
      continue;
    }
    // Final segment: the drive is constant, so every heater's error to the steady state
    // decays as e^{-t/tau}; once the worst error is inside the tolerance it stays inside.
    double t = seg.start_s;
    while (samples.back().error_rad > tol) {
      if (t >= options.max_time_tau * tau)
        throw RunError("retune did not settle within max_time_tau = " +
                       detail::to_text(options.max_time_tau) + " time constants (error " +
                       detail::to_text(samples.back().error_rad) + " rad > tolerance " +
                       detail::to_text(tol) + " rad)");
      result.accepted_steps +=
          integrate_span(options.integrator, tau, seg.source_k, x, t, t + tau, record);
      t += tau;
    }
  }

  // The settle time is the last tolerance crossing: bracket it between the last sample
  // outside the tolerance and the next one, then bisect by integrating from the bracket's
  // left end (the controlled stepper again, within that sample's segment).
  std::size_t last_out = samples.size();
  for (std::size_t i = samples.size(); i-- > 0;)
    if (samples[i].error_rad > tol) {
      last_out = i;
      break;
    }
  State x_settled = samples.front().x;
  if (last_out < samples.size()) {
    const Sample& left = samples[last_out];
    const Sample& right = samples[last_out + 1];
    const Vec& q = segments[right.segment].source_k;
    double lo = left.t_s, hi = right.t_s;
    x_settled = right.x;
    while (hi - lo > 1e-9 * tau) {
      const double mid = 0.5 * (lo + hi);
      State xm = left.x;
      result.accepted_steps +=
          integrate_span(options.integrator, tau, q, xm, left.t_s, mid, [](double, const State&) {});
      if (phase_error(xm) > tol) {
        lo = mid;
      } else {
        hi = mid;
        x_settled = xm;
      }
    }
    result.settle_time_s = hi;
  }
  result.final_phases_rad = rad_per_k * to_vec(x_settled);
  for (const Segment& seg : segments) {
    const double overlap = std::min(seg.end_s, result.settle_time_s) - seg.start_s;
    if (overlap > 0) result.energy_j += seg.power_w.sum() * overlap;
  }
  result.excess_energy_j = result.energy_j - p_to.sum() * result.settle_time_s;
  return result;
}

}  // namespace tonnsim::photonics
