#pragma once
// Static power, chip area and the per-sample energy figures of the photonic chip, as pure
// functions of hardware counts, programmed phases and DeviceParameters. The solvers-layer
// energy/latency ledger builds on these; every constant they use is a DeviceParameters
// field documented in docs/device-parameters.md.
//
// Static heater power:  what the chip's drive holds (ChipInstance::heater_power_w, built on
//                       block_heater_power_w in heater_power.hpp: one formula, the Sigma
//                       attenuators at 2 psi, calibration included); passed in, not recomputed
// Area:                 A = N_MZI * L_MZI * W_MZI + N_standalone_PS * L_PS * W_PS
// Laser budget:         P_laser[dBm] = S_PD[dBm] + IL_total[dB] + 10 log10(N_outputs)
//                       P_laser,electrical = P_laser,optical / eta_wall_plug
// Converters:           E_sample = P_converter / f_sample;  E_symbol = E_bit * bits
#include "core/types.hpp"
#include "photonics/device_parameters.hpp"

namespace tonnsim::photonics {

/// What a chip organisation holds. Counts are totals over the chip.
struct HardwareCounts {
  long mzis = 0;            // every MZI cell, including the Sigma attenuators
  long phase_shifters = 0;  // every heater: the two inside each MZI plus output phase screens
  long tensor_cores = 0;    // photonic tensor cores (U Sigma V^dagger blocks)
  long attenuators = 0;     // MZIs used as Sigma attenuators (a subset of mzis)
  /// Throws InputError for negative counts or attenuators > mzis.
  void validate() const;
};

struct HardwareReport {
  HardwareCounts counts;
  double area_um2 = 0.0;        // MZI cells plus standalone phase shifters
  double area_mm2 = 0.0;        // area_um2 / 1e6
  double static_power_w = 0.0;  // heater power holding the programmed phases
};

/// Chip area in um^2: MZI cells (their two heaters lie inside the cell footprint, as in the
/// Lightening-Transformer 180 x 100 um cell) plus the heaters outside any MZI cell at the
/// shifter footprint: phase_shifters - 2 (mzis - attenuators) - attenuators, the output
/// phase screens (2k per k x k core; each attenuator's one counted heater sits in its cell).
double chip_area_um2(const HardwareCounts& counts, const DeviceParameters& device);

/// Counts and area of a chip, with the static heater power its drive holds (W, >= 0: the
/// chip's own figure, ChipInstance::heater_power_w, so the report and the chip agree).
HardwareReport hardware_report(const HardwareCounts& counts, double static_power_w,
                               const DeviceParameters& device);

double dbm_to_w(double power_dbm);
double w_to_dbm(double power_w);  // power_w > 0

/// Optical and electrical laser power that leaves every one of `outputs` detectors at the
/// sensitivity S_PD after a path with `path_loss_db` total insertion loss.
struct LaserBudget {
  double optical_dbm = 0.0;
  double optical_w = 0.0;
  double electrical_w = 0.0;  // optical / wall-plug efficiency
};
LaserBudget laser_budget(double path_loss_db, long outputs, const DeviceParameters& device);

/// Insertion loss (dB) of a path through `mzis_on_path` MZI cells, each mzi.insertion_loss_db
/// (the cell figure already includes its shifters' loss).
double mzi_path_loss_db(long mzis_on_path, const MziParams& mzi);

/// Energy of one converter sample, P / f_sample (J): 1.48 pJ for the default ADC,
/// 3.57 pJ for the default DAC.
double converter_energy_per_sample_j(const ConverterParams& converter);

/// Modulator energy of one input symbol carrying `bits_per_symbol` bits (J). Assumption: an
/// analog amplitude resolved to B bits costs B times the quoted per-bit energy (the 450 fJ/bit
/// figure is for on-off keyed bits); the default B is the DAC resolution (8 bits).
double modulator_energy_per_symbol_j(const ModulatorParams& modulator, int bits_per_symbol);

/// Receiver energy of one output sample: TIA power over the ADC sample period plus one ADC
/// sample (J). Assumption: the TIA is on for exactly the sample period.
double detector_energy_per_sample_j(const DeviceParameters& device);

/// Transmitter energy of one input sample: one DAC sample plus one modulator symbol at the
/// DAC resolution (J).
double input_energy_per_sample_j(const DeviceParameters& device);

}  // namespace tonnsim::photonics
