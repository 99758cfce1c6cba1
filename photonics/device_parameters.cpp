#include "photonics/device_parameters.hpp"

#include <cmath>

#include "core/error.hpp"

namespace tonnsim::photonics {

double PhaseShifterParams::tau_s() const { return 1.0 / (2.0 * M_PI * bandwidth_hz); }

void DeviceParameters::validate() const {
  const auto& ps = phase_shifter;
  require(ps.p_pi_w > 0, "phase_shifter.p_pi_w", ps.p_pi_w, "must be > 0 W");
  require(ps.v_pi_v > 0, "phase_shifter.v_pi_v", ps.v_pi_v, "must be > 0 V");
  require(ps.v_max_v > 0, "phase_shifter.v_max_v", ps.v_max_v, "must be > 0 V");
  // phi_max = pi (V_max / V_pi)^2 must cover a full turn, or a heater could not hold every
  // phase of [0, 2 pi) nor wrap a step that leaves its range.
  require(ps.v_max_v >= std::sqrt(2.0) * ps.v_pi_v, "phase_shifter.v_max_v", ps.v_max_v,
          "must be >= sqrt(2) phase_shifter.v_pi_v = " + std::to_string(std::sqrt(2.0) * ps.v_pi_v) +
              " V (a heater reaches phi_max = pi (V_max / V_pi)^2 >= 2 pi)");
  require(ps.bandwidth_hz > 0, "phase_shifter.bandwidth_hz", ps.bandwidth_hz, "must be > 0 Hz");
  require(ps.thermal_resistance_k_per_w > 0, "phase_shifter.thermal_resistance_k_per_w",
          ps.thermal_resistance_k_per_w, "must be > 0 K/W");
  require(ps.insertion_loss_db >= 0, "phase_shifter.insertion_loss_db", ps.insertion_loss_db,
          "must be >= 0 dB");
  require(ps.length_um > 0 && ps.width_um > 0, "phase_shifter.length_um*width_um",
          ps.length_um * ps.width_um, "must be > 0 um^2");
  require(ps.crosstalk_factor >= 0 && ps.crosstalk_factor < 1, "phase_shifter.crosstalk_factor",
          ps.crosstalk_factor, "must be in [0, 1)");
  require(ps.crosstalk_neighbours >= 0, "phase_shifter.crosstalk_neighbours",
          ps.crosstalk_neighbours, "must be >= 0");
  require(ps.gamma_variation_std >= 0, "phase_shifter.gamma_variation_std",
          ps.gamma_variation_std, "must be >= 0");
  require(ps.settle_tolerance_rad > 0, "phase_shifter.settle_tolerance_rad",
          ps.settle_tolerance_rad, "must be > 0 rad");
  require(mzi.length_um > 0 && mzi.width_um > 0, "mzi.length_um*width_um", mzi.area_um2(),
          "must be > 0 um^2");
  require(mzi.insertion_loss_db >= 0, "mzi.insertion_loss_db", mzi.insertion_loss_db,
          "must be >= 0 dB");
  require(mzi.tuning_time_s >= 0, "mzi.tuning_time_s", mzi.tuning_time_s, "must be >= 0 s");
  require(mzi.splitting_ratio > 0 && mzi.splitting_ratio < 1, "mzi.splitting_ratio",
          mzi.splitting_ratio, "must be in (0, 1)");
  require(modulator.energy_per_bit_j >= 0, "modulator.energy_per_bit_j",
          modulator.energy_per_bit_j, "must be >= 0 J");
  require(modulator.rate_hz > 0, "modulator.rate_hz", modulator.rate_hz, "must be > 0 Hz");
  for (const auto* c : {&adc, &dac}) {
    const std::string n = (c == &adc) ? "adc" : "dac";
    require(c->bits >= 1 && c->bits <= 32, n + ".bits", c->bits, "must be in [1, 32]");
    require(c->rate_hz > 0, n + ".rate_hz", c->rate_hz, "must be > 0 Hz");
    require(c->power_w >= 0, n + ".power_w", c->power_w, "must be >= 0 W");
  }
  require(detector.responsivity_a_per_w > 0, "detector.responsivity_a_per_w",
          detector.responsivity_a_per_w, "must be > 0 A/W");
  require(detector.load_resistance_ohm > 0, "detector.load_resistance_ohm",
          detector.load_resistance_ohm, "must be > 0 ohm");
  require(detector.dark_current_a >= 0, "detector.dark_current_a", detector.dark_current_a,
          "must be >= 0 A");
  require(detector.temperature_k > 0, "detector.temperature_k", detector.temperature_k,
          "must be > 0 K");
  require(detector.bandwidth_hz > 0, "detector.bandwidth_hz", detector.bandwidth_hz,
          "must be > 0 Hz");
  require(detector.tia_power_w >= 0, "detector.tia_power_w", detector.tia_power_w, "must be >= 0 W");
  require(laser.wall_plug_efficiency > 0 && laser.wall_plug_efficiency <= 1,
          "laser.wall_plug_efficiency", laser.wall_plug_efficiency, "must be in (0, 1]");
  require(control.overhead_per_iteration_s >= 0, "control.overhead_per_iteration_s",
          control.overhead_per_iteration_s, "must be >= 0 s");
  require(control.power_w >= 0, "control.power_w", control.power_w, "must be >= 0 W");
  require(control.nonlinearity_energy_j >= 0, "control.nonlinearity_energy_j",
          control.nonlinearity_energy_j, "must be >= 0 J");
  require(control.multiply_add_energy_j >= 0, "control.multiply_add_energy_j",
          control.multiply_add_energy_j, "must be >= 0 J");
  require(wavelength_um > 0, "wavelength_um", wavelength_um, "must be > 0 um");
}

}  // namespace tonnsim::photonics
