#include "pinn/heat_varying.hpp"

#include <doctest/doctest.h>

#include <cmath>

#include "pde_checks.hpp"

using namespace tonnsim;
using namespace tonnsim::pinn;
using namespace tonnsim::pinn::testing;

TEST_CASE("Heat with a varying network part: the exact solution has zero residual through its exact jet") {
  for (int d : {3, 100}) {
    CAPTURE(d);
    HeatVarying pde(d);
    CHECK(pde.input_dim() == d + 1);
    const Mat X = sample(pde, 200);
    CHECK(exact_residual(pde, X) < 1e-8);
    CHECK(condition_mismatch(pde) < 1e-14);
  }
}

TEST_CASE("Heat with a varying network part: the exact jet equals differences of the exact solution") {
  HeatVarying pde;
  check_exact_jet_matches_differences(pde, sample(pde, 30), 1e-8);
}

TEST_CASE("Heat with a varying network part: the closed-form residual VJP equals differences of the residual") {
  HeatVarying pde(7);
  check_residual_vjp_matches_differences(pde, sample(pde, 17));
}

TEST_CASE("Heat with a varying network part: the ansatz u = |x|^4/(4d(d+2)) + t N follows the chain rule") {
  HeatVarying pde(4);
  check_ansatz_chain_rule(pde, sample(pde, 10));
}

TEST_CASE("Heat with a varying network part: the initial data is exact for any network") {
  HeatVarying pde(5);
  Mat X = sample(pde, 20);
  X.row(5).setZero();
  Vec u(X.cols()), exact(X.cols());
  pde.prediction(X, Vec::Random(X.cols()), u);
  pde.exact(X, exact);
  CHECK((u - exact).cwiseAbs().maxCoeff() < 1e-14);
}

TEST_CASE("Heat with a varying network part: N* = t + |x|^2/d spreads by at least 0.3 of its mean") {
  HeatVarying pde;  // d = 100
  const Mat X = sample(pde, 100);
  Vec u(X.cols()), n(X.cols());
  pde.exact(X, u);
  pde.network_for(X, u, n);
  const Vec expected =
      X.row(100).transpose() + X.topRows(100).colwise().squaredNorm().transpose() / 100.0;
  CHECK((n - expected).cwiseAbs().maxCoeff() < 1e-10);
  const NetworkPartSpread s = exact_network_part_spread(pde);
  MESSAGE("heat_varying N*: mean " << s.mean << ", std " << s.std << ", mean |N*| " << s.mean_abs);
  CHECK(s.std >= 0.3 * s.mean_abs);
  CHECK(s.std >= 0.3 * std::abs(s.mean));
}
