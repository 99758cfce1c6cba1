#pragma once
// Which hardware non-idealities act on a simulated chip, and the pure per-phase models
// (DAC quantisation, detector noise level). ChipInstance (chip_instance.hpp) applies them.
//
// Numbers that describe the device (V_pi, V_max, gamma variation std, crosstalk factor and
// neighbourhood, coupler splitting ratio, MZI insertion loss, detector constants) live in
// DeviceParameters; this struct only switches effects on and holds the statistics that
// are not device constants.
#include <array>
#include <utility>

#include "core/enum_names.hpp"
#include "photonics/device_parameters.hpp"
#include "photonics/thermal_dynamics.hpp"

namespace tonnsim::photonics {

/// Where the heater DAC quantises: the drive voltage (phi = gamma V^2, so phase steps grow
/// with V: 8 bits over [0, 10.8 V] put only 146 codes in [0, 2 pi)) or uniformly in phase,
/// code k -> phase k 2 pi / 2^bits (the published reference code: torchonn PhaseQuantizer,
/// a phase-linear code-to-voltage map V = sqrt(phi / gamma)).
enum class QuantizationDomain { kVoltage, kPhase };

/// How the controller programs the heaters in the presence of thermal crosstalk: the one
/// calibration state of a chip, read both by the chip that computes (ChipInstance) and by
/// the energy/latency ledger (heater powers, retune drive).
enum class Calibration {
  // Heaters are driven to the requested phases; crosstalk adds c x the neighbours' heater
  // phases uncompensated (what the published reference code simulates: torchonn applies
  // crosstalk to the programmed phases and in-situ training learns through it).
  kNone,
  // The controller knows the crosstalk matrix exactly and solves for pre-distorted heater
  // phases d with d + c K d = target (mod 2 pi, each d_i in the heater range); the residual
  // error comes from quantisation and gamma variation only (the controller does not know the
  // per-heater gamma).
  kCrosstalkCompensated,
  // As kCrosstalkCompensated with a measured crosstalk matrix: every coupling c_ij is known
  // as c (1 + e_ij), e_ij ~ N(0, crosstalk_calibration_error^2) drawn once per chip.
  kMeasured,
};

}  // namespace tonnsim::photonics

namespace tonnsim {
template <>
struct EnumNames<photonics::QuantizationDomain> {
  static constexpr const char* type = "quantization domain";
  static constexpr std::array<std::pair<photonics::QuantizationDomain, const char*>, 2> names{
      {{photonics::QuantizationDomain::kVoltage, "voltage"},
       {photonics::QuantizationDomain::kPhase, "phase"}}};
};
template <>
struct EnumNames<photonics::Calibration> {
  static constexpr const char* type = "calibration";
  static constexpr std::array<std::pair<photonics::Calibration, const char*>, 3> names{
      {{photonics::Calibration::kNone, "none"},
       {photonics::Calibration::kCrosstalkCompensated, "crosstalk_compensated"},
       {photonics::Calibration::kMeasured, "measured"}}};
};
}  // namespace tonnsim

namespace tonnsim::photonics {

struct NonIdealityOptions {
  // Static fabrication phase error: a fixed offset per phase shifter, N(0, std^2), drawn
  // once per chip instance (waveguide width/thickness variation).
  bool fabrication_error = false;
  double fabrication_phase_std_rad = 0.05;  // assumption: few-% of pi, typical of SOI meshes
  // Dynamic phase noise (heater drift, driver noise): N(0, std^2) per shifter, drawn once
  // per programmed state (per loss evaluation), not per inference: drift is slow compared
  // with the optical clock (design notes).
  bool phase_noise = false;
  double phase_noise_std_rad = 0.01;  // assumption: ~10 mrad drift between calibrations
  // Heater DAC quantisation: quantization_bits over [0, V_max] (voltage domain) or codes
  // 2 pi / 2^bits apart in phase (phase domain; 2^bits codes cover [0, 2 pi), the heater
  // range [0, phi_max] holds more). Switch it off with `quantization = false`.
  bool quantization = false;
  int quantization_bits = 8;  // published reference runs: 8-bit phase quantisation
  // Published reference code: uniform in phase (torchonn PhaseQuantizer); voltage is the
  // documented alternative (docs/device-parameters.md).
  QuantizationDomain quantization_domain = QuantizationDomain::kPhase;
  // Per-heater efficiency gamma_i = gamma (1 + e_i), e_i ~ N(0,
  // phase_shifter.gamma_variation_std^2), static per chip.
  bool gamma_variation = false;
  // Thermal crosstalk: phi_i += phase_shifter.crosstalk_factor * sum of the heater phases
  // of the phase_shifter.crosstalk_neighbours nearest heaters on each side in the same
  // heater column.
  bool crosstalk = false;
  // How the controller deals with crosstalk (see Calibration). Default kNone: the published
  // runs apply crosstalk to the programmed phases uncompensated and train through it.
  Calibration calibration = Calibration::kNone;
  // kMeasured: relative std of each measured coupling c_ij. Assumption: 10 %, a thermal
  // crosstalk matrix fitted from neighbour sweeps at ~1 mrad phase resolution on c 2 pi
  // = 31 mrad couplings is good to several %; 10 % is a conservative round figure.
  double crosstalk_calibration_error = 0.1;
  // Coupler splitting ratio per coupler, static: kappa ~ mzi.splitting_ratio + N(0, std^2).
  // Off: every coupler is an ideal 50:50.
  bool coupler_imbalance = false;
  double coupler_ratio_std = 0.01;  // assumption: +-1% splitting error, typical foundry spread
  // mzi.insertion_loss_db per MZI; pass-through slots of a column carry the same (balanced).
  bool insertion_loss = false;
  // Additive Gaussian photodetector noise per inference, sigma_I^2 = 4kTB/R_L + 2q(I+I_d)B.
  bool detector_noise = false;
  // Full-scale received power per detector above its sensitivity: the laser is sized to
  // P = S_PD + IL + 10 log10 N (design notes), i.e. 0 dB margin.
  double detector_power_margin_db = 0.0;

  /// Everything off.
  static NonIdealityOptions ideal() { return {}; }
  /// The published reference runs: 8-bit quantisation, gamma variation, crosstalk.
  static NonIdealityOptions published();
  /// Throws InputError naming the first field that breaks its rule.
  void validate() const;
};

/// Thermo-optic efficiency gamma = pi / V_pi^2 (rad / V^2): phi = gamma V^2.
double heater_gamma(const PhaseShifterParams& shifter);

/// Voltage step of a `bits` DAC over [0, v_max]: v_max / (2^bits - 1).
double voltage_lsb(int bits, double v_max_v);
/// Phase step of a `bits` DAC in the phase domain: 2 pi / 2^bits.
double phase_lsb(int bits);

/// The heater phase a DAC of `bits` actually sets for a heater phase in the heater range
/// [0, phi_max], phi_max = gamma V_max^2 (photonics/heater_power.hpp).
/// Voltage domain: V = sqrt(phi / gamma), clamped to [0, V_max] (DAC saturation),
/// V_q = LSB round(V / LSB), phi_q = gamma V_q^2, so |V_q - V| <= LSB / 2.
/// Phase domain: phi_q = LSB round(phi / LSB), at most the top code below phi_max, so
/// |phi_q - phi| <= LSB / 2 inside the range.
double quantize_phase(double heater_phase_rad, int bits, QuantizationDomain domain,
                      const PhaseShifterParams& shifter);

/// The retune drive the thermal model uses for a calibration state: crosstalk compensated
/// unless the calibration is kNone or crosstalk is off (then nothing to compensate).
CrosstalkCompensation retune_compensation(const NonIdealityOptions& options);

/// sigma_I / I for a detector receiving `received_power_w` (I = R P):
/// sigma_I^2 = 4 k T B / R_L + 2 q (I + I_d) B.
double detector_noise_relative_std(const DetectorParams& detector, double received_power_w);

}  // namespace tonnsim::photonics
