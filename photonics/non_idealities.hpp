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

namespace tonnsim::photonics {

/// Where the heater DAC quantises: the drive voltage (physical: phi = gamma V^2, so phase
/// steps grow with V) or, as many simulators do, the phase itself over [0, 2 pi).
enum class QuantizationDomain { kVoltage, kPhase };

}  // namespace tonnsim::photonics

namespace tonnsim {
template <>
struct EnumNames<photonics::QuantizationDomain> {
  static constexpr const char* type = "quantization domain";
  static constexpr std::array<std::pair<photonics::QuantizationDomain, const char*>, 2> names{
      {{photonics::QuantizationDomain::kVoltage, "voltage"},
       {photonics::QuantizationDomain::kPhase, "phase"}}};
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
  // Heater DAC quantisation to quantization_bits over [0, V_max] (voltage) or [0, 2 pi)
  // (phase). Switch it off with `quantization = false`; 0 bits is an error.
  bool quantization = false;
  int quantization_bits = 8;  // published reference runs: 8-bit phase quantisation
  QuantizationDomain quantization_domain = QuantizationDomain::kVoltage;
  // Per-heater efficiency gamma_i = gamma (1 + e_i), e_i ~ N(0,
  // phase_shifter.gamma_variation_std^2), static per chip.
  bool gamma_variation = false;
  // Thermal crosstalk: phi_i += phase_shifter.crosstalk_factor * sum of the heater phases
  // of the phase_shifter.crosstalk_neighbours nearest heaters on each side in the same
  // heater column.
  bool crosstalk = false;
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
/// Phase step of a `bits` DAC over [0, 2 pi): 2 pi / 2^bits.
double phase_lsb(int bits);

/// The heater phase a DAC of `bits` actually sets for a wrapped phase in [0, 2 pi).
/// Voltage domain: V = sqrt(phi / gamma), clamped to [0, V_max] (DAC saturation),
/// V_q = LSB round(V / LSB), phi_q = gamma V_q^2, so |V_q - V| <= LSB / 2.
/// Phase domain: phi_q = LSB round(phi / LSB) mod 2 pi, circular error <= LSB / 2.
double quantize_phase(double wrapped_phase_rad, int bits, QuantizationDomain domain,
                      const PhaseShifterParams& shifter);

/// sigma_I / I for a detector receiving `received_power_w` (I = R P):
/// sigma_I^2 = 4 k T B / R_L + 2 q (I + I_d) B.
double detector_noise_relative_std(const DetectorParams& detector, double received_power_w);

}  // namespace tonnsim::photonics
