#pragma once
// Electrical power of thermo-optic heaters as a function of the programmed phase.
//
// A thermo-optic shifter gives phi = gamma V^2 with gamma = pi / V_pi^2 (design notes,
// published reference runs), and a resistive heater dissipates P = V^2 / R_heater, so
//   P(phi) = P_pi * phi / pi,        phi in [0, 2 pi)
// with P_pi = 24.77 mW (Harris et al., "Efficient, compact and low loss thermo-optic phase
// shifter in silicon", Opt. Express 22, 10487 (2014)). Heater power is linear in phase: a
// shifter programmed to 0 rad costs nothing, one at pi costs P_pi. Charging a flat P_pi per
// shifter (a pitfall seen in other simulators) is right only on average over uniformly spread
// phases; it misses the dependence on the program (a mesh near identity costs almost nothing).
//
// A heater can only add phase, and phi and phi + 2 pi k give the same field. Its real range
// is [0, phi_max], phi_max = gamma V_max^2 = pi (V_max / V_pi)^2 (19.3 rad with the
// defaults): a program starts wrapped in [0, 2 pi) (the cheapest realisation), training may
// move a heater anywhere in the range, and a step that leaves it wraps by 2 pi (a near-2 pi
// swing of the heater; heater_range_phase_rad).
//
// A Sigma attenuator Sigma_c = s_max cos(psi_c) is an MZI whose arms differ by 2 psi_c:
// one heater at 2 psi_c, or two push-pull heaters at psi_c each; either way it costs
// 2 P_pi psi_c / pi (block_heater_power_w), not P_pi psi_c / pi.
#include "core/types.hpp"
#include "photonics/device_parameters.hpp"
#include "photonics/svd_block.hpp"

namespace tonnsim::photonics {

/// Wraps any finite phase into [0, 2 pi) rad (photonics/mzi.hpp wrap_phase: a rounding
/// residue within 1e-9 rad below 2 pi is 0). Throws InputError for NaN or Inf.
double wrap_phase_rad(double phase_rad);

/// Top of a heater's range, phi_max = gamma V_max^2 = pi (V_max / V_pi)^2 (rad).
double max_heater_phase_rad(const PhaseShifterParams& shifter);

/// A requested heater phase moved into [0, max_phase_rad] by whole turns of 2 pi (identity
/// inside the range; a residue within 1e-9 rad below 0 is 0). max_phase_rad >= 2 pi.
double heater_range_phase_rad(double phase_rad, double max_phase_rad);

/// Electrical power of one block's heaters holding heater phases (rad, >= 0, in the heater
/// range): P_pi / pi (sum over mesh and screen heaters of phi_i + 2 sum over the Sigma
/// attenuators of psi_c). Phases outside [0, phi_max] are moved in first.
double block_heater_power_w(const BlockStructure& structure,
                            const Eigen::Ref<const Vec>& heater_phases_rad,
                            const PhaseShifterParams& shifter);

/// Heater power P = P_pi (phi mod 2 pi) / pi in W for one shifter.
double heater_power_w(double phase_rad, double p_pi_w);

/// Elementwise heater power (W) for a vector of programmed phases (rad).
Vec heater_powers_w(const Vec& phases_rad, double p_pi_w);

/// Largest power the drive can put into one heater, P_max = P_pi (V_max / V_pi)^2 (W):
/// P = V^2 / R_heater and P_pi = V_pi^2 / R_heater. With the defaults (V_max = 10.8 V,
/// V_pi = 4.36 V) P_max = 6.14 P_pi = 152 mW, the ceiling for an overdrive pulse.
double max_heater_power_w(const PhaseShifterParams& shifter);

}  // namespace tonnsim::photonics
