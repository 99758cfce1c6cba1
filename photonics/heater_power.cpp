#include "photonics/heater_power.hpp"

#include <cmath>

#include "core/error.hpp"

namespace tonnsim::photonics {

double wrap_phase_rad(double phase_rad) {
  require(std::isfinite(phase_rad), "phase_rad", phase_rad, "must be finite");
  constexpr double kTwoPi = 2.0 * M_PI;
  double wrapped = std::fmod(phase_rad, kTwoPi);
  if (wrapped < 0.0) wrapped += kTwoPi;
  // A tiny negative remainder plus 2 pi rounds to exactly 2 pi, which is the same state as 0.
  return wrapped >= kTwoPi ? 0.0 : wrapped;
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

double static_heater_power_w(const Vec& phases_rad, const PhaseShifterParams& shifter) {
  return heater_powers_w(phases_rad, shifter.p_pi_w).sum();
}

double max_heater_power_w(const PhaseShifterParams& shifter) {
  require(shifter.p_pi_w > 0, "phase_shifter.p_pi_w", shifter.p_pi_w, "must be > 0 W");
  require(shifter.v_pi_v > 0, "phase_shifter.v_pi_v", shifter.v_pi_v, "must be > 0 V");
  require(shifter.v_max_v > 0, "phase_shifter.v_max_v", shifter.v_max_v, "must be > 0 V");
  const double ratio = shifter.v_max_v / shifter.v_pi_v;
  return shifter.p_pi_w * ratio * ratio;
}

}  // namespace tonnsim::photonics
