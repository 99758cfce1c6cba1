#include "photonics/heater_power.hpp"

#include <cmath>
#include <string>

#include "core/error.hpp"
#include "photonics/mzi.hpp"

namespace tonnsim::photonics {

double wrap_phase_rad(double phase_rad) {
  require(std::isfinite(phase_rad), "phase_rad", phase_rad, "must be finite");
  return wrap_phase(phase_rad);
}

double max_heater_phase_rad(const PhaseShifterParams& shifter) {
  const double ratio = shifter.v_max_v / shifter.v_pi_v;
  return M_PI * ratio * ratio;
}

double heater_range_phase_rad(double phase_rad, double max_phase_rad) {
  if (phase_rad >= 0.0 && phase_rad <= max_phase_rad) return phase_rad;  // the hot path
  require(std::isfinite(phase_rad), "phase_rad", phase_rad, "must be finite");
  require(max_phase_rad >= 2.0 * M_PI, "max_phase_rad", max_phase_rad, "must be >= 2 pi");
  if (phase_rad < 0.0) {
    if (phase_rad > -kPhaseResidueRad) return 0.0;
    const double turns = std::ceil(-phase_rad / (2.0 * M_PI));
    const double p = phase_rad + turns * 2.0 * M_PI;
    return p >= 2.0 * M_PI - kPhaseResidueRad ? 0.0 : p;
  }
  const double turns = std::ceil((phase_rad - max_phase_rad) / (2.0 * M_PI));
  return phase_rad - turns * 2.0 * M_PI;
}

double block_heater_power_w(const BlockStructure& s, const Eigen::Ref<const Vec>& phases,
                            const PhaseShifterParams& shifter) {
  require(phases.size() == s.num_phases(), "heater_phases_rad.size()", phases.size(),
          "must equal the block's phase count " + std::to_string(s.num_phases()));
  const double top = max_heater_phase_rad(shifter);
  double sum = 0.0;
  for (Eigen::Index i = 0; i < phases.size(); ++i) sum += heater_range_phase_rad(phases[i], top);
  for (int c = 0; c < s.channels(); ++c)  // the attenuators' second psi (2 psi per MZI)
    sum += heater_range_phase_rad(phases[s.sigma_offset() + c], top);
  return shifter.p_pi_w * sum / M_PI;
}

double heater_power_w(double phase_rad, double p_pi_w) {
  require(p_pi_w > 0, "p_pi_w", p_pi_w, "must be > 0 W");
  return p_pi_w * wrap_phase_rad(phase_rad) / M_PI;
}

Vec heater_powers_w(const Vec& phases_rad, double p_pi_w) {
  Vec out(phases_rad.size());
  for (Eigen::Index i = 0; i < phases_rad.size(); ++i) out[i] = heater_power_w(phases_rad[i], p_pi_w);
  return out;
}

double max_heater_power_w(const PhaseShifterParams& shifter) {
  require(shifter.p_pi_w > 0, "phase_shifter.p_pi_w", shifter.p_pi_w, "must be > 0 W");
  require(shifter.v_pi_v > 0, "phase_shifter.v_pi_v", shifter.v_pi_v, "must be > 0 V");
  require(shifter.v_max_v > 0, "phase_shifter.v_max_v", shifter.v_max_v, "must be > 0 V");
  const double ratio = shifter.v_max_v / shifter.v_pi_v;
  return shifter.p_pi_w * ratio * ratio;
}

}  // namespace tonnsim::photonics
