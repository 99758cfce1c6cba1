#include "photonics/thermal_dynamics.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/rng.hpp"

using namespace tonnsim;
using namespace tonnsim::photonics;

namespace {

ThermalParams defaults() { return ThermalParams::from_device(PhaseShifterParams{}); }

ThermalParams without_crosstalk() {
  ThermalParams p = defaults();
  p.crosstalk_factor = 0.0;
  return p;
}

/// Least-squares slope of log(y) against log(x).
double loglog_slope(const std::vector<double>& x, const std::vector<double>& y) {
  double sx = 0, sy = 0, sxx = 0, sxy = 0;
  const double n = static_cast<double>(x.size());
  for (std::size_t i = 0; i < x.size(); ++i) {
    const double lx = std::log(x[i]), ly = std::log(y[i]);
    sx += lx;
    sy += ly;
    sxx += lx * lx;
    sxy += lx * ly;
  }
  return (n * sxy - sx * sy) / (n * sxx - sx * sx);
}

/// Runs `f` and returns the InputError message; fails the test when nothing is thrown.
template <class F>
std::string input_error_of(F&& f) {
  try {
    f();
  } catch (const InputError& e) {
    return e.what();
  }
  FAIL("no InputError thrown");
  return {};
}

}  // namespace

TEST_CASE("Integrated step response of one heater matches 1 - exp(-t/tau)") {
  const HeaterRow row(1, defaults());
  const double tau = row.params().tau_s;
  const Vec power = Vec::Constant(1, row.params().p_pi_w);
  const double t_ss = row.steady_temperature_k(power)[0];
  CHECK(t_ss == doctest::Approx(defaults().thermal_resistance_k_per_w * defaults().p_pi_w));
  for (AdaptiveStepper stepper : {AdaptiveStepper::kDopri5, AdaptiveStepper::kCashKarp}) {
    AdaptiveOptions options;
    options.stepper = stepper;
    for (double t_over_tau : {0.05, 0.3, 1.0, 2.5, 7.0}) {
      const Vec t = row.integrate_adaptive(Vec::Zero(1), power, 0.0, t_over_tau * tau, options);
      INFO(to_string(stepper), " t/tau = ", t_over_tau);
      CHECK(std::abs(t[0] / t_ss - (1.0 - std::exp(-t_over_tau))) < 1e-6);
    }
  }
}

TEST_CASE("Fixed-step Euler and RK4 converge at their nominal order") {
  const HeaterRow row(1, defaults());
  const double tau = row.params().tau_s;
  const Vec power = Vec::Constant(1, row.params().p_pi_w);
  const double exact = row.steady_temperature_k(power)[0] * (1.0 - std::exp(-1.0));
  for (auto [stepper, order] : {std::pair{FixedStepper::kEuler, 1.0}, {FixedStepper::kRk4, 4.0}}) {
    std::vector<double> dt, err;
    for (int steps = 8; steps <= 128; steps *= 2) {
      const Vec t = row.integrate_fixed(Vec::Zero(1), power, 0.0, tau, steps, stepper);
      dt.push_back(tau / steps);
      err.push_back(std::abs(t[0] - exact));
    }
    INFO(to_string(stepper));
    CHECK(loglog_slope(dt, err) == doctest::Approx(order).epsilon(0.2 / order));
  }
}

TEST_CASE("Settle time of one heater equals tau ln(dphi / tol) and energy is P times time") {
  const HeaterRow row(1, defaults());
  const ThermalParams& p = row.params();
  for (double dphi : {0.01, 1.0, M_PI, 6.0}) {
    const RetuneResult r = row.retune(Vec::Zero(1), Vec::Constant(1, dphi));
    const double expected = step_settle_time_s(p.tau_s, dphi, p.settle_tolerance_rad);
    INFO("dphi = ", dphi);
    CHECK(expected == doctest::Approx(p.tau_s * std::log(dphi / p.settle_tolerance_rad)));
    CHECK(r.settle_time_s == doctest::Approx(expected).epsilon(0.01));
    // The drive steps to P1 = P_pi dphi / pi and holds it for the whole settle window.
    CHECK(r.energy_j == doctest::Approx(p.p_pi_w * dphi / M_PI * r.settle_time_s).epsilon(1e-12));
    CHECK(std::abs(r.final_phases_rad[0] - dphi) == doctest::Approx(p.settle_tolerance_rad));
    CHECK(std::abs(r.excess_energy_j) <= 1e-15 * r.energy_j);
  }
  CHECK(step_settle_time_s(p.tau_s, 0.5 * p.settle_tolerance_rad, p.settle_tolerance_rad) == 0.0);
  const RetuneResult unchanged = row.retune(Vec::Constant(1, 1.0), Vec::Constant(1, 1.0));
  CHECK(unchanged.settle_time_s == 0.0);
  CHECK(unchanged.energy_j == 0.0);
}

TEST_CASE("A coupled row settles at the closed form of its worst heater") {
  // All heaters share one tau, so phi(t) = phi_ss + (phi_0 - phi_ss) e^{-t/tau} for the
  // whole row; the settle time follows from the largest initial distance to steady state.
  ThermalParams p = defaults();
  p.crosstalk_factor = 0.05;
  p.crosstalk_neighbours = 2;
  const HeaterRow row(8, p);
  auto rng = make_rng(7, Stream::kOther, 0);
  std::uniform_real_distribution<double> phase(0.0, 2.0 * M_PI);
  Vec from(8), to(8);
  for (int i = 0; i < 8; ++i) {
    from[i] = phase(rng);
    to[i] = phase(rng);
  }
  for (auto crosstalk : {CrosstalkCompensation::kCompensate, CrosstalkCompensation::kIgnore}) {
    RetuneOptions options;
    options.crosstalk = crosstalk;
    const RetuneResult r = row.retune(from, to, options);
    const Vec phi0 = row.phase_rad(row.steady_temperature_k(row.drive_power_w(from, crosstalk)));
    const double dphi = (phi0 - r.target_phases_rad).cwiseAbs().maxCoeff();
    INFO(to_string(crosstalk));
    CHECK(r.settle_time_s ==
          doctest::Approx(step_settle_time_s(p.tau_s, dphi, p.settle_tolerance_rad)).epsilon(1e-6));
    CHECK(r.energy_j == doctest::Approx(r.final_power_w.sum() * r.settle_time_s).epsilon(1e-12));
    CHECK((r.final_phases_rad - r.target_phases_rad).cwiseAbs().maxCoeff() <=
          p.settle_tolerance_rad * (1 + 1e-6));
  }
}

TEST_CASE("With crosstalk factor 0 heaters are independent") {
  const HeaterRow row(3, without_crosstalk());
  const HeaterRow single(1, without_crosstalk());
  const Vec from = Vec::Zero(3);
  Vec to = Vec::Zero(3);
  to[1] = M_PI;
  const RetuneResult r = row.retune(from, to);
  const RetuneResult alone = single.retune(Vec::Zero(1), Vec::Constant(1, M_PI));
  CHECK(r.final_phases_rad[0] == 0.0);
  CHECK(r.final_phases_rad[2] == 0.0);
  CHECK(r.final_phases_rad[1] == doctest::Approx(alone.final_phases_rad[0]).epsilon(1e-12));
  CHECK(r.settle_time_s == doctest::Approx(alone.settle_time_s).epsilon(1e-12));
  CHECK(r.max_static_error_rad < 1e-15);
}

TEST_CASE("A neighbour's steady-state phase is the crosstalk factor times the driver's") {
  for (int k : {1, 2}) {
    ThermalParams p = defaults();
    p.crosstalk_neighbours = k;
    const HeaterRow row(5, p);
    const double phi = 2.0;
    Vec power = Vec::Zero(5);
    power[2] = p.p_pi_w * phi / M_PI;  // uncompensated drive of the middle heater to phi
    const Vec steady = row.phase_rad(row.steady_temperature_k(power));
    // The integrated state after 40 tau must agree with the closed form too.
    const Vec settled =
        row.phase_rad(row.integrate_adaptive(Vec::Zero(5), power, 0.0, 40.0 * p.tau_s));
    for (int i = 0; i < 5; ++i) {
      const int d = std::abs(i - 2);
      const double expected = d == 0 ? phi : (d <= k ? p.crosstalk_factor * phi : 0.0);
      INFO("k = ", k, " heater ", i);
      CHECK(steady[i] == doctest::Approx(expected).epsilon(1e-12));
      CHECK(settled[i] == doctest::Approx(expected).epsilon(1e-9));
    }
  }
}

TEST_CASE("Crosstalk compensation lands every heater on its requested phase") {
  const HeaterRow row(6, defaults());
  Vec to(6);
  to << 0.5, 3.0, 1.0, 6.0, 2.0, 4.0;
  const RetuneResult compensated = row.retune(Vec::Zero(6), to);
  CHECK(compensated.max_static_error_rad < 1e-12);
  CHECK((compensated.final_phases_rad - to).cwiseAbs().maxCoeff() <=
        row.params().settle_tolerance_rad * (1 + 1e-6));
  RetuneOptions ignore;
  ignore.crosstalk = CrosstalkCompensation::kIgnore;
  const RetuneResult plain = row.retune(Vec::Zero(6), to, ignore);
  // Heater 3 (6 rad) sees c (1 + 2) rad of leakage from its neighbours.
  const Vec leak = plain.target_phases_rad - to;
  CHECK(leak[3] == doctest::Approx(row.params().crosstalk_factor * (1.0 + 2.0)).epsilon(1e-12));
  CHECK(plain.max_static_error_rad == doctest::Approx(leak.cwiseAbs().maxCoeff()));
}

TEST_CASE("An overdrive pulse lands on target at tau ln(g / (g - 1))") {
  const HeaterRow row(1, defaults());
  const ThermalParams& p = row.params();
  RetuneOptions options;
  options.drive = DriveShape::kOverdrive;
  options.overdrive_gain = 2.0;
  const RetuneResult r = row.retune(Vec::Zero(1), Vec::Constant(1, M_PI), options);
  // phi(t) = 2 pi (1 - e^{-t/tau}) during the pulse; it enters the tolerance band when
  // pi - phi = tol, i.e. at t = tau ln(2 pi / (pi + tol)), before the pulse ends at tau ln 2.
  const double expected = p.tau_s * std::log(2.0 * M_PI / (M_PI + p.settle_tolerance_rad));
  CHECK(r.settle_time_s == doctest::Approx(expected).epsilon(1e-6));
  CHECK(r.settle_time_s < p.tau_s * std::log(2.0));
  CHECK(r.energy_j == doctest::Approx(2.0 * p.p_pi_w * r.settle_time_s).epsilon(1e-12));
  CHECK(r.excess_energy_j == doctest::Approx(p.p_pi_w * r.settle_time_s).epsilon(1e-12));
  const RetuneResult step = row.retune(Vec::Zero(1), Vec::Constant(1, M_PI));
  CHECK(r.settle_time_s < 0.1 * step.settle_time_s);

  // Cooling cannot be overdriven: the pulse clamps to 0 W, so the heater relaxes exactly
  // as under a step and spends nothing.
  options.overdrive_gain = 3.0;
  const RetuneResult down = row.retune(Vec::Constant(1, M_PI), Vec::Zero(1), options);
  CHECK(down.settle_time_s ==
        doctest::Approx(step_settle_time_s(p.tau_s, M_PI, p.settle_tolerance_rad)).epsilon(1e-6));
  CHECK(down.energy_j == 0.0);
}

TEST_CASE("The step checker stops a runaway integration with a RunError") {
  const HeaterRow row(1, defaults());
  AdaptiveOptions options;
  options.max_steps = 5;
  CHECK_THROWS_AS(row.integrate_adaptive(Vec::Zero(1), Vec::Constant(1, 0.01), 0.0,
                                         10.0 * row.params().tau_s, options),
                  RunError);
}

TEST_CASE("Bad thermal input throws InputError naming field, value and rule") {
  ThermalParams p = defaults();
  p.tau_s = 0.0;
  CHECK(input_error_of([&] { HeaterRow(1, p); }) == "tau_s = 0: must be finite and > 0 s");
  p = defaults();
  p.settle_tolerance_rad = -1e-3;
  CHECK(input_error_of([&] { HeaterRow(1, p); }) ==
        "settle_tolerance_rad = -0.001: must be finite and > 0 rad");
  const HeaterRow row(2, defaults());
  const std::string backward = input_error_of(
      [&] { row.integrate_adaptive(Vec::Zero(2), Vec::Zero(2), 1e-6, 0.0); });
  CHECK(backward.find("t_end_s = 0") == 0);
  CHECK(backward.find("no backward spans") != std::string::npos);
  CHECK(input_error_of([&] {
          row.integrate_fixed(Vec::Zero(2), Vec::Zero(2), 1e-6, 0.0, 10, FixedStepper::kRk4);
        }).find("t_end_s = 0") == 0);
  CHECK(input_error_of([&] { row.retune(Vec::Zero(3), Vec::Zero(2)); }) ==
        "from_phases_rad.size() = 3: must equal the number of heaters 2");
  CHECK(input_error_of([&] { step_settle_time_s(-1.0, 1.0, 1e-3); }) ==
        "tau_s = -1: must be > 0 s");
  RetuneOptions options;
  options.overdrive_gain = 1.0;
  CHECK(input_error_of([&] { row.retune(Vec::Zero(2), Vec::Zero(2), options); }) ==
        "overdrive_gain = 1: must be > 1");
  CHECK(from_string<FixedStepper>("rk4") == FixedStepper::kRk4);
  CHECK(from_string<DriveShape>("overdrive") == DriveShape::kOverdrive);
  CHECK(from_string<AdaptiveStepper>("cash_karp") == AdaptiveStepper::kCashKarp);
  CHECK(from_string<CrosstalkCompensation>("ignore") == CrosstalkCompensation::kIgnore);
}
