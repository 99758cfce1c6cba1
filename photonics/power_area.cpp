#include "photonics/power_area.hpp"

#include <algorithm>
#include <cmath>

#include "core/error.hpp"

namespace tonnsim::photonics {

void HardwareCounts::validate() const {
  require(mzis >= 0, "mzis", mzis, "must be >= 0");
  require(phase_shifters >= 0, "phase_shifters", phase_shifters, "must be >= 0");
  require(tensor_cores >= 0, "tensor_cores", tensor_cores, "must be >= 0");
  require(attenuators >= 0 && attenuators <= mzis, "attenuators", attenuators,
          "must be in [0, mzis = " + std::to_string(mzis) + "] (attenuators are MZIs)");
}

double chip_area_um2(const HardwareCounts& counts, const DeviceParameters& device) {
  counts.validate();
  const auto& ps = device.phase_shifter;
  // Heaters inside MZI cells: two per mesh MZI, the one counted per Sigma attenuator.
  const long in_cells = 2 * (counts.mzis - counts.attenuators) + counts.attenuators;
  const long standalone_shifters = std::max(0L, counts.phase_shifters - in_cells);
  return static_cast<double>(counts.mzis) * device.mzi.area_um2() +
         static_cast<double>(standalone_shifters) * ps.length_um * ps.width_um;
}

HardwareReport hardware_report(const HardwareCounts& counts, double static_power_w,
                               const DeviceParameters& device) {
  device.validate();
  require(std::isfinite(static_power_w) && static_power_w >= 0, "static_power_w", static_power_w,
          "must be finite and >= 0 W");
  HardwareReport report;
  report.counts = counts;
  report.area_um2 = chip_area_um2(counts, device);
  report.area_mm2 = report.area_um2 * 1e-6;
  report.static_power_w = static_power_w;
  return report;
}

double dbm_to_w(double power_dbm) {
  require(std::isfinite(power_dbm), "power_dbm", power_dbm, "must be finite");
  return 1e-3 * std::pow(10.0, power_dbm / 10.0);
}

double w_to_dbm(double power_w) {
  require(power_w > 0 && std::isfinite(power_w), "power_w", power_w, "must be finite and > 0 W");
  return 10.0 * std::log10(power_w / 1e-3);
}

LaserBudget laser_budget(double path_loss_db, long outputs, const DeviceParameters& device) {
  require(std::isfinite(path_loss_db) && path_loss_db >= 0, "path_loss_db", path_loss_db,
          "must be finite and >= 0 dB");
  require(outputs >= 1, "outputs", outputs, "must be >= 1");
  require(device.laser.wall_plug_efficiency > 0 && device.laser.wall_plug_efficiency <= 1,
          "laser.wall_plug_efficiency", device.laser.wall_plug_efficiency, "must be in (0, 1]");
  LaserBudget budget;
  budget.optical_dbm = device.detector.sensitivity_dbm + path_loss_db +
                       10.0 * std::log10(static_cast<double>(outputs));
  budget.optical_w = dbm_to_w(budget.optical_dbm);
  budget.electrical_w = budget.optical_w / device.laser.wall_plug_efficiency;
  return budget;
}

double mzi_path_loss_db(long mzis_on_path, const MziParams& mzi) {
  require(mzis_on_path >= 0, "mzis_on_path", mzis_on_path, "must be >= 0");
  require(mzi.insertion_loss_db >= 0, "mzi.insertion_loss_db", mzi.insertion_loss_db,
          "must be >= 0 dB");
  return static_cast<double>(mzis_on_path) * mzi.insertion_loss_db;
}

double converter_energy_per_sample_j(const ConverterParams& converter) {
  require(converter.rate_hz > 0, "rate_hz", converter.rate_hz, "must be > 0 Hz");
  require(converter.power_w >= 0, "power_w", converter.power_w, "must be >= 0 W");
  return converter.energy_per_sample_j();
}

double modulator_energy_per_symbol_j(const ModulatorParams& modulator, int bits_per_symbol) {
  require(bits_per_symbol >= 1, "bits_per_symbol", bits_per_symbol, "must be >= 1");
  require(modulator.energy_per_bit_j >= 0, "modulator.energy_per_bit_j",
          modulator.energy_per_bit_j, "must be >= 0 J");
  return modulator.energy_per_bit_j * bits_per_symbol;
}

double detector_energy_per_sample_j(const DeviceParameters& device) {
  require(device.detector.tia_power_w >= 0, "detector.tia_power_w", device.detector.tia_power_w,
          "must be >= 0 W");
  const double adc_sample_j = converter_energy_per_sample_j(device.adc);
  return device.detector.tia_power_w / device.adc.rate_hz + adc_sample_j;
}

double input_energy_per_sample_j(const DeviceParameters& device) {
  return converter_energy_per_sample_j(device.dac) +
         modulator_energy_per_symbol_j(device.modulator, device.dac.bits);
}

}  // namespace tonnsim::photonics
