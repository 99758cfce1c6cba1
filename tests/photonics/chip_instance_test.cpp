#include "photonics/chip_instance.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <string>

#include "core/rng.hpp"
#include "photonics/heater_power.hpp"
#include "photonics/photonics_test_helpers.hpp"

using namespace tonnsim;
using namespace tonnsim::photonics;

namespace {

/// Distance on the circle between two phases.
double circular(double a, double b) {
  const double d = std::abs(wrap_phase(a) - wrap_phase(b));
  return std::min(d, 2 * M_PI - d);
}

/// Largest circular distance between the chip's effective phases and the programmed ones.
double worst_phase_error(const ChipInstance& chip, const Vec& p) {
  ChipWorkspace ws;
  auto noise = make_rng(9, Stream::kPhaseNoise);
  chip.effective_phases(p, noise, ws);
  double worst = 0.0;
  for (int i = 0; i < p.size(); ++i) worst = std::max(worst, circular(ws.effective[i], p[i]));
  return worst;
}

/// A random program of an 8 x 8 core in [0, 2 pi), with some heaters exactly at 0 and
/// some just below 2 pi (where pre-distortion must wrap).
Vec random_program(const BlockStructure& s, std::uint64_t seed) {
  auto rng = make_rng(seed, Stream::kOther);
  std::uniform_real_distribution<double> u(0.0, 2 * M_PI);
  Vec p(s.num_phases());
  for (int i = 0; i < p.size(); ++i) p[i] = i % 7 == 0 ? 0.0 : (i % 11 == 0 ? 6.28 : u(rng));
  return p;
}

NonIdealityOptions crosstalk_only(Calibration calibration) {
  NonIdealityOptions o;
  o.crosstalk = true;
  o.calibration = calibration;
  return o;
}

}  // namespace

TEST_CASE("With crosstalk compensated, crosstalk alone leaves the effective phases on target") {
  const BlockStructure s(8, 8);
  const DeviceParameters d;
  const Vec p = random_program(s, 60);
  const ChipInstance none(s, crosstalk_only(Calibration::kNone), d, 6);
  const ChipInstance exact(s, crosstalk_only(Calibration::kCrosstalkCompensated), d, 6);
  // Uncompensated: a neighbour pair near 2 pi leaks c (phi_j + phi_k) ~ 0.06 rad.
  CHECK(worst_phase_error(none, p) > 0.03);
  CHECK(worst_phase_error(exact, p) < 1e-10);
  // The drive solves d + c K d = p (mod 2 pi): check against a dense solve where no wrap
  // is needed, and that every drive lies in the heater range.
  ChipWorkspace ws;
  exact.drive_phases(p, ws);
  const double top = max_heater_phase_rad(d.phase_shifter);
  CHECK(ws.drive.minCoeff() >= 0.0);
  CHECK(ws.drive.maxCoeff() <= top);
  const int n = s.num_phases();
  Mat coupling = Mat::Identity(n, n);
  const auto& begin = exact.neighbour_begin();
  for (int i = 0; i < n; ++i)
    for (int j = begin[i]; j < begin[i + 1]; ++j)
      coupling(i, exact.neighbours()[j]) = d.phase_shifter.crosstalk_factor;
  const Vec leak = coupling * ws.drive - ws.drive;
  for (int i = 0; i < n; ++i) CHECK(circular(ws.drive[i] + leak[i], p[i]) < 1e-10);
}

TEST_CASE("Compensated crosstalk with 8-bit phase quantisation stays within the quantisation floor") {
  const BlockStructure s(8, 8);
  const DeviceParameters d;
  const Vec p = random_program(s, 61);
  NonIdealityOptions quantised;
  quantised.quantization = true;
  const double floor = phase_lsb(quantised.quantization_bits) / 2;  // 0.0123 rad
  NonIdealityOptions compensated = quantised;
  compensated.crosstalk = true;
  compensated.calibration = Calibration::kCrosstalkCompensated;
  NonIdealityOptions uncompensated = compensated;
  uncompensated.calibration = Calibration::kNone;
  CHECK(worst_phase_error(ChipInstance(s, quantised, d, 7), p) <= floor * (1 + 1e-9));
  CHECK(worst_phase_error(ChipInstance(s, compensated, d, 7), p) <= floor * (1 + 1e-9));
  CHECK(worst_phase_error(ChipInstance(s, uncompensated, d, 7), p) > 2 * floor);
  // The whole block: compensated crosstalk + quantisation is as close to the ideal matrix as
  // quantisation alone, uncompensated is several times further.
  SvdBlock block(8, 8);
  block.set_phases(p);
  const Mat ideal = block.real_matrix();
  auto matrix_error = [&](const NonIdealityOptions& o) {
    auto noise = make_rng(3, Stream::kPhaseNoise);
    return (ChipInstance(s, o, d, 7).effective_real_matrix(block, noise) - ideal).norm() /
           ideal.norm();
  };
  const double q_only = matrix_error(quantised);
  MESSAGE("relative matrix error: quantisation " << q_only << ", + compensated crosstalk "
                                                 << matrix_error(compensated)
                                                 << ", + uncompensated " << matrix_error(uncompensated));
  CHECK(matrix_error(compensated) < 1.5 * q_only);
  CHECK(matrix_error(uncompensated) > 2 * q_only);
}

TEST_CASE("A measured calibration leaves the residual its coupling error implies") {
  const BlockStructure s(8, 8);
  const DeviceParameters d;
  const Vec p = random_program(s, 62);
  NonIdealityOptions measured = crosstalk_only(Calibration::kMeasured);
  measured.crosstalk_calibration_error = 0.1;
  const ChipInstance chip(s, measured, d, 8);
  const Vec& assumed = chip.assumed_coupling();
  REQUIRE(assumed.size() == Eigen::Index(chip.neighbours().size()));
  const double c = d.phase_shifter.crosstalk_factor;
  const double spread = std::sqrt(((assumed.array() / c - 1.0).square()).mean());
  CHECK(spread == doctest::Approx(0.1).epsilon(0.25));
  // Residual ~ sum_j (c - c^_ij) d_j: bounded by the worst coupling error x the largest
  // neighbour sum, and far below the uncompensated leak.
  const double worst_rel = (assumed.array() / c - 1.0).abs().maxCoeff();
  const double measured_error = worst_phase_error(chip, p);
  CHECK(measured_error > 1e-6);
  CHECK(measured_error < worst_rel * c * 2 * 2 * M_PI * 1.1);
  CHECK(measured_error < 0.3 * worst_phase_error(ChipInstance(s, crosstalk_only(Calibration::kNone), d, 8), p));
  // An exact measurement is the compensated calibration.
  measured.crosstalk_calibration_error = 0.0;
  CHECK(worst_phase_error(ChipInstance(s, measured, d, 8), p) < 1e-10);
}

TEST_CASE("The heaters are charged for the pre-distorted drive they hold") {
  const BlockStructure s(8, 8);
  const DeviceParameters d;
  auto rng = make_rng(63, Stream::kOther);
  std::uniform_real_distribution<double> u(1.0, 5.0);  // away from wraps
  Vec p(s.num_phases());
  for (int i = 0; i < p.size(); ++i) p[i] = u(rng);
  ChipWorkspace ws;
  const ChipInstance none(s, crosstalk_only(Calibration::kNone), d, 9);
  const ChipInstance exact(s, crosstalk_only(Calibration::kCrosstalkCompensated), d, 9);
  CHECK(none.heater_power_w(p, ws) ==
        doctest::Approx(block_heater_power_w(s, p, d.phase_shifter)).epsilon(1e-14));
  const double compensated_w = exact.heater_power_w(p, ws);
  CHECK(compensated_w == doctest::Approx(block_heater_power_w(s, ws.drive, d.phase_shifter)));
  // Pre-distortion lowers every drive by its neighbours' leak: c x (1-2 neighbours) x ~3 rad.
  CHECK(compensated_w < none.heater_power_w(p, ws) * (1 - 0.004));
  CHECK(compensated_w > none.heater_power_w(p, ws) * (1 - 0.02));
}

TEST_CASE("A chip with every effect off reproduces the ideal block") {
  auto rng = make_rng(50, Stream::kOther);
  const SvdBlock block = SvdBlock::from_real_matrix(random_real(8, 5, rng));
  const ChipInstance chip(block.structure(), NonIdealityOptions::ideal(), DeviceParameters{}, 1);
  auto noise = make_rng(1, Stream::kPhaseNoise);
  CHECK((chip.effective_real_matrix(block, noise) - block.real_matrix()).norm() < 1e-13);
}

TEST_CASE("Crosstalk with factor 0 equals the ideal mesh") {
  auto rng = make_rng(51, Stream::kOther);
  const SvdBlock block = SvdBlock::from_real_matrix(random_real(8, 8, rng));
  NonIdealityOptions o;
  o.crosstalk = true;
  DeviceParameters d;
  d.phase_shifter.crosstalk_factor = 0.0;
  d.phase_shifter.crosstalk_neighbours = 3;
  const ChipInstance chip(block.structure(), o, d, 2);
  auto noise = make_rng(2, Stream::kPhaseNoise);
  CHECK((chip.effective_real_matrix(block, noise) - block.real_matrix()).norm() < 1e-13);
  d.phase_shifter.crosstalk_factor = 0.005;
  const ChipInstance coupled(block.structure(), o, d, 2);
  CHECK((coupled.effective_real_matrix(block, noise) - block.real_matrix()).norm() > 1e-4);
}

TEST_CASE("A single driven heater shifts its neighbours by exactly c phi") {
  const BlockStructure s(8, 8);
  NonIdealityOptions o;
  o.crosstalk = true;
  DeviceParameters d;
  const double c = 0.005;
  d.phase_shifter.crosstalk_factor = c;
  for (int neighbours : {1, 2}) {
    d.phase_shifter.crosstalk_neighbours = neighbours;
    const ChipInstance chip(s, o, d, 3);
    // Column 0 of the U mesh holds MZIs 0..3 (modes 0, 2, 4, 6); drive theta of MZI 1.
    const double phi = 1.3;
    Vec p = Vec::Zero(s.num_phases());
    p[s.output_slots().theta + 1] = phi;
    ChipWorkspace ws;
    auto noise = make_rng(3, Stream::kPhaseNoise);
    chip.effective_phases(p, noise, ws);
    for (int k = 0; k < s.num_phases(); ++k) {
      double expected = 0.0;
      if (k == s.output_slots().theta + 1) expected = phi;
      const int distance = std::abs(k - (s.output_slots().theta + 1));
      if (k >= s.output_slots().theta && k < s.output_slots().theta + 4 && distance >= 1 &&
          distance <= neighbours)
        expected = c * phi;
      CHECK(ws.effective[k] == doctest::Approx(expected).epsilon(1e-15));
    }
  }
}

TEST_CASE("Quantisation, gamma variation, static error and noise apply in order") {
  const BlockStructure s(4, 4);
  DeviceParameters d;
  NonIdealityOptions o;
  o.quantization = true;
  o.quantization_bits = 6;
  o.gamma_variation = true;
  o.fabrication_error = true;
  const ChipInstance chip(s, o, d, 4);
  REQUIRE(chip.gamma_factor().size() == s.num_phases());
  auto rng = make_rng(52, Stream::kOther);
  std::uniform_real_distribution<double> u(-10.0, 10.0);
  Vec p(s.num_phases());
  for (int i = 0; i < p.size(); ++i) p[i] = u(rng);
  ChipWorkspace ws;
  auto noise = make_rng(4, Stream::kPhaseNoise);
  chip.effective_phases(p, noise, ws);
  for (int i = 0; i < p.size(); ++i) {
    // Programmed phases live in the heater range [0, gamma V_max^2] (heater_power.hpp).
    const double r = heater_range_phase_rad(p[i], max_heater_phase_rad(d.phase_shifter));
    const double q = quantize_phase(r, 6, o.quantization_domain, d.phase_shifter);
    CHECK(ws.effective[i] ==
          doctest::Approx(q * chip.gamma_factor()[i] + chip.static_phase_error_rad()[i])
              .epsilon(1e-14));
  }
}

TEST_CASE("Static draws have the configured spread; dynamic noise comes from the caller's stream") {
  const BlockStructure s(64, 64);  // ~8k shifters: sample std within a few percent
  DeviceParameters d;
  NonIdealityOptions o;
  o.fabrication_error = true;
  o.fabrication_phase_std_rad = 0.05;
  o.gamma_variation = true;
  const ChipInstance chip(s, o, d, 5);
  auto std_of = [](const Vec& v) { return std::sqrt((v.array() - v.mean()).square().mean()); };
  CHECK(std_of(chip.static_phase_error_rad()) == doctest::Approx(0.05).epsilon(0.05));
  CHECK(std_of(chip.gamma_factor()) ==
        doctest::Approx(d.phase_shifter.gamma_variation_std).epsilon(0.05));
  CHECK(chip.gamma_factor().mean() == doctest::Approx(1.0).epsilon(1e-3));

  NonIdealityOptions dyn;
  dyn.phase_noise = true;
  dyn.phase_noise_std_rad = 0.02;
  const ChipInstance noisy(s, dyn, d, 5);
  const Vec p = Vec::Constant(s.num_phases(), 1.0);
  ChipWorkspace ws;
  auto a = make_rng(9, Stream::kPhaseNoise), b = make_rng(9, Stream::kPhaseNoise);
  noisy.effective_phases(p, a, ws);
  const Vec first = ws.effective;
  CHECK(std_of(first) == doctest::Approx(0.02).epsilon(0.05));
  noisy.effective_phases(p, b, ws);
  CHECK(ws.effective == first);  // same stream state: same draw
  noisy.effective_phases(p, a, ws);
  CHECK(ws.effective != first);  // the next evaluation draws anew
}

TEST_CASE("The same seed gives the same chip; another seed or index another chip") {
  const BlockStructure s(8, 8);
  NonIdealityOptions o;
  o.fabrication_error = o.gamma_variation = o.coupler_imbalance = true;
  const DeviceParameters d;
  const ChipInstance a(s, o, d, 7, 0), b(s, o, d, 7, 0), c(s, o, d, 8, 0), e(s, o, d, 7, 1);
  CHECK(a.static_phase_error_rad() == b.static_phase_error_rad());
  CHECK(a.hardware().input.mzi[3].in.cross == b.hardware().input.mzi[3].in.cross);
  CHECK(a.static_phase_error_rad() != c.static_phase_error_rad());
  CHECK(a.static_phase_error_rad() != e.static_phase_error_rad());
  // Switching one effect off leaves the other effects' draws alone.
  NonIdealityOptions fewer = o;
  fewer.gamma_variation = false;
  const ChipInstance f(s, fewer, d, 7, 0);
  CHECK(f.static_phase_error_rad() == a.static_phase_error_rad());
  CHECK(f.hardware().output.mzi[5].out.cross == a.hardware().output.mzi[5].out.cross);
}

TEST_CASE("With insertion loss, block output power is input power times 10^(-IL depth/10)") {
  // Sigma at cos(psi) = 1 and s_max = 1 make the block a unitary U V^H; every path crosses
  // depth(V^H) + 1 attenuator + depth(U) lossy cells (balanced pass-through slots).
  auto rng = make_rng(53, Stream::kOther);
  for (Topology t : {Topology::kClements, Topology::kReck}) {
    SvdBlock block(6, 6, t);
    std::uniform_real_distribution<double> u(0.0, 2 * M_PI);
    Vec p(block.num_phases());
    for (int i = 0; i < p.size(); ++i) p[i] = u(rng);
    p.segment(block.structure().sigma_offset(), 6).setZero();
    block.set_phases(p);
    NonIdealityOptions o;
    o.insertion_loss = true;
    DeviceParameters d;
    d.mzi.insertion_loss_db = 0.99;
    const ChipInstance chip(block.structure(), o, d, 6);
    ChipWorkspace ws;
    CMat w;
    auto noise = make_rng(6, Stream::kPhaseNoise);
    chip.effective_matrix(block.phases(), 1.0, noise, ws, w);
    const int depth = 2 * block.structure().output_mesh()->num_columns() + 1;
    const double expected = std::pow(10.0, -0.99 * depth / 10.0);
    CMat x(6, 1);
    for (int i = 0; i < 6; ++i) x(i, 0) = cplx(u(rng), u(rng));
    CHECK((w * x).squaredNorm() == doctest::Approx(x.squaredNorm() * expected).epsilon(1e-12));
  }
  NonIdealityOptions o;
  o.insertion_loss = true;
  DeviceParameters d;
  d.mzi.insertion_loss_db = -0.5;
  CHECK_THROWS_WITH_AS(ChipInstance(BlockStructure(4, 4), o, d, 1),
                       "mzi.insertion_loss_db = -0.5: must be >= 0 dB", InputError);
}

TEST_CASE("Coupler imbalance perturbs the block; zero spread at 50:50 leaves it ideal") {
  auto rng = make_rng(54, Stream::kOther);
  const SvdBlock block = SvdBlock::from_real_matrix(random_real(8, 8, rng));
  NonIdealityOptions o;
  o.coupler_imbalance = true;
  o.coupler_ratio_std = 0.0;
  const ChipInstance ideal(block.structure(), o, DeviceParameters{}, 7);
  auto noise = make_rng(7, Stream::kPhaseNoise);
  CHECK((ideal.effective_real_matrix(block, noise) - block.real_matrix()).norm() < 1e-12);
  o.coupler_ratio_std = 0.02;
  const ChipInstance off(block.structure(), o, DeviceParameters{}, 7);
  CHECK((off.effective_real_matrix(block, noise) - block.real_matrix()).norm() >
        1e-3 * block.real_matrix().norm());
}

TEST_CASE("Detector noise adds the configured relative spread per inference") {
  NonIdealityOptions o;
  o.detector_noise = true;
  o.detector_power_margin_db = 20.0;
  const DeviceParameters d;
  const ChipInstance chip(BlockStructure(4, 4), o, d, 8);
  const double p_w = 1e-3 * std::pow(10.0, (d.detector.sensitivity_dbm + 20.0) / 10.0);
  CHECK(chip.detector_noise_std() == doctest::Approx(detector_noise_relative_std(d.detector, p_w)));
  Mat y = Mat::Zero(4, 20000);
  auto det = make_rng(8, Stream::kDetector);
  chip.add_detector_noise(y, 2.0, det);
  const double sample_std = std::sqrt(y.array().square().mean());
  CHECK(sample_std == doctest::Approx(2.0 * chip.detector_noise_std()).epsilon(0.02));
}

TEST_CASE(
    "An array chip with effects off reproduces the tiled matrix; with effects, each core differs") {
  auto rng = make_rng(55, Stream::kOther);
  const Mat w = random_real(12, 10, rng);
  const TensorCoreArray array = TensorCoreArray::from_real_matrix(w);
  auto noise = make_rng(10, Stream::kPhaseNoise);
  const ArrayChip ideal(array, NonIdealityOptions::ideal(), DeviceParameters{}, 10);
  CHECK((ideal.effective_real_matrix(array, noise) - w).norm() < 1e-10 * w.norm());
  NonIdealityOptions o;
  o.fabrication_error = true;
  const ArrayChip chip(array, o, DeviceParameters{}, 10);
  CHECK(chip.core(0).static_phase_error_rad() != chip.core(1).static_phase_error_rad());
  const Mat noisy = chip.effective_real_matrix(array, noise);
  CHECK((noisy - w).norm() > 1e-3 * w.norm());
  CHECK((noisy - w).norm() < 0.5 * w.norm());
}

TEST_CASE("The attenuator-column Jacobian matches finite differences of the effective phases") {
  // Every static effect that moves the Sigma column's phases (gamma, crosstalk, its
  // calibration, fabrication offsets); no quantisation and no noise, so the map is smooth.
  const BlockStructure s(8, 8);
  const DeviceParameters d;
  for (Calibration c : {Calibration::kNone, Calibration::kCrosstalkCompensated,
                        Calibration::kMeasured}) {
    CAPTURE(to_string(c));
    NonIdealityOptions o = crosstalk_only(c);
    o.gamma_variation = true;
    o.fabrication_error = true;
    const ChipInstance chip(s, o, d, 61);
    auto rng = make_rng(62, Stream::kOther);
    std::uniform_real_distribution<double> u(0.5, 5.5);  // away from the range's ends
    Vec p(s.num_phases());
    for (int i = 0; i < p.size(); ++i) p[i] = u(rng);
    const Mat j = chip.attenuator_jacobian();
    const int k = s.channels(), first = s.sigma_offset();
    const double h = 1e-4;  // the map is linear without quantisation
    ChipWorkspace ws;
    auto noise = make_rng(9, Stream::kPhaseNoise);
    for (int b = 0; b < k; ++b) {
      Vec plus = p, minus = p;
      plus[first + b] += h;
      minus[first + b] -= h;
      chip.effective_phases(plus, noise, ws);
      const Vec up = ws.effective.segment(first, k);
      chip.effective_phases(minus, noise, ws);
      const Vec fd = (up - ws.effective.segment(first, k)) / (2 * h);
      CHECK((fd - j.col(b)).norm() < 1e-8);
    }
    // Not the identity: gamma variation and crosstalk are seen.
    CHECK((j - Mat::Identity(k, k)).norm() > 1e-3);
  }
}
