#include <doctest/doctest.h>

#include <cmath>

#include "pinn/gauss_hermite.hpp"

using tonnsim::pinn::gauss_hermite_normal;

namespace {
/// E Z^k for Z ~ N(0,1): (k-1)!! for even k, 0 for odd k.
double normal_moment(int k) {
  if (k % 2 == 1) return 0.0;
  double m = 1.0;
  for (int j = k - 1; j > 1; j -= 2) m *= j;
  return m;
}
/// sum_i w_i z_i^k with integer powers (Eigen's array pow goes through |z|).
double rule_moment(const tonnsim::pinn::QuadratureRule& r, int k, bool absolute = false) {
  double q = 0.0;
  for (Eigen::Index i = 0; i < r.nodes.size(); ++i)
    q += r.weights(i) * std::pow(absolute ? std::abs(r.nodes(i)) : r.nodes(i), k);
  return q;
}
}  // namespace

TEST_CASE("Gauss-Hermite rules match the closed forms for 1, 2 and 3 points") {
  const auto r1 = gauss_hermite_normal(1);
  CHECK(r1.nodes(0) == 0.0);
  CHECK(r1.weights(0) == doctest::Approx(1.0));
  const auto r2 = gauss_hermite_normal(2);
  CHECK(r2.nodes(1) == doctest::Approx(1.0).epsilon(1e-14));
  CHECK(r2.nodes(0) == -r2.nodes(1));
  CHECK(r2.weights(0) == doctest::Approx(0.5).epsilon(1e-14));
  const auto r3 = gauss_hermite_normal(3);
  CHECK(r3.nodes(1) == 0.0);
  CHECK(r3.nodes(2) == doctest::Approx(std::sqrt(3.0)).epsilon(1e-14));
  CHECK(r3.weights(1) == doctest::Approx(2.0 / 3.0).epsilon(1e-14));
  CHECK(r3.weights(2) == doctest::Approx(1.0 / 6.0).epsilon(1e-14));
}

TEST_CASE("An n-point Gauss-Hermite rule integrates normal moments to degree 2n - 1") {
  for (int n : {4, 7, 12, 20}) {
    const auto r = gauss_hermite_normal(n);
    for (int k = 0; k <= 2 * n - 1; ++k) {
      // Round-off is relative to the size of the terms, sum_i w_i |z_i|^k.
      const double q = rule_moment(r, k);
      CHECK(std::abs(q - normal_moment(k)) <= 1e-12 * rule_moment(r, k, true));
    }
    // Degree 2n is not exact: the rule's moment falls short of (2n-1)!!.
    const double q = rule_moment(r, 2 * n);
    CHECK(q < normal_moment(2 * n) * (1.0 - 1e-6));
  }
}

TEST_CASE("Large Gauss-Hermite rules keep relative accuracy in the tail weights") {
  // E exp(a Z) = exp(a^2/2) is dominated by nodes near z = a, where the weights are tiny
  // (about exp(-a^2/2)); eigenvector weights would lose them.
  const auto r = gauss_hermite_normal(200);
  for (double a : {4.0, 8.0, 12.0}) {
    const double q = (r.weights.array() * (a * r.nodes.array()).exp()).sum();
    CHECK(q / std::exp(0.5 * a * a) == doctest::Approx(1.0).epsilon(1e-10));
  }
}
