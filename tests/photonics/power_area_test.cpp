#include "photonics/power_area.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <string>

#include "core/error.hpp"
#include "photonics/heater_power.hpp"

using namespace tonnsim;
using namespace tonnsim::photonics;

namespace {

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

/// One 8 x 8 photonic tensor core: two Clements meshes of 28 MZIs, 8 Sigma attenuators,
/// two output phase screens of 8 heaters.
HardwareCounts tensor_core_8x8() {
  HardwareCounts c;
  c.mzis = 28 + 28 + 8;
  c.attenuators = 8;
  // Two heaters per mesh MZI, one per attenuator (svd_block_counts), two screens of 8.
  c.phase_shifters = 2 * (c.mzis - c.attenuators) + c.attenuators + 2 * 8;
  c.tensor_cores = 1;
  return c;
}

}  // namespace

TEST_CASE("Heater power is P_pi per pi of wrapped phase") {
  const double p_pi = PhaseShifterParams{}.p_pi_w;
  CHECK(heater_power_w(M_PI, p_pi) == doctest::Approx(p_pi).epsilon(1e-15));
  CHECK(heater_power_w(0.0, p_pi) == 0.0);
  CHECK(heater_power_w(2.0 * M_PI, p_pi) == doctest::Approx(0.0).epsilon(1e-15));
  CHECK(heater_power_w(-0.5 * M_PI, p_pi) == doctest::Approx(1.5 * p_pi).epsilon(1e-15));
  CHECK(heater_power_w(5.0 * M_PI, p_pi) == doctest::Approx(p_pi).epsilon(1e-12));
  // Linear in phase within one period.
  for (double a : {0.1, 0.7, 2.0})
    for (double b : {0.3, 1.1, 2.5})
      CHECK(heater_power_w(a + b, p_pi) ==
            doctest::Approx(heater_power_w(a, p_pi) + heater_power_w(b, p_pi)).epsilon(1e-14));
  for (double phi : {-1e-18, -2.0 * M_PI, 1e3, -7.5}) {
    const double w = wrap_phase_rad(phi);
    CHECK(w >= 0.0);
    CHECK(w < 2.0 * M_PI);
  }
  // P_max = P_pi (V_max / V_pi)^2 = 24.77 mW * (10.8 / 4.36)^2 = 151.98 mW.
  CHECK(max_heater_power_w(PhaseShifterParams{}) == doctest::Approx(0.15198).epsilon(1e-4));
}

TEST_CASE("Chip area counts MZI cells and standalone phase shifters") {
  const DeviceParameters device;
  const HardwareCounts core = tensor_core_8x8();
  // 64 cells of 180 x 100 um plus 16 screen heaters of 100 x 25 um.
  CHECK(chip_area_um2(core, device) == doctest::Approx(64 * 18000.0 + 16 * 2500.0));
  HardwareCounts bare;
  bare.mzis = 10;
  bare.phase_shifters = 20;
  CHECK(chip_area_um2(bare, device) == doctest::Approx(10 * device.mzi.area_um2()));
  const HardwareReport report = hardware_report(core, 0.25, device);
  CHECK(report.area_mm2 == doctest::Approx(1.192));
  CHECK(report.area_mm2 == doctest::Approx(report.area_um2 * 1e-6));
  CHECK(report.static_power_w == 0.25);  // the chip's own figure, carried unchanged
  CHECK(report.counts.tensor_cores == 1);
}

TEST_CASE("Laser power follows S_PD + IL + 10 log10(N) and the wall-plug efficiency") {
  const DeviceParameters device;
  // Hand computation: -27 dBm + 10 dB + 10 log10(8) = -7.969 dBm = 0.15963 mW optical,
  // / 0.2 wall-plug = 0.79815 mW electrical.
  const LaserBudget b = laser_budget(10.0, 8, device);
  CHECK(b.optical_dbm == doctest::Approx(-7.9691).epsilon(1e-4));
  CHECK(b.optical_w == doctest::Approx(0.15963e-3).epsilon(1e-4));
  CHECK(b.electrical_w == doctest::Approx(0.79815e-3).epsilon(1e-4));
  CHECK(w_to_dbm(dbm_to_w(-7.5)) == doctest::Approx(-7.5).epsilon(1e-14));
  CHECK(dbm_to_w(0.0) == doctest::Approx(1e-3));
  // Eight cells of 0.99 dB.
  CHECK(mzi_path_loss_db(8, device.mzi) == doctest::Approx(7.92));
  // Doubling the outputs costs 3.01 dB.
  CHECK(laser_budget(10.0, 16, device).optical_dbm - b.optical_dbm ==
        doctest::Approx(10.0 * std::log10(2.0)));
}

TEST_CASE("Converter, modulator and detector energies per sample") {
  const DeviceParameters device;
  CHECK(converter_energy_per_sample_j(device.adc) == doctest::Approx(1.48e-12));
  CHECK(converter_energy_per_sample_j(device.dac) == doctest::Approx(50e-3 / 14e9));
  CHECK(modulator_energy_per_symbol_j(device.modulator, 8) == doctest::Approx(3.6e-12));
  // 3 mW TIA over a 0.1 ns sample plus one 1.48 pJ ADC sample.
  CHECK(detector_energy_per_sample_j(device) == doctest::Approx(0.3e-12 + 1.48e-12));
  CHECK(input_energy_per_sample_j(device) == doctest::Approx(50e-3 / 14e9 + 3.6e-12));
}

TEST_CASE("Bad accounting input throws InputError naming field, value and rule") {
  const DeviceParameters device;
  HardwareCounts c;
  c.mzis = 2;
  c.attenuators = 3;
  CHECK(input_error_of([&] { chip_area_um2(c, device); }) ==
        "attenuators = 3: must be in [0, mzis = 2] (attenuators are MZIs)");
  CHECK(input_error_of([&] { hardware_report(tensor_core_8x8(), -1.0, device); }) ==
        "static_power_w = -1: must be finite and >= 0 W");
  CHECK(input_error_of([&] { laser_budget(-1.0, 4, device); }) ==
        "path_loss_db = -1: must be finite and >= 0 dB");
  CHECK(input_error_of([&] { laser_budget(3.0, 0, device); }) == "outputs = 0: must be >= 1");
  CHECK(input_error_of([&] { modulator_energy_per_symbol_j(device.modulator, 0); }) ==
        "bits_per_symbol = 0: must be >= 1");
  CHECK(input_error_of([&] { w_to_dbm(0.0); }) == "power_w = 0: must be finite and > 0 W");
  CHECK(input_error_of([&] { heater_power_w(NAN, 1.0); }) == "phase_rad = nan: must be finite");
}

TEST_CASE("Chip area counts the screen heaters of every core, attenuator heaters inside cells") {
  // svd_block_counts(8, 8): 64 MZIs (8 attenuators), 136 heaters = 2 x 56 + 8 + 16 screens.
  const DeviceParameters device;
  HardwareCounts core;
  core.mzis = 64;
  core.attenuators = 8;
  core.phase_shifters = 136;
  core.tensor_cores = 1;
  const double cells = 64 * device.mzi.area_um2();
  const double screens = 16 * device.phase_shifter.length_um * device.phase_shifter.width_um;
  CHECK(chip_area_um2(core, device) == doctest::Approx(cells + screens).epsilon(1e-14));
  // The 8 screen heaters that counting "phase_shifters - 2 mzis" misses are 1.7 % of a core.
  const double missed = 8 * device.phase_shifter.length_um * device.phase_shifter.width_um;
  CHECK(missed / (cells + screens - missed) == doctest::Approx(0.0174).epsilon(0.01));
}

TEST_CASE("A phase a rounding residue below 2 pi costs nothing; one a real step below does") {
  const double p_pi = PhaseShifterParams{}.p_pi_w;
  CHECK(wrap_phase_rad(-1e-15) == 0.0);
  CHECK(wrap_phase_rad(2.0 * M_PI - 1e-12) == 0.0);
  CHECK(heater_power_w(-1e-13, p_pi) == 0.0);
  // One 24-bit DAC step below 2 pi is a real program.
  const double step = 2.0 * M_PI / (1 << 24);
  CHECK(heater_power_w(-step, p_pi) == doctest::Approx(2.0 * p_pi).epsilon(1e-6));
}

TEST_CASE("The heater range is [0, gamma V_max^2]; outside it a phase wraps by whole turns") {
  const PhaseShifterParams ps;
  const double top = max_heater_phase_rad(ps);
  CHECK(top == doctest::Approx(M_PI * std::pow(10.8 / 4.36, 2)).epsilon(1e-14));
  CHECK(heater_range_phase_rad(7.0, top) == 7.0);  // above 2 pi, inside the range: kept
  CHECK(heater_range_phase_rad(-0.025, top) == doctest::Approx(2.0 * M_PI - 0.025).epsilon(1e-15));
  CHECK(heater_range_phase_rad(top + 0.01, top) ==
        doctest::Approx(top + 0.01 - 2.0 * M_PI).epsilon(1e-15));
  CHECK(heater_range_phase_rad(-1e-14, top) == 0.0);  // rounding residue of 0
  CHECK(heater_range_phase_rad(-4.0 * M_PI - 0.5, top) ==
        doctest::Approx(2.0 * M_PI - 0.5).epsilon(1e-14));
}

TEST_CASE("A Sigma attenuator costs 2 P_pi psi / pi, a mesh heater P_pi phi / pi") {
  const PhaseShifterParams ps;
  const BlockStructure s(8, 8);
  Vec phases = Vec::Zero(s.num_phases());
  phases[s.sigma_offset() + 3] = 1.0;  // psi = 1 rad: a 2 rad arm difference
  CHECK(block_heater_power_w(s, phases, ps) == doctest::Approx(2.0 * ps.p_pi_w / M_PI));
  phases.setZero();
  phases[s.output_slots().theta + 2] = 1.0;
  CHECK(block_heater_power_w(s, phases, ps) == doctest::Approx(ps.p_pi_w / M_PI));
  // Uniform pi everywhere: 128 mesh heaters + 8 attenuators counted twice = 144 P_pi.
  phases.setConstant(M_PI);
  CHECK(block_heater_power_w(s, phases, ps) == doctest::Approx(144 * ps.p_pi_w));
}
