#include <doctest/doctest.h>

#include "scenarios/cli_helpers.hpp"
#include "scenarios/input_error_text.hpp"
#include "scenarios/runner/scenario.hpp"

using namespace tonnsim;
using namespace tonnsim::runner;

namespace {
}  // namespace

TEST_CASE("Every device field is read from the device section by its C++ name") {
  const Scenario s = bind_text(
      "device:\n"
      "  phase_shifter: {p_pi_w: 0.03, v_pi_v: 4, v_max_v: 9, bandwidth_hz: 1e5,\n"
      "    thermal_resistance_k_per_w: 2000, insertion_loss_db: 0.1, length_um: 90,\n"
      "    width_um: 20, crosstalk_factor: 0.01, crosstalk_neighbours: 2,\n"
      "    gamma_variation_std: 0.003, settle_tolerance_rad: 0.002}\n"
      "  mzi: {length_um: 170, width_um: 90, insertion_loss_db: 0.5, tuning_time_s: 1e-6,\n"
      "    splitting_ratio: 0.49}\n"
      "  modulator: {energy_per_bit_j: 1e-13, rate_hz: 1e10}\n"
      "  adc: {bits: 6, rate_hz: 5e9, power_w: 0.01}\n"
      "  dac: {bits: 10, rate_hz: 7e9, power_w: 0.02}\n"
      "  detector: {responsivity_a_per_w: 1, sensitivity_dbm: -25, tia_power_w: 0.002,\n"
      "    load_resistance_ohm: 50, dark_current_a: 1e-9, temperature_k: 310, bandwidth_hz: 5e9}\n"
      "  laser: {wall_plug_efficiency: 0.25}\n"
      "  control: {overhead_per_iteration_s: 1e-6, power_w: 2, nonlinearity_energy_j: 2e-12}\n"
      "  wavelength_um: 1.31\n");
  const auto& d = s.device;
  CHECK(d.phase_shifter.p_pi_w == 0.03);
  CHECK(d.phase_shifter.crosstalk_neighbours == 2);
  CHECK(d.phase_shifter.settle_tolerance_rad == 0.002);
  CHECK(d.mzi.splitting_ratio == 0.49);
  CHECK(d.modulator.rate_hz == 1e10);
  CHECK(d.adc.bits == 6);
  CHECK(d.dac.bits == 10);
  CHECK(d.dac.power_w == 0.02);
  CHECK(d.detector.temperature_k == 310);
  CHECK(d.laser.wall_plug_efficiency == 0.25);
  CHECK(d.control.nonlinearity_energy_j == 2e-12);
  CHECK(d.wavelength_um == 1.31);
  // A file without a device section gets the documented defaults.
  const photonics::DeviceParameters defaults;
  CHECK(bind_text("").device.phase_shifter.p_pi_w == defaults.phase_shifter.p_pi_w);
}

TEST_CASE("Device errors: bad type, range from validate(), unknown key, bad --set") {
  CHECK(input_error_text([] { bind_text("device:\n  adc:\n    bits: eight\n"); }) ==
        "chip.yaml:3:11: device.adc.bits = eight: must be an integer");
  CHECK(input_error_text([] { bind_text("device:\n  phase_shifter:\n    p_pi_w: -0.02\n"); }) ==
        "chip.yaml:3:13: device.phase_shifter.p_pi_w = -0.02: must be > 0 W");
  CHECK(input_error_text([] { bind_text("device:\n  dac: {bits: 40}\n"); }) ==
        "chip.yaml:2:15: device.dac.bits = 40: must be in [1, 32]");
  CHECK(input_error_text([] { bind_text("device:\n  mzi:\n    width_um: -5\n"); }) ==
        "chip.yaml:3:15: device.mzi.length_um*width_um = -900: must be > 0 um^2");
  CHECK(input_error_text([] { bind_text("device:\n  phase_shifter:\n    p_pi_mw: 20\n"); }) ==
        "chip.yaml:3:5: device.phase_shifter.p_pi_mw: unknown key; did you mean 'p_pi_w'?");
  CHECK(input_error_text([] { bind_text("devcie:\n  mzi: {}\n"); }) ==
        "chip.yaml:1:1: devcie: unknown key; did you mean 'device'?");
  CHECK(input_error_text([] { bind_text("device:\n  adc: {bits: 8}\n", {"device.adc.bits=0"}); }) ==
        "chip.yaml (from --set device.adc.bits=0): device.adc.bits = 0: must be in [1, 32]");
  CHECK(input_error_text([] { bind_text("", {"device.laser.efficiency=0.3"}); }) ==
        "chip.yaml (from --set device.laser.efficiency=0.3): device.laser.efficiency: "
        "unknown key; did you mean 'wall_plug_efficiency'?");
  // A rule broken by a default value (nothing written) points at the section.
  CHECK(input_error_text([] {
          bind_text("device:\n  phase_shifter: {}\n", {"device.phase_shifter.crosstalk_factor=1"});
        }) == "chip.yaml (from --set device.phase_shifter.crosstalk_factor=1): "
              "device.phase_shifter.crosstalk_factor = 1: must be in [0, 1)");
}

TEST_CASE("A misspelt top-level section is an error with a suggestion") {
  const Scenario s = bind_text("description: tiny\nrun: {iterations: 3}\n");
  CHECK(s.description == "tiny");
  CHECK(s.run.trainer.iterations == 3);
  CHECK(s.unchecked_sections.empty());
  CHECK(input_error_text([] { bind_text("optimiser: {}\n"); }) ==
        "chip.yaml:1:1: optimiser: unknown key; did you mean 'optimizer'?");
}
