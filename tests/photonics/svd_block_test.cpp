#include "photonics/svd_block.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <random>
#include <string>

#include "core/rng.hpp"
#include "photonics/photonics_test_helpers.hpp"

using namespace tonnsim;
using namespace tonnsim::photonics;

namespace {
CMat random_complex(int r, int c, Rng& rng) {
  return random_real(r, c, rng).cast<cplx>() + cplx(0, 1) * random_real(r, c, rng).cast<cplx>();
}
double rel(const CMat& a, const CMat& b) { return (a - b).norm() / b.norm(); }
}  // namespace

TEST_CASE("An SVD block reconstructs a random real 8 x 5 and complex 6 x 6 matrix to 1e-10") {
  auto rng = make_rng(20, Stream::kOther);
  for (Topology t : {Topology::kClements, Topology::kReck}) {
    const Mat w = random_real(8, 5, rng);
    const SvdBlock real_block = SvdBlock::from_real_matrix(w, t);
    CHECK((real_block.real_matrix() - w).norm() / w.norm() < 1e-10);
    // A real SVD gives real orthogonal meshes: nothing is lost by reading the real part.
    CHECK(real_block.matrix().imag().norm() < 1e-10 * w.norm());
    const CMat z = random_complex(6, 6, rng);
    CHECK(rel(SvdBlock::from_matrix(z, t).matrix(), z) < 1e-10);
  }
}

TEST_CASE("Wide, tall and single-row or single-column blocks reconstruct") {
  auto rng = make_rng(21, Stream::kOther);
  for (auto [r, c] : {std::pair{5, 8}, {1, 6}, {6, 1}, {2, 2}}) {
    const CMat z = random_complex(r, c, rng);
    CHECK(rel(SvdBlock::from_matrix(z, Topology::kClements).matrix(), z) < 1e-10);
    const Mat w = random_real(r, c, rng);
    CHECK((SvdBlock::from_real_matrix(w).real_matrix() - w).norm() < 1e-10 * w.norm());
  }
  // A 1 x 1 block has no mesh: a negative real value goes through cos(psi) < 0.
  Mat neg(1, 1);
  neg(0, 0) = -2.5;
  const SvdBlock one = SvdBlock::from_real_matrix(neg, Topology::kClements, 4.0);
  CHECK(one.num_phases() == 1);
  CHECK(one.real_matrix()(0, 0) == doctest::Approx(-2.5));
  CMat imaginary(1, 1);
  imaginary(0, 0) = cplx(0.0, 1.0);
  CHECK_THROWS_AS(SvdBlock::from_matrix(imaginary), InputError);
}

TEST_CASE("MZI and phase counts follow M(M-1)/2 + N(N-1)/2 + min(M, N)") {
  CHECK(SvdBlock::mzi_count(8, 8) == 28 + 28 + 8);
  CHECK(SvdBlock::mzi_count(8, 5) == 28 + 10 + 5);
  CHECK(SvdBlock::mzi_count(1, 6) == 0 + 15 + 1);
  const BlockStructure s(8, 5);
  // Two shifters per mesh MZI, one screen shifter per mode, one attenuator per channel.
  CHECK(s.num_phases() == 2 * 28 + 8 + 5 + 2 * 10 + 5);
  CHECK(s.output_slots().theta == 0);
  CHECK(s.output_slots().phi == 28);
  CHECK(s.output_slots().screen == 56);
  CHECK(s.sigma_offset() == 64);
  CHECK(s.input_slots().theta == 69);
  CHECK(s.input_slots().screen == 69 + 20);
  CHECK(s.input_slots().screen + 5 == s.num_phases());
}

TEST_CASE("Sigma phases scale the singular values as s_max cos(psi)") {
  auto rng = make_rng(22, Stream::kOther);
  const Mat w = random_real(6, 6, rng);
  SvdBlock block = SvdBlock::from_real_matrix(w, Topology::kClements, 10.0);
  CHECK((block.real_matrix() - w).norm() < 1e-10 * w.norm());  // explicit headroom is exact
  Vec p = block.phases();
  const BlockStructure& s = block.structure();
  p.segment(s.sigma_offset(), 6).setConstant(M_PI / 2);  // cos = 0: the block is dark
  block.set_phases(p);
  CHECK(block.matrix().norm() < 1e-14);
  p.segment(s.sigma_offset(), 6).setConstant(M_PI);  // cos = -1: -s_max U V^H, unitary
  block.set_phases(p);
  const CMat u = block.matrix() / -10.0;
  CHECK((u.adjoint() * u - CMat::Identity(6, 6)).norm() < 1e-12);
}

TEST_CASE("Applying a block to a batch equals multiplying by its matrix") {
  auto rng = make_rng(23, Stream::kOther);
  for (auto [r, c] : {std::pair{7, 4}, {4, 7}}) {
    const SvdBlock block = SvdBlock::from_matrix(random_complex(r, c, rng));
    const CMat x = random_complex(c, 3, rng);
    CHECK(rel(block.apply(x), block.matrix() * x) < 1e-12);
  }
}

TEST_CASE("SVD block inputs name value and rule") {
  auto rng = make_rng(24, Stream::kOther);
  const Mat w = random_real(4, 4, rng);
  CHECK_THROWS_WITH_AS(SvdBlock::from_real_matrix(w, Topology::kClements, 1e-3),
                       doctest::Contains("s_max = 0.001: must be >= the largest singular value"),
                       InputError);
  SvdBlock block(4, 4);
  CHECK_THROWS_WITH_AS(block.set_phases(Vec::Zero(3)),
                       "phase vector size = 3: must equal num_phases() = 36", InputError);
  CHECK_THROWS_WITH_AS(block.program_real(random_real(3, 4, rng)),
                       "matrix shape = 3 x 4: must equal the block shape 4 x 4", InputError);
  CHECK_THROWS_AS(BlockStructure(0, 3), InputError);
}

TEST_CASE("A rank-deficient block's phases do not depend on rounding in its null space") {
  // A rank-2 8 x 8 matrix, as a padded TT core is, and the same matrix with a rounding-
  // sized change (1e-15): the SVD's null-space vectors of the two differ by O(1) (they
  // are whatever basis rounding produced), which once made the programmed phases and the
  // static heater power depend on compiler flags (issue 14). The null space is now
  // completed canonically, so the phases agree to rounding and the matrix is still exact.
  Rng rng = make_rng(3, Stream::kOther);
  std::normal_distribution<double> normal;
  Mat a = Mat::Zero(8, 8);
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 7; ++j) a(i, j) = normal(rng);
  a.row(2) = 0.5 * a.row(0) - a.row(1);  // rank 2
  Mat b = a;
  for (int i = 0; i < 8; ++i)
    for (int j = 0; j < 8; ++j) b(i, j) += 1e-15 * normal(rng);
  const double s_max = 2.0 * a.norm();
  const SvdBlock pa = SvdBlock::from_real_matrix(a, Topology::kClements, s_max);
  const SvdBlock pb = SvdBlock::from_real_matrix(b, Topology::kClements, s_max);
  CHECK((pa.real_matrix() - a).norm() < 1e-10 * a.norm());
  CHECK((pb.real_matrix() - b).norm() < 1e-10 * a.norm());
  Vec diff = pa.phases() - pb.phases();
  for (Eigen::Index i = 0; i < diff.size(); ++i)  // the same angle mod 2 pi
    diff[i] = std::remainder(diff[i], 2.0 * M_PI);
  CHECK(diff.cwiseAbs().maxCoeff() < 1e-6);
}

TEST_CASE("A block's mesh and attenuator factors multiply to its transfer, and give dW/dpsi") {
  // An imperfect block: imbalanced couplers and loss in every MZI, attenuators included.
  auto rng = make_rng(71, Stream::kOther);
  for (auto [m, n] : {std::pair{8, 8}, std::pair{6, 8}, std::pair{8, 5}}) {
    CAPTURE(m);
    CAPTURE(n);
    SvdBlock block = SvdBlock::from_real_matrix(random_real(m, n, rng));
    BlockHardware hw;
    std::normal_distribution<double> ratio(0.5, 0.02);
    auto mzi = [&] {
      MziHardware h;
      h.in = DirectionalCoupler::from_ratio(ratio(rng));
      h.out = DirectionalCoupler::from_ratio(ratio(rng));
      h.amplitude = 0.95;
      return h;
    };
    for (int i = 0; i < m * (m - 1) / 2; ++i) hw.output.mzi.push_back(mzi());
    for (int i = 0; i < n * (n - 1) / 2; ++i) hw.input.mzi.push_back(mzi());
    hw.output.idle_amplitude = hw.input.idle_amplitude = 0.95;
    for (int c = 0; c < std::min(m, n); ++c) hw.sigma.push_back(mzi());
    block.set_hardware(hw);
    BlockFactors f;
    block_factors(block.structure(), block.phases(), block.s_max(), hw, f);
    const CMat product = f.out_mesh * f.transmission.asDiagonal() * f.in_mesh;
    CHECK(rel(product, block.matrix()) < 1e-12);
    // dL/dpsi for L = sum G .* Re(W), against central differences of the phases.
    const Mat g = random_real(m, n, rng);
    Vec grad(block.structure().channels());
    attenuator_phase_gradient(f, g, grad);
    const double h = 1e-6;
    for (int c = 0; c < grad.size(); ++c) {
      Vec plus = block.phases(), minus = block.phases();
      plus[block.structure().sigma_offset() + c] += h;
      minus[block.structure().sigma_offset() + c] -= h;
      SvdBlock a = block, b = block;
      a.set_phases(plus);
      b.set_phases(minus);
      const double fd = (g.cwiseProduct(a.real_matrix()).sum() -
                         g.cwiseProduct(b.real_matrix()).sum()) / (2 * h);
      CHECK(grad[c] == doctest::Approx(fd).epsilon(1e-7));
    }
  }
}
