#pragma once
// Thermo-optic phase-shifter dynamics: how long a retune takes to settle and what it costs.
//
// Model (lumped first-order thermal RC per heater, linear crosstalk between neighbours).
// A row of n heaters, T_i the temperature rise (K) of heater i over the substrate:
//
//   tau dT_i/dt = -T_i + R_th ( P_i(t) + c * sum_{0 < |j - i| <= k} P_j(t) )
//   phi_i      = pi / (P_pi R_th) * T_i
//
// - tau = 1 / (2 pi f_3dB) with f_3dB = 130 kHz, so tau = 1.22 us. Source: Harris et al.,
//   Opt. Express 22, 10487 (2014) report the 130 kHz bandwidth; a single-pole low-pass with
//   that bandwidth is our assumption (the measured response is close to first order).
// - R_th (K/W): temperature rise per heater watt; only the product P_pi R_th matters for the
//   phase, R_th just gives T a physical scale (derivation in docs/device-parameters.md).
// - c, k: crosstalk factor and neighbourhood (design notes: c = 0.005, nearest neighbours, as
//   in the published reference runs). Each heater's power leaks into its k neighbours on
//   each side with weight c, so in steady state a neighbour of a heater driven to phi sees
//   c * phi. All heaters share one tau, i.e. crosstalk is modelled as instantaneous in the
//   source term (assumption: the neighbour path has the same RC as the heater's own).
// - The drive P_i(t) is piecewise constant: a step to the new power, optionally preceded by
//   an overdrive (pre-emphasis) pulse, clamped to [0, P_max] (a heater cannot cool, and the
//   DAC full scale V_max bounds the power, P_max = P_pi (V_max / V_pi)^2).
//
// The electrical energy of a retune is the integral of the heater drive power; because the
// drive is piecewise constant, it is sum over segments of (sum_i P_i) * duration.
//
// Integration uses Boost.Odeint with a controlled (error-checked, adaptive) Runge-Kutta
// stepper, a step-size ceiling and step-count checkers, never a dense-output stepper (these
// can loop forever on a backward span, a pitfall seen elsewhere); a backward span is an
// InputError. Fixed-step Euler and RK4 entry points exist to measure convergence order.
#include <Eigen/LU>
#include <array>
#include <utility>

#include "core/enum_names.hpp"
#include "core/types.hpp"
#include "photonics/device_parameters.hpp"

namespace tonnsim::photonics {

/// Error-controlled Runge-Kutta schemes for the adaptive integration (both order 5(4)).
enum class AdaptiveStepper { kDopri5, kCashKarp };
/// Fixed-step schemes, for convergence studies (nominal orders 1 and 4).
enum class FixedStepper { kEuler, kRk4 };
/// Shape of the drive when a heater is retuned.
enum class DriveShape {
  kStep,       // jump straight to the new steady-state power
  kOverdrive,  // pre-emphasis: P_from + g (P_to - P_from) for tau ln(g / (g - 1)), then P_to
};
/// Whether the controller pre-compensates thermal crosstalk when it picks heater powers.
enum class CrosstalkCompensation {
  kCompensate,  // solve (I + c K) P = (P_pi / pi) phi so the steady state hits the targets
  kIgnore,      // P_i = P_pi phi_i / pi; the steady state is off by the neighbours' leakage
};

}  // namespace tonnsim::photonics

namespace tonnsim {
template <>
struct EnumNames<photonics::AdaptiveStepper> {
  static constexpr const char* type = "adaptive stepper";
  static constexpr std::array<std::pair<photonics::AdaptiveStepper, const char*>, 2> names{
      {{photonics::AdaptiveStepper::kDopri5, "dopri5"},
       {photonics::AdaptiveStepper::kCashKarp, "cash_karp"}}};
};
template <>
struct EnumNames<photonics::FixedStepper> {
  static constexpr const char* type = "fixed-step stepper";
  static constexpr std::array<std::pair<photonics::FixedStepper, const char*>, 2> names{
      {{photonics::FixedStepper::kEuler, "euler"}, {photonics::FixedStepper::kRk4, "rk4"}}};
};
template <>
struct EnumNames<photonics::DriveShape> {
  static constexpr const char* type = "heater drive shape";
  static constexpr std::array<std::pair<photonics::DriveShape, const char*>, 2> names{
      {{photonics::DriveShape::kStep, "step"}, {photonics::DriveShape::kOverdrive, "overdrive"}}};
};
template <>
struct EnumNames<photonics::CrosstalkCompensation> {
  static constexpr const char* type = "crosstalk compensation";
  static constexpr std::array<std::pair<photonics::CrosstalkCompensation, const char*>, 2> names{
      {{photonics::CrosstalkCompensation::kCompensate, "compensate"},
       {photonics::CrosstalkCompensation::kIgnore, "ignore"}}};
};
}  // namespace tonnsim

namespace tonnsim::photonics {

/// Constants of the thermal model. Defaults come from PhaseShifterParams{} (see from_device).
struct ThermalParams {
  double tau_s = PhaseShifterParams{}.tau_s();  // 1/(2 pi 130 kHz) = 1.22 us; Harris et al. 2014
  double thermal_resistance_k_per_w = PhaseShifterParams{}.thermal_resistance_k_per_w;  // R_th
  double p_pi_w = PhaseShifterParams{}.p_pi_w;  // power for a pi shift; Harris et al. 2014
  double p_max_w = 0.0;  // drive ceiling per heater; <= 0 means unlimited (see from_device)
  double crosstalk_factor = PhaseShifterParams{}.crosstalk_factor;  // c; reference runs
  int crosstalk_neighbours = PhaseShifterParams{}.crosstalk_neighbours;  // k; reference runs
  double settle_tolerance_rad = PhaseShifterParams{}.settle_tolerance_rad;  // assumption: 1 mrad

  /// Takes tau from the bandwidth and P_max = P_pi (V_max / V_pi)^2 from the drive range.
  static ThermalParams from_device(const PhaseShifterParams& shifter);
  /// Throws InputError naming the field, its value and the rule (tau_s > 0, ...).
  void validate() const;
};

/// Tolerances of the adaptive integration.
struct AdaptiveOptions {
  AdaptiveStepper stepper = AdaptiveStepper::kDopri5;  // FSAL 5(4) pair, the odeint default
  double abs_tol_k = 1e-9;  // absolute error per step (K); a pi shift is ~42 K with defaults
  double rel_tol = 1e-10;   // relative error per step
  // Step ceiling as a fraction of tau: keeps observed points dense enough that the settle
  // crossing is bracketed by neighbouring steps (the error is smooth on that scale).
  double max_step_tau = 0.1;
  int max_steps = 1000000;  // accepted steps per span before a RunError (runaway guard)
  void validate() const;
};

struct RetuneOptions {
  DriveShape drive = DriveShape::kStep;
  // Overdrive gain g > 1: the pulse P_from + g (P_to - P_from) lands a first-order system
  // exactly on target after tau ln(g / (g - 1)) (0.69 tau for g = 2) when not clamped.
  double overdrive_gain = 2.0;
  CrosstalkCompensation crosstalk = CrosstalkCompensation::kCompensate;
  AdaptiveOptions integrator;
  // Guard: a retune that has not settled after this many tau is a RunError. A step of 2 pi
  // to 1 mrad needs ln(6283) = 8.7 tau, so 500 tau only trips on a broken model.
  double max_time_tau = 500.0;
  void validate() const;
};

struct RetuneResult {
  double settle_time_s = 0.0;  // last time any heater is off its settled phase by > tolerance
  double energy_j = 0.0;       // integral over [0, settle_time_s] of sum_i P_i(t)
  // energy_j minus the power that holds the new program over the same window,
  // sum_i P_to,i * settle_time_s: what the retune costs beyond static heater power (0 for a
  // step drive, the pulse surplus for an overdrive). Lets a ledger that already charges
  // static power over the run avoid counting the holding power twice.
  double excess_energy_j = 0.0;
  Vec final_phases_rad;        // phases at settle_time_s
  Vec target_phases_rad;       // steady-state phases of the final drive (the settle reference)
  Vec final_power_w;           // heater powers held after the retune
  // max_i |steady-state phase - requested phase| (wrapped): nonzero when crosstalk is not
  // compensated or a power had to be clamped to [0, P_max].
  double max_static_error_rad = 0.0;
  long accepted_steps = 0;     // integrator steps taken (diagnostic)
};

/// Closed-form settle time of a first-order system: t = tau ln(|dphi| / tol), 0 when
/// |dphi| <= tol. Exact for a step drive of any row here, since all heaters share one tau:
/// phi(t) = phi_ss + (phi_0 - phi_ss) e^{-t/tau}, with |dphi| = max_i |phi_0,i - phi_ss,i|.
double step_settle_time_s(double tau_s, double dphi_rad, double tolerance_rad);

/// A row of n neighbouring heaters with the model above.
class HeaterRow {
 public:
  HeaterRow(int heaters, const ThermalParams& params);

  int size() const { return n_; }
  const ThermalParams& params() const { return params_; }

  /// Steady state T = R_th (I + c K) P (K), K the 0/1 neighbour matrix within distance k.
  Vec steady_temperature_k(const Vec& power_w) const;
  /// phi = pi / (P_pi R_th) T (rad).
  Vec phase_rad(const Vec& temperature_k) const;
  /// T = P_pi R_th / pi * phi (K).
  Vec temperature_k(const Vec& phase_rad) const;
  /// Heater powers (W) whose steady state gives the wrapped phases, clamped to [0, P_max].
  Vec drive_power_w(const Vec& phase_rad, CrosstalkCompensation crosstalk) const;

  /// Temperatures at t_end_s from temperature_k at t_start_s under constant power_w,
  /// adaptive controlled stepper. Throws InputError for t_end_s < t_start_s or bad sizes,
  /// RunError when the step-count checkers trip.
  Vec integrate_adaptive(const Vec& temperature_k, const Vec& power_w, double t_start_s,
                         double t_end_s, const AdaptiveOptions& options = {}) const;
  /// The same with `steps` equal fixed steps of (t_end_s - t_start_s) / steps.
  Vec integrate_fixed(const Vec& temperature_k, const Vec& power_w, double t_start_s,
                      double t_end_s, int steps, FixedStepper stepper) const;

  /// Retunes every heater from the settled program from_phases_rad to to_phases_rad
  /// (wrapped into [0, 2 pi)) and integrates until all phases are within the settle
  /// tolerance of the final drive's steady state and stay there.
  RetuneResult retune(const Vec& from_phases_rad, const Vec& to_phases_rad,
                      const RetuneOptions& options = {}) const;

 private:
  Vec source_k(const Vec& power_w) const;  // R_th (I + c K) P
  void check_size(const Vec& v, const char* field) const;

  int n_;
  ThermalParams params_;
  Mat coupling_;  // I + c K (dense; rows are short in practice, n <= a few hundred)
  Eigen::FullPivLU<Mat> coupling_lu_;  // for crosstalk pre-compensation
};

}  // namespace tonnsim::photonics
