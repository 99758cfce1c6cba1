#include "photonics/decomposition.hpp"

#include <doctest/doctest.h>

#include <Eigen/LU>
#include <Eigen/QR>
#include <cmath>
#include <random>
#include <string>

#include "core/rng.hpp"

using namespace tonnsim;
using namespace tonnsim::photonics;

namespace {
double relative_error(const CMat& a, const CMat& b) { return (a - b).norm() / b.norm(); }

void check_phase_ranges(const Mesh& mesh) {
  CHECK(mesh.theta().minCoeff() >= 0.0);
  CHECK(mesh.theta().maxCoeff() <= M_PI + 1e-12);
  for (const Vec* v : {&mesh.phi(), &mesh.screen()}) {
    CHECK(v->minCoeff() >= 0.0);
    CHECK(v->maxCoeff() < 2 * M_PI);
  }
}
}  // namespace

TEST_CASE("Clements and Reck meshes reconstruct N = 64 Haar unitaries to 1e-10") {
  auto rng = make_rng(10, Stream::kOther);
  for (Topology t : {Topology::kClements, Topology::kReck}) {
    const CMat u = haar_random_unitary(64, rng);
    const Mesh mesh = decompose_unitary(u, t);
    CHECK(relative_error(mesh.matrix(), u) < 1e-10);
    check_phase_ranges(mesh);
  }
}

TEST_CASE("Decomposition reconstructs small and odd sizes for both topologies") {
  auto rng = make_rng(11, Stream::kOther);
  for (Topology t : {Topology::kClements, Topology::kReck})
    for (int n = 2; n <= 9; ++n) {
      const CMat u = haar_random_unitary(n, rng);
      CHECK(relative_error(decompose_unitary(u, t).matrix(), u) < 1e-12);
    }
}

TEST_CASE("A real orthogonal target (with a reflection) decomposes exactly") {
  auto rng = make_rng(12, Stream::kOther);
  std::normal_distribution<double> g;
  Mat a(8, 8);
  for (int j = 0; j < 8; ++j)
    for (int i = 0; i < 8; ++i) a(i, j) = g(rng);
  Mat q = Eigen::HouseholderQR<Mat>(a).householderQ();
  if (q.determinant() > 0) q.col(0) *= -1.0;  // det -1: not reachable by rotations alone
  for (Topology t : {Topology::kClements, Topology::kReck}) {
    const CMat u = decompose_unitary(q.cast<cplx>(), t).matrix();
    CHECK(relative_error(u, q.cast<cplx>()) < 1e-12);
    CHECK(u.imag().norm() < 1e-12);
  }
  // Permutations and the identity are degenerate cases (MZIs fully bar or cross).
  CMat p = CMat::Zero(4, 4);
  p(1, 0) = p(3, 1) = p(0, 2) = p(2, 3) = 1.0;
  for (Topology t : {Topology::kClements, Topology::kReck}) {
    CHECK(relative_error(decompose_unitary(p, t).matrix(), p) < 1e-12);
    CHECK(relative_error(decompose_unitary(CMat::Identity(5, 5), t).matrix(),
                         CMat::Identity(5, 5)) < 1e-12);
  }
}

TEST_CASE("Haar sampler returns unitaries with zero mean entries") {
  auto rng = make_rng(13, Stream::kOther);
  cplx mean = 0.0;
  const int samples = 4000;
  for (int s = 0; s < samples; ++s) {
    const CMat u = haar_random_unitary(3, rng);
    CHECK(unitarity_deviation(u) < 1e-13);
    mean += u(0, 0) + u(2, 1);
  }
  // Haar measure is invariant under U -> e^{i a} U, so E[U_ij] = 0; std of the mean ~ 0.012.
  CHECK(std::abs(mean / (2.0 * samples)) < 0.05);
}

TEST_CASE("A non-unitary target is rejected with its deviation and the tolerance") {
  CMat u = CMat::Identity(4, 4);
  u(0, 0) = 1.5;
  try {
    decompose_unitary(u, Topology::kClements);
    FAIL("no exception");
  } catch (const InputError& e) {
    const std::string msg = e.what();
    CHECK(msg.find("unitarity deviation ||U^H U - I||_F = 1.25") == 0);
    CHECK(msg.find("must be <= tolerance 1e-08") != std::string::npos);
  }
  CHECK_THROWS_AS(decompose_unitary(CMat::Identity(1, 1), Topology::kReck), InputError);
  CHECK_THROWS_AS(decompose_unitary(CMat::Identity(3, 4), Topology::kReck), InputError);
}
