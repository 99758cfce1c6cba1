#include "photonics/non_idealities.hpp"

#include <algorithm>
#include <cmath>

#include "core/error.hpp"

namespace tonnsim::photonics {
namespace {
constexpr double kBoltzmann_j_per_k = 1.380649e-23;
constexpr double kElectronCharge_c = 1.602176634e-19;
}  // namespace

NonIdealityOptions NonIdealityOptions::published() {
  NonIdealityOptions o;
  o.quantization = true;
  o.quantization_bits = 8;
  o.gamma_variation = true;
  o.quantization_domain = QuantizationDomain::kPhase;  // torchonn PhaseQuantizer
  o.crosstalk = true;
  o.calibration = Calibration::kNone;  // crosstalk applied uncompensated, as published
  return o;
}

void NonIdealityOptions::validate() const {
  require(fabrication_phase_std_rad >= 0, "fabrication_phase_std_rad", fabrication_phase_std_rad,
          "must be >= 0 rad");
  require(phase_noise_std_rad >= 0, "phase_noise_std_rad", phase_noise_std_rad, "must be >= 0 rad");
  require(quantization_bits >= 1 && quantization_bits <= 24, "quantization_bits", quantization_bits,
          "must be in [1, 24] (turn quantization off with quantization = false)");
  require(std::isfinite(crosstalk_calibration_error) && crosstalk_calibration_error >= 0,
          "crosstalk_calibration_error", crosstalk_calibration_error,
          "must be finite and >= 0 (relative std of each measured coupling)");
  require(coupler_ratio_std >= 0, "coupler_ratio_std", coupler_ratio_std, "must be >= 0");
  require(std::isfinite(detector_power_margin_db), "detector_power_margin_db",
          detector_power_margin_db, "must be finite (dB)");
}

double heater_gamma(const PhaseShifterParams& shifter) {
  return M_PI / (shifter.v_pi_v * shifter.v_pi_v);
}

double voltage_lsb(int bits, double v_max_v) { return v_max_v / (std::ldexp(1.0, bits) - 1.0); }

double phase_lsb(int bits) { return 2.0 * M_PI / std::ldexp(1.0, bits); }

double quantize_phase(double heater_phase_rad, int bits, QuantizationDomain domain,
                      const PhaseShifterParams& shifter) {
  const double gamma = heater_gamma(shifter);
  const double phase = std::max(0.0, heater_phase_rad);
  if (domain == QuantizationDomain::kPhase) {
    const double lsb = phase_lsb(bits);
    const double top = std::floor(gamma * shifter.v_max_v * shifter.v_max_v / lsb);
    const double code = std::min(std::round(phase / lsb), top);
    // A request in [0, 2 pi) whose nearest code is the 2 pi one takes code 0: the same
    // phase for the light, and no heater power (the cheapest realisation).
    if (phase < 2.0 * M_PI && code * lsb >= 2.0 * M_PI - 0.5 * lsb) return 0.0;
    return lsb * code;
  }
  const double lsb = voltage_lsb(bits, shifter.v_max_v);
  const double v = std::min(std::sqrt(phase / gamma), shifter.v_max_v);
  const double vq = lsb * std::round(v / lsb);
  return gamma * vq * vq;
}

CrosstalkCompensation retune_compensation(const NonIdealityOptions& options) {
  return options.crosstalk && options.calibration != Calibration::kNone
             ? CrosstalkCompensation::kCompensate
             : CrosstalkCompensation::kIgnore;
}

double detector_noise_relative_std(const DetectorParams& d, double received_power_w) {
  require(received_power_w > 0, "received_power_w", received_power_w, "must be > 0 W");
  const double current_a = d.responsivity_a_per_w * received_power_w;
  const double variance_a2 =
      4.0 * kBoltzmann_j_per_k * d.temperature_k * d.bandwidth_hz / d.load_resistance_ohm +
      2.0 * kElectronCharge_c * (current_a + d.dark_current_a) * d.bandwidth_hz;
  return std::sqrt(variance_a2) / current_a;
}

}  // namespace tonnsim::photonics
