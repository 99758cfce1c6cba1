#include <doctest/doctest.h>

#include <cmath>

#include "core/error.hpp"
#include "core/timer.hpp"
#include "pinn/sparse_grid.hpp"

using tonnsim::Vec;
using tonnsim::pinn::smolyak_gauss_hermite;

namespace {
/// sum_k w_k prod_j z_kj^p_j for a sparse exponent list.
double moment(const tonnsim::pinn::SparseGrid& g, std::initializer_list<std::pair<int, int>> powers) {
  Vec term = g.weights;
  for (const auto& [j, p] : powers)
    for (Eigen::Index k = 0; k < g.size(); ++k) term(k) *= std::pow(g.nodes(j, k), p);
  return term.sum();
}
}  // namespace

TEST_CASE("GQN sparse grid in 21 dimensions at level 3 has the published size and weights") {
  const int D = 21;
  tonnsim::Stopwatch sw;
  const auto g = smolyak_gauss_hermite(D, 3);
  MESSAGE("D = 21, level 3 generated in " << sw.seconds() * 1e3 << " ms");
  CHECK(g.size() == 1 + 4 * D + 2 * D * (D - 1));
  CHECK(g.size() == 925);
  CHECK(g.nodes.col(0).isZero(0.0));
  CHECK(g.weights(0) == doctest::Approx(204.0));
  CHECK(g.weights.sum() == doctest::Approx(1.0).epsilon(1e-12));
  CHECK(g.weights.minCoeff() < 0.0);
  CHECK(g.weights.minCoeff() >= -10.0 - 1e-9);
  // Every node perturbs at most two coordinates.
  for (Eigen::Index k = 0; k < g.size(); ++k)
    CHECK((g.nodes.col(k).array() != 0.0).count() <= 2);
}

TEST_CASE("GQN sparse grid integrates every moment to degree 5 exactly") {
  const auto g = smolyak_gauss_hermite(21, 3);
  const double tol = 1e-11;
  for (int i : {0, 7, 20}) {
    CHECK(std::abs(moment(g, {{i, 1}})) < tol);
    CHECK(moment(g, {{i, 2}}) == doctest::Approx(1.0).epsilon(tol));
    CHECK(std::abs(moment(g, {{i, 3}})) < tol);
    CHECK(moment(g, {{i, 4}}) == doctest::Approx(3.0).epsilon(tol));
    CHECK(std::abs(moment(g, {{i, 5}})) < tol);
    for (int j : {1, 13}) {
      if (j == i) continue;
      CHECK(std::abs(moment(g, {{i, 1}, {j, 1}})) < tol);
      CHECK(moment(g, {{i, 2}, {j, 2}}) == doctest::Approx(1.0).epsilon(tol));
      CHECK(std::abs(moment(g, {{i, 3}, {j, 2}})) < tol);
      CHECK(std::abs(moment(g, {{i, 2}, {j, 1}})) < tol);
      CHECK(std::abs(moment(g, {{i, 1}, {j, 1}, {5, 2}})) < tol);
    }
  }
  CHECK(moment(g, {{2, 2}, {3, 2}, {4, 2}}) != doctest::Approx(1.0));  // degree 6: not exact
}

TEST_CASE("GQN sparse grid in 2 dimensions at level 3 has 13 nodes") {
  const auto g = smolyak_gauss_hermite(2, 3);
  CHECK(g.size() == 13);
  CHECK(g.weights.sum() == doctest::Approx(1.0));
  CHECK(moment(g, {{0, 4}}) == doctest::Approx(3.0));
  CHECK(moment(g, {{0, 2}, {1, 2}}) == doctest::Approx(1.0));
}

TEST_CASE("Higher GQN levels integrate moments to degree 2L - 1") {
  for (int L : {4, 5}) {
    const auto g = smolyak_gauss_hermite(4, L);
    CHECK(g.weights.sum() == doctest::Approx(1.0).epsilon(1e-12));
    // Degree 2L - 2 (even), distributed over up to three coordinates.
    const int p = 2 * L - 2;
    CHECK(moment(g, {{0, p}}) == doctest::Approx(p == 6 ? 15.0 : 105.0).epsilon(1e-10));
    CHECK(moment(g, {{0, p - 2}, {1, 2}}) == doctest::Approx(p == 6 ? 3.0 : 15.0).epsilon(1e-10));
    CHECK(moment(g, {{0, 2}, {1, 2}, {2, 2}}) == doctest::Approx(1.0).epsilon(1e-10));
  }
}

TEST_CASE("Mirror pairs sit next to each other with equal weights") {
  const auto g = smolyak_gauss_hermite(5, 3);
  CHECK(g.size() % 2 == 1);
  for (Eigen::Index p = 1; p + 1 < g.size(); p += 2) {
    CHECK(g.nodes.col(p) == -g.nodes.col(p + 1));
    CHECK(g.weights(p) == g.weights(p + 1));
  }
}

TEST_CASE("A sparse grid rejects a level or dimension below 1") {
  CHECK_THROWS_AS(smolyak_gauss_hermite(3, 0), tonnsim::InputError);
  CHECK_THROWS_AS(smolyak_gauss_hermite(0, 3), tonnsim::InputError);
  CHECK_THROWS_WITH(smolyak_gauss_hermite(3, 0), doctest::Contains("level"));
}
