#include "photonics/non_idealities.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/rng.hpp"

using namespace tonnsim;
using namespace tonnsim::photonics;

TEST_CASE("Voltage-domain quantisation is within half an LSB of the drive voltage") {
  const PhaseShifterParams ps;
  const double gamma = heater_gamma(ps);
  CHECK(gamma * ps.v_pi_v * ps.v_pi_v == doctest::Approx(M_PI));
  auto rng = make_rng(40, Stream::kOther);
  std::uniform_real_distribution<double> u(0.0, 2 * M_PI);
  for (int bits : {2, 5, 8}) {
    const double lsb = voltage_lsb(bits, ps.v_max_v);
    double worst = 0.0;
    std::set<double> levels;
    for (int s = 0; s < 20000; ++s) {
      const double phi = u(rng);
      const double q = quantize_phase(phi, bits, QuantizationDomain::kVoltage, ps);
      const double v = std::sqrt(phi / gamma), vq = std::sqrt(q / gamma);
      CHECK(std::abs(vq - v) <= lsb / 2 * (1 + 1e-12));
      // vq is a DAC code: an integer multiple of the LSB.
      CHECK(std::abs(vq / lsb - std::round(vq / lsb)) < 1e-9);
      worst = std::max(worst, std::abs(vq - v));
      levels.insert(q);
    }
    CHECK(worst > 0.45 * lsb);  // the bound is tight, not a vacuous one
    CHECK(static_cast<double>(levels.size()) <= std::ldexp(1.0, bits));
  }
}

TEST_CASE("Phase-domain quantisation is within half an LSB on the circle") {
  const PhaseShifterParams ps;
  auto rng = make_rng(41, Stream::kOther);
  std::uniform_real_distribution<double> u(0.0, 2 * M_PI);
  for (int bits : {1, 4, 8}) {
    const double lsb = phase_lsb(bits);
    double worst = 0.0;
    for (int s = 0; s < 20000; ++s) {
      const double phi = u(rng);
      const double q = quantize_phase(phi, bits, QuantizationDomain::kPhase, ps);
      CHECK(q >= 0.0);
      // [0, 2 pi) maps into [0, 2 pi): a request next to 2 pi takes code 0, the same
      // phase on the circle without the heater power of a full 2 pi drive.
      CHECK(q < 2 * M_PI);
      double d = std::abs(q - phi);
      d = std::min(d, 2 * M_PI - d);
      CHECK(d <= lsb / 2 * (1 + 1e-12));
      worst = std::max(worst, d);
    }
    CHECK(worst > 0.45 * lsb);
  }
}

TEST_CASE("Published quantisation is uniform in phase: 256 codes 2 pi / 256 apart in [0, 2 pi)") {
  const NonIdealityOptions published = NonIdealityOptions::published();
  REQUIRE(published.quantization);
  CHECK(published.quantization_domain == QuantizationDomain::kPhase);
  CHECK(NonIdealityOptions{}.quantization_domain == QuantizationDomain::kPhase);
  const PhaseShifterParams ps;
  auto levels_below_2pi = [&](QuantizationDomain domain) {
    std::set<double> levels;
    for (int s = 0; s < 200000; ++s) {
      const double q = quantize_phase(2 * M_PI * s / 200000.0, published.quantization_bits,
                                      domain, ps);
      if (q < 2 * M_PI - 1e-12) levels.insert(q);
    }
    return std::vector<double>(levels.begin(), levels.end());
  };
  const std::vector<double> phase = levels_below_2pi(QuantizationDomain::kPhase);
  REQUIRE(phase.size() == 256);
  for (std::size_t i = 1; i < phase.size(); ++i)
    CHECK(phase[i] - phase[i - 1] == doctest::Approx(2 * M_PI / 256).epsilon(1e-12));
  CHECK(phase_lsb(8) == doctest::Approx(0.0245437).epsilon(1e-6));
  // The voltage-domain option over [0, 10.8 V]: only 146 codes below 2 pi, steps growing
  // from 0.043 rad to 0.086 rad (issue 11).
  const std::vector<double> voltage = levels_below_2pi(QuantizationDomain::kVoltage);
  CHECK(voltage.size() == 146);
  CHECK(voltage.back() - voltage[voltage.size() - 2] == doctest::Approx(0.086).epsilon(0.02));
}

TEST_CASE("Phase-domain codes continue above 2 pi up to the heater range gamma V_max^2") {
  const PhaseShifterParams ps;
  const double lsb = phase_lsb(8);
  // Just below 2 pi: code 0 (no drive); from 2 pi on, the codes go on up (a heater held
  // above 2 pi, e.g. after a step past the top of [0, 2 pi)).
  CHECK(quantize_phase(2 * M_PI - 0.2 * lsb, 8, QuantizationDomain::kPhase, ps) == 0.0);
  CHECK(quantize_phase(2 * M_PI + 0.2 * lsb, 8, QuantizationDomain::kPhase, ps) ==
        doctest::Approx(2 * M_PI).epsilon(1e-15));
  CHECK(quantize_phase(7.0, 8, QuantizationDomain::kPhase, ps) ==
        doctest::Approx(lsb * std::round(7.0 / lsb)).epsilon(1e-15));
  const double top = heater_gamma(ps) * ps.v_max_v * ps.v_max_v;
  const double q_top = quantize_phase(top + 1.0, 8, QuantizationDomain::kPhase, ps);
  CHECK(q_top <= top);
  CHECK(q_top > top - lsb);
}

TEST_CASE(
    "Detector noise is thermal-limited (~1/P) at low power and shot-limited (~1/sqrt P) at high") {
  DetectorParams d;
  const double low = 1e-9;
  // Thermal floor dominates: relative std scales as 1/P.
  CHECK(detector_noise_relative_std(d, low) / detector_noise_relative_std(d, 10 * low) ==
        doctest::Approx(10.0).epsilon(1e-3));
  // A huge load resistor removes thermal noise: relative std -> sqrt(2 q B / (R P)).
  d.load_resistance_ohm = 1e30;
  d.dark_current_a = 0.0;
  const double p = 1e-3;
  CHECK(detector_noise_relative_std(d, p) ==
        doctest::Approx(
            std::sqrt(2 * 1.602176634e-19 * d.bandwidth_hz / (d.responsivity_a_per_w * p))));
  CHECK_THROWS_AS(detector_noise_relative_std(d, 0.0), InputError);
}

TEST_CASE("Non-ideality options reject bad values with field, value and rule") {
  NonIdealityOptions o;
  CHECK_NOTHROW(o.validate());
  o.quantization_bits = 0;
  CHECK_THROWS_WITH_AS(
      o.validate(),
      "quantization_bits = 0: must be in [1, 24] (turn quantization off with quantization = false)",
      InputError);
  o = {};
  o.phase_noise_std_rad = -0.1;
  CHECK_THROWS_WITH_AS(o.validate(), "phase_noise_std_rad = -0.10000000000000001: must be >= 0 rad",
                       InputError);
  CHECK(from_string<QuantizationDomain>("phase") == QuantizationDomain::kPhase);
  CHECK(to_string(QuantizationDomain::kVoltage) == "voltage");
}

TEST_CASE("A heater must reach a full turn: V_max >= sqrt(2) V_pi, named in the error") {
  DeviceParameters d;
  d.phase_shifter.v_pi_v = 4.36;
  d.phase_shifter.v_max_v = 6.0;  // phi_max = pi (6 / 4.36)^2 = 5.95 rad < 2 pi
  try {
    d.validate();
    FAIL("validate accepted a heater range below 2 pi");
  } catch (const InputError& e) {
    CHECK(std::string(e.what()).find("phase_shifter.v_max_v = 6") != std::string::npos);
    CHECK(std::string(e.what()).find("sqrt(2)") != std::string::npos);
  }
  d.phase_shifter.v_max_v = 6.2;  // 6.31 rad >= 2 pi
  CHECK_NOTHROW(d.validate());
}
