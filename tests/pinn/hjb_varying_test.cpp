#include "pinn/hjb_varying.hpp"

#include <doctest/doctest.h>

#include <cmath>

#include "core/rng.hpp"
#include "pinn/pde.hpp"
#include "pde_checks.hpp"

using namespace tonnsim;
using namespace tonnsim::pinn;
using namespace tonnsim::pinn::testing;

TEST_CASE("HJB with a varying network part: the exact solution has zero residual through its exact jet") {
  for (int n : {3, 20, 100}) {
    CAPTURE(n);
    HjbVarying pde(n);
    CHECK(pde.input_dim() == n + 1);
    const Mat X = sample(pde, 200);
    CHECK(exact_residual(pde, X) < 1e-8);
    // The source is what balances it: the published solution sum x + 1 - t does not.
    Jet published;
    Hjb(n).exact_jet(X, published);
    Vec r(X.cols());
    pde.residual(X, published, r);
    CHECK(r.cwiseAbs().maxCoeff() > 0.1);
  }
}

TEST_CASE("HJB with a varying network part: the exact jet equals differences of the exact solution") {
  HjbVarying pde;
  check_exact_jet_matches_differences(pde, sample(pde, 50), 1e-7);
}

TEST_CASE("HJB with a varying network part: the closed-form residual VJP equals differences of the residual") {
  HjbVarying pde(6);
  check_residual_vjp_matches_differences(pde, sample(pde, 17));
}

TEST_CASE("HJB with a varying network part: the ansatz u = sum x + (1 - t) N follows the chain rule") {
  HjbVarying pde(5);
  check_ansatz_chain_rule(pde, sample(pde, 10));
}

TEST_CASE("HJB with a varying network part: N* = exp(t + z - 1/2) spreads by at least 0.3 of its mean") {
  HjbVarying pde;
  const Mat X = sample(pde, 100);
  Vec u(X.cols()), n(X.cols());
  pde.exact(X, u);
  pde.network_for(X, u, n);
  const Eigen::ArrayXd z = (X.topRows(20).colwise().sum().array() - 10.0) / std::sqrt(20.0);
  const Eigen::ArrayXd expected = (X.row(20).transpose().array() + z - 0.5).exp();
  CHECK((n.array() - expected).abs().maxCoeff() < 1e-12);
  // Closed form for uniform points, z ~ N(0, 1/12) approximately: mean 1.09, std 0.46.
  const NetworkPartSpread s = exact_network_part_spread(pde);
  MESSAGE("hjb20_varying N*: mean " << s.mean << ", std " << s.std << ", mean |N*| " << s.mean_abs);
  CHECK(s.mean == doctest::Approx(1.086).epsilon(0.02));
  CHECK(s.std >= 0.3 * s.mean_abs);
  CHECK(s.std >= 0.3 * std::abs(s.mean));
}

TEST_CASE("HJB with a varying network part builds the terminal data into the ansatz") {
  HjbVarying pde(4);
  Mat X = sample(pde, 20);
  X.row(4).setOnes();
  Vec u(X.cols()), exact(X.cols());
  pde.prediction(X, Vec::Random(X.cols()), u);
  pde.exact(X, exact);
  CHECK((u - exact).cwiseAbs().maxCoeff() < 1e-12);
  CHECK((u - X.topRows(4).colwise().sum().transpose()).cwiseAbs().maxCoeff() < 1e-12);
}

TEST_CASE("HJB with a varying network part: the lateral Dirichlet term samples the faces of the box and holds the exact values") {
  const int n = 6;
  check_lateral_dirichlet_term(HjbVarying(n, 2.5), n, 0.0, 1.0, 0.0, 1.0, 2.5);
  CHECK(HjbVarying(n, 2.5).conditions()[0].name == "boundary x_j in {0, 1}");
  CHECK(HjbVarying(n, 0.0).conditions().empty());  // weight 0: the published, ill-posed form
}

TEST_CASE("The HJB operator on the box with terminal data alone has a second solution; only the lateral data tell them apart") {
  // Cole-Hopf (Evans, PDE, sec. 4.4.1): w = exp(-0.05 u) turns u_t + Lap u - 0.05 |grad u|^2 + c
  // = 0 (c = 1 + 0.05 n, the published source) into w_t + Lap w = 0.05 c w, and
  // w = exp(-0.05 c (1 - t)) v into the backward heat equation v_t + Lap v = 0. The
  // published solution u = sum x + 1 - t is v = exp(-0.05 sum x + 0.0025 n (1 - t)). Adding
  // the heat kernel K = tau^(-n/2) exp(-|x - x0|^2 / (4 tau)), tau = 1 - t, of a source x0
  // outside the box gives another solution: K solves the same equation and vanishes at
  // t = 1 everywhere in the box, so the terminal data are unchanged.
  const int n = 4;
  const Hjb pde(n);
  const double c = 1.0 + 0.05 * n;
  Vec x0 = Vec::Constant(n, 0.5);
  x0[0] = -0.5;  // one unit from the box's centre, outside the face x_1 = 0
  const auto second = [&](const ConstMatRef& X, VecRef u) {
    for (Eigen::Index b = 0; b < X.cols(); ++b) {
      const double tau = 1.0 - X(n, b);
      const double s = X.col(b).head(n).sum();
      const double v = std::exp(-0.05 * s + 0.0025 * n * tau);
      u[b] = -20.0 * std::log(v + heat_kernel(X.col(b).head(n), x0, tau)) + c * tau;
    }
  };
  // The lateral Dirichlet term of hjb20_varying's kind tells them apart: on the face
  // x_1 = 0 the two differ by O(1).
  check_second_solution_differs_only_laterally(pde, n, 1.0, second, 0.0, 1.0, 0.5);
}
