#pragma once
// Every device constant of the simulated chip, in one place, with units in the field
// names and a source or stated assumption per default (docs/device-parameters.md lists
// them again with the reasoning). Scenarios override fields by name
// (chip.device.phase_shifter.p_pi_w = ...).
#include <string>

namespace tonnsim::photonics {

/// Thermo-optic phase shifter: phi = gamma V^2 with gamma = pi / V_pi^2, so heater power
/// P = P_pi phi / pi is linear in phase. Thermal response is first order:
/// tau dT/dt = -T + R_th P(t).
struct PhaseShifterParams {
  double p_pi_w = 24.77e-3;     // power for a pi shift; Harris et al., Opt. Express 22 (2014)
  double v_pi_v = 4.36;         // drive voltage for pi; published reference runs (design notes)
  double v_max_v = 10.8;        // DAC full-scale drive voltage; published reference runs
  double bandwidth_hz = 130e3;  // -3 dB thermal bandwidth; Harris et al. 2014
  double tau_s() const;         // first-order time constant 1/(2 pi bandwidth) = 1.22 us
  // Heater temperature rise per watt. Assumption: a pi shift in a 100 um silicon arm
  // needs dT = lambda/(2 L dn/dT) = 1.55/(2*100*1.86e-4) = 41.7 K at P_pi = 24.77 mW,
  // so R_th = 41.7 K / 24.77 mW = 1.68e3 K/W.
  double thermal_resistance_k_per_w = 1.68e3;
  double insertion_loss_db = 0.23;   // Harris et al. 2014
  double length_um = 100.0;          // SimPhony "academic" shifter footprint
  double width_um = 25.0;            // SimPhony "academic" shifter footprint
  double crosstalk_factor = 0.005;   // fraction of a heater's phase seen by a neighbour; reference runs
  int crosstalk_neighbours = 1;      // heaters on each side that couple; reference runs
  double gamma_variation_std = 0.002;  // relative std of gamma across heaters; reference runs
  double settle_tolerance_rad = 1e-3;  // assumption: retune counts as settled within 1 mrad
};

/// MZI cell (two couplers, internal and external shifter).
struct MziParams {
  double length_um = 180.0;        // Lightening-Transformer default cell
  double width_um = 100.0;         // Lightening-Transformer default cell
  double insertion_loss_db = 0.99; // Lightening-Transformer default, per MZI
  double tuning_time_s = 2e-6;     // Lightening-Transformer default
  double splitting_ratio = 0.5;    // ideal 50:50 directional coupler (power)
  double area_um2() const { return length_um * width_um; }
};

/// Input encoding: DAC + modulator per input channel and symbol.
struct ModulatorParams {
  double energy_per_bit_j = 450e-15;  // 450 fJ/bit at 12.5 GHz; design notes
  double rate_hz = 12.5e9;            // symbol rate the modulator is specified at
};

struct ConverterParams {
  int bits = 8;
  double rate_hz = 10e9;
  double power_w = 14.8e-3;
  double energy_per_sample_j() const { return power_w / rate_hz; }
};

/// Photodetector, TIA and noise: sigma_I^2 = 4 k T B / R_L + 2 q (I + I_d) B.
struct DetectorParams {
  double responsivity_a_per_w = 1.1;  // design notes
  double sensitivity_dbm = -27.0;     // design notes: minimum detectable power
  double tia_power_w = 3e-3;          // design notes
  double load_resistance_ohm = 166.0; // design notes
  double dark_current_a = 0.1e-9;     // design notes
  double temperature_k = 300.0;       // assumption: room temperature
  double bandwidth_hz = 10e9;         // assumption: matched to the ADC sample rate
};

struct LaserParams {
  double wall_plug_efficiency = 0.2;  // design notes
};

/// Digital control between iterations (loss accumulation, optimizer update, DAC writes).
struct ControlParams {
  double overhead_per_iteration_s = 500e-9;  // published: ~500 ns digital overhead per iteration
  double power_w = 1.0;   // assumption: ~1 W microcontroller/FPGA while active
  // Electronic nonlinearity between layers (sine in the readout electronics), per element.
  double nonlinearity_energy_j = 1e-12;  // assumption: ~1 pJ per digital sin() evaluation
  // Digital multiply-add in the readout electronics (a dense layer read out digitally, e.g.
  // the HJB 512 -> 1 output). Horowitz, ISSCC 2014 (45 nm): 8-bit integer multiply 0.2 pJ
  // + add 0.03 pJ; the operands come from 8-bit ADCs.
  double multiply_add_energy_j = 0.23e-12;
};

struct DeviceParameters {
  PhaseShifterParams phase_shifter;
  MziParams mzi;
  ModulatorParams modulator;
  ConverterParams adc{8, 10e9, 14.8e-3};  // 8 b, 10 GS/s, 14.8 mW: 1.48 pJ/sample; design notes
  ConverterParams dac{8, 14e9, 50e-3};    // 8 b, 14 GS/s, 50 mW: 3.6 pJ/sample; design notes
  DetectorParams detector;
  LaserParams laser;
  ControlParams control;
  double wavelength_um = 1.55;  // assumption: C band
  /// Throws InputError naming the first field that breaks its rule (e.g. p_pi_w <= 0).
  void validate() const;
};

}  // namespace tonnsim::photonics
