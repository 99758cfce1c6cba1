#include "photonics/mesh.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <random>
#include <set>
#include <string>

#include "core/rng.hpp"

using namespace tonnsim;
using namespace tonnsim::photonics;

namespace {
void randomize(Mesh& mesh, Rng& rng) {
  std::uniform_real_distribution<double> u(0.0, 2.0 * M_PI);
  for (auto* v : {&mesh.theta(), &mesh.phi(), &mesh.screen()})
    for (Eigen::Index k = 0; k < v->size(); ++k) (*v)[k] = u(rng);
}
CMat random_batch(int n, int b, Rng& rng) {
  std::normal_distribution<double> g;
  CMat x(n, b);
  for (int j = 0; j < b; ++j)
    for (int i = 0; i < n; ++i) x(i, j) = cplx(g(rng), g(rng));
  return x;
}
}  // namespace

TEST_CASE("Layouts place N(N-1)/2 MZIs on N (Clements) or 2N-3 (Reck) columns of disjoint pairs") {
  for (Topology t : {Topology::kClements, Topology::kReck}) {
    for (int n = 2; n <= 9; ++n) {
      const MeshLayout layout(t, n);
      CHECK(layout.num_mzis() == n * (n - 1) / 2);
      const int depth = (t == Topology::kClements) ? (n == 2 ? 1 : n) : 2 * n - 3;
      CHECK(layout.num_columns() == depth);
      for (int c = 0; c < layout.num_columns(); ++c) {
        std::set<int> modes;
        for (int k = layout.column_begin()[c]; k < layout.column_begin()[c + 1]; ++k) {
          CHECK(layout.sites()[k].column == c);
          CHECK(modes.insert(layout.sites()[k].top_mode).second);
          CHECK(modes.insert(layout.sites()[k].top_mode + 1).second);
          CHECK(layout.index_of(c, layout.sites()[k].top_mode) == k);
        }
        CHECK(static_cast<int>(modes.size() + layout.idle_modes(c).size()) == n);
      }
    }
  }
}

TEST_CASE("An ideal mesh with random phases is unitary to 1e-12") {
  auto rng = make_rng(2, Stream::kOther);
  for (Topology t : {Topology::kClements, Topology::kReck}) {
    for (int n : {2, 3, 4, 7, 16, 64}) {
      Mesh mesh(t, n);
      randomize(mesh, rng);
      const CMat u = mesh.matrix();
      CHECK((u.adjoint() * u - CMat::Identity(n, n)).norm() < 1e-12);
    }
  }
}

TEST_CASE("Applying a mesh to a batch equals multiplying by its matrix") {
  auto rng = make_rng(3, Stream::kOther);
  for (Topology t : {Topology::kClements, Topology::kReck}) {
    Mesh mesh(t, 6);
    randomize(mesh, rng);
    mesh.set_coupler_ratios(2, 0.47, 0.55);
    mesh.set_mzi_loss_db(4, 0.3);
    const CMat x = random_batch(6, 5, rng);
    CMat y = x;
    mesh.apply(y);
    CHECK((y - mesh.matrix() * x).norm() < 1e-12 * x.norm());
  }
}

TEST_CASE("With balanced loss, output power equals input power times 10^(-dB depth/10)") {
  auto rng = make_rng(4, Stream::kOther);
  const double loss_db = 0.99;
  for (Topology t : {Topology::kClements, Topology::kReck}) {
    for (int n : {3, 8}) {
      Mesh mesh(t, n);
      randomize(mesh, rng);
      mesh.set_uniform_loss_db(loss_db);
      const double expected = std::pow(10.0, -loss_db * mesh.layout().num_columns() / 10.0);
      CHECK(mesh.balanced_transmission(loss_db) == doctest::Approx(expected));
      const CMat x = random_batch(n, 4, rng);
      CMat y = x;
      mesh.apply(y);
      for (int b = 0; b < 4; ++b)
        CHECK(y.col(b).squaredNorm() ==
              doctest::Approx(x.col(b).squaredNorm() * expected).epsilon(1e-12));
    }
  }
}

TEST_CASE("Per-MZI loss in the bar state multiplies each mode's power by its own path loss") {
  // All theta = pi: every MZI is diagonal, so mode m only meets the MZIs that touch it,
  // and its power transmission is the product of their 10^(-dB/10).
  auto rng = make_rng(5, Stream::kOther);
  std::uniform_real_distribution<double> db(0.0, 2.0);
  Mesh mesh(Topology::kClements, 5);
  mesh.theta().setConstant(M_PI);
  std::vector<double> loss(mesh.num_mzis());
  for (int k = 0; k < mesh.num_mzis(); ++k) mesh.set_mzi_loss_db(k, loss[k] = db(rng));
  const CMat u = mesh.matrix();
  for (int m = 0; m < 5; ++m) {
    double path_db = 0.0;
    for (int k = 0; k < mesh.num_mzis(); ++k) {
      const int top = mesh.layout().sites()[k].top_mode;
      if (top == m || top + 1 == m) path_db += loss[k];
    }
    CHECK(std::norm(u(m, m)) == doctest::Approx(std::pow(10.0, -path_db / 10.0)).epsilon(1e-12));
  }
}

TEST_CASE("A mesh needs at least two modes and a matching batch") {
  CHECK_THROWS_WITH_AS(Mesh(Topology::kClements, 1),
                       "mesh modes N = 1: must be >= 2 (an MZI couples a mode pair)", InputError);
  Mesh mesh(Topology::kReck, 3);
  CMat x(4, 2);
  CHECK_THROWS_AS(mesh.apply(x), InputError);
  CHECK_THROWS_AS(mesh.set_uniform_loss_db(-1.0), InputError);
}

TEST_CASE("Topology names round-trip") {
  CHECK(to_string(Topology::kReck) == "reck");
  CHECK(from_string<Topology>("clements") == Topology::kClements);
  CHECK_THROWS_WITH_AS(from_string<Topology>("butterfly"),
                       "unknown mesh topology 'butterfly'; allowed: clements, reck", InputError);
}
