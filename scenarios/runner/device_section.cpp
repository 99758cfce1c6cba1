#include "scenarios/runner/device_section.hpp"

namespace tonnsim::runner {

namespace {

// Range rules live in DeviceParameters::validate(), not here, so they are stated once;
// node.validate() maps its messages back onto the keys.

void bind(ConfigNode node, photonics::PhaseShifterParams& p) {
  node.get("p_pi_w", p.p_pi_w);
  node.get("v_pi_v", p.v_pi_v);
  node.get("v_max_v", p.v_max_v);
  node.get("bandwidth_hz", p.bandwidth_hz);
  node.get("thermal_resistance_k_per_w", p.thermal_resistance_k_per_w);
  node.get("insertion_loss_db", p.insertion_loss_db);
  node.get("length_um", p.length_um);
  node.get("width_um", p.width_um);
  node.get("crosstalk_factor", p.crosstalk_factor);
  node.get("crosstalk_neighbours", p.crosstalk_neighbours);
  node.get("gamma_variation_std", p.gamma_variation_std);
  node.get("settle_tolerance_rad", p.settle_tolerance_rad);
}

void bind(ConfigNode node, photonics::MziParams& p) {
  node.get("length_um", p.length_um);
  node.get("width_um", p.width_um);
  node.get("insertion_loss_db", p.insertion_loss_db);
  node.get("tuning_time_s", p.tuning_time_s);
  node.get("splitting_ratio", p.splitting_ratio);
}

void bind(ConfigNode node, photonics::ModulatorParams& p) {
  node.get("energy_per_bit_j", p.energy_per_bit_j);
  node.get("rate_hz", p.rate_hz);
}

void bind(ConfigNode node, photonics::ConverterParams& p) {
  node.get("bits", p.bits);
  node.get("rate_hz", p.rate_hz);
  node.get("power_w", p.power_w);
}

void bind(ConfigNode node, photonics::DetectorParams& p) {
  node.get("responsivity_a_per_w", p.responsivity_a_per_w);
  node.get("sensitivity_dbm", p.sensitivity_dbm);
  node.get("tia_power_w", p.tia_power_w);
  node.get("load_resistance_ohm", p.load_resistance_ohm);
  node.get("dark_current_a", p.dark_current_a);
  node.get("temperature_k", p.temperature_k);
  node.get("bandwidth_hz", p.bandwidth_hz);
}

void bind(ConfigNode node, photonics::LaserParams& p) {
  node.get("wall_plug_efficiency", p.wall_plug_efficiency);
}

void bind(ConfigNode node, photonics::ControlParams& p) {
  node.get("overhead_per_iteration_s", p.overhead_per_iteration_s);
  node.get("power_w", p.power_w);
  node.get("nonlinearity_energy_j", p.nonlinearity_energy_j);
  node.get("multiply_add_energy_j", p.multiply_add_energy_j);
}

}  // namespace

void bind_device_parameters(ConfigNode node, photonics::DeviceParameters& device) {
  bind(node.child("phase_shifter"), device.phase_shifter);
  bind(node.child("mzi"), device.mzi);
  bind(node.child("modulator"), device.modulator);
  bind(node.child("adc"), device.adc);
  bind(node.child("dac"), device.dac);
  bind(node.child("detector"), device.detector);
  bind(node.child("laser"), device.laser);
  bind(node.child("control"), device.control);
  node.get("wavelength_um", device.wavelength_um);
  node.finish();
  node.validate([&] { device.validate(); });
}

}  // namespace tonnsim::runner
