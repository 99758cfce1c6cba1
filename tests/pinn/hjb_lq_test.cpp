#include "pinn/hjb_lq.hpp"

#include <doctest/doctest.h>

#include <cmath>

#include "pde_checks.hpp"

using namespace tonnsim;
using namespace tonnsim::pinn;
using namespace tonnsim::pinn::testing;

TEST_CASE("HJB-LQ exact solution has zero residual in 20 and 100 dimensions") {
  for (double a : {1.0, 0.25}) {
    for (int n : {20, 100}) {
      CAPTURE(a);
      CAPTURE(n);
      HjbLq pde(n, 1.0, a);
      const Mat X = sample(pde, 30);
      CHECK(exact_residual(pde, X) < 1e-11 * n);
      check_exact_jet_matches_differences(pde, X, 1e-7 * n);
      // The terminal condition is built in: u(x, T) = a |x|^2 for any network.
      Mat XT = X;
      XT.row(n).setOnes();
      Vec u(X.cols());
      pde.prediction(XT, Vec::Random(X.cols()), u);
      CHECK((u - a * XT.topRows(n).colwise().squaredNorm().transpose()).norm() < 1e-12);
    }
  }
}

TEST_CASE("HJB-LQ closed-form residual VJP equals differences of the residual") {
  HjbLq pde(5, 1.0, 0.25);
  check_residual_vjp_matches_differences(pde, sample(pde, 17));
}

TEST_CASE("HJB-LQ ansatz u = a|x|^2 + (T - t) N follows the chain rule") {
  HjbLq pde(4, 1.0, 0.25);
  check_ansatz_chain_rule(pde, sample(pde, 10));
}

TEST_CASE("HJB-LQ: the lateral Dirichlet term samples the faces of [-1,1]^n and holds the exact values") {
  const int n = 5;
  check_lateral_dirichlet_term(HjbLq(n, 0.5, 0.25, 3.0), n, -1.0, 1.0, 0.0, 0.5, 3.0);
  CHECK(HjbLq(n, 0.5, 0.25, 3.0).conditions()[0].name == "boundary x_j in {-1, 1}");
  CHECK(HjbLq(n, 1.0, 0.25, 0.0).conditions().empty());  // weight 0: the form of session 12
  CHECK(condition_mismatch(HjbLq(20)) == 0.0);
}

TEST_CASE("HJB-LQ on the box with terminal data alone has a second solution; only the lateral data tell them apart") {
  // Cole-Hopf: v = exp(-u) turns u_t + Lap u - |grad u|^2 = 0 into v_t + Lap v = 0, and the
  // exact u = a|x|^2/s + (n/2) ln s is v = s^(-n/2) exp(-a|x|^2/s). Adding the heat kernel
  // K = tau^(-n/2) exp(-|x - x0|^2 / (4 tau)), tau = T - t, of a source x0 outside the box
  // [-1,1]^n gives another solution with the same terminal data in the box.
  const int n = 4;
  const double a = 0.25, T = 1.0;
  const HjbLq pde(n, T, a);
  Vec x0 = Vec::Zero(n);
  x0[0] = -2.0;  // one unit outside the face x_1 = -1
  const auto second = [&](const ConstMatRef& X, VecRef u) {
    for (Eigen::Index b = 0; b < X.cols(); ++b) {
      const double tau = T - X(n, b), s = 1.0 + 4.0 * a * tau;
      const double v = std::pow(s, -0.5 * n) * std::exp(-a * X.col(b).head(n).squaredNorm() / s);
      u[b] = -std::log(v + heat_kernel(X.col(b).head(n), x0, tau));
    }
  };
  // Only the lateral Dirichlet term tells them apart: on the face x_1 = -1 by O(1).
  check_second_solution_differs_only_laterally(pde, n, T, second, -1.0, 0.5, 0.3);
}

TEST_CASE("HJB-LQ Taylor ansatz: g carries the PDE's time derivative at T, and N* varies O(1)") {
  const int n = 20;
  const double a = 0.25;
  const HjbLq terminal(n, 1.0, a, 1.0, HjbLqAnsatz::kTerminal);
  const HjbLq taylor(n, 1.0, a, 1.0, HjbLqAnsatz::kTaylor);
  check_ansatz_chain_rule(HjbLq(4, 1.0, a, 1.0, HjbLqAnsatz::kTaylor),
                          sample(HjbLq(4, 1.0, a, 1.0, HjbLqAnsatz::kTaylor), 10));
  Mat X = sample(taylor, 200);
  X.row(n) = X.row(n).cwiseMin(0.99);  // N = (u - g)/(T - t) loses digits as t -> T
  CHECK(exact_residual(taylor, X) < 1e-11 * n);  // same PDE and exact solution
  // The two network parts differ by m = 2an - 4a^2|x|^2 = N*(x, T), the PDE's -u_t at T.
  Vec u(X.cols()), n_terminal(X.cols()), n_taylor(X.cols());
  taylor.exact(X, u);
  terminal.network_for(X, u, n_terminal);
  taylor.network_for(X, u, n_taylor);
  const Vec m = (2.0 * a * n - 4.0 * a * a * X.topRows(n).colwise().squaredNorm().array())
                    .matrix()
                    .transpose();
  CHECK((n_terminal - n_taylor - m).cwiseAbs().maxCoeff() < 1e-9);
  // Near T the Taylor part vanishes to first order: |N*| <= C (T - t) with C from u_tt.
  Mat near_end = X;
  near_end.row(n).setConstant(1.0 - 1e-4);
  Vec u_end(X.cols()), n_end(X.cols());
  taylor.exact(near_end, u_end);
  taylor.network_for(near_end, u_end, n_end);
  CHECK(n_end.cwiseAbs().maxCoeff() < 1e-2);
  // The terminal ansatz's N* is nearly constant (std/mean about 0.1); the Taylor one's
  // spreads by about half its mean, a function the network has to learn.
  const NetworkPartSpread s0 = exact_network_part_spread(terminal);
  const NetworkPartSpread s1 = exact_network_part_spread(taylor);
  MESSAGE("hjb_lq N*: terminal mean " << s0.mean << " std " << s0.std << "; taylor mean "
                                      << s1.mean << " std " << s1.std);
  CHECK(s0.std < 0.15 * std::abs(s0.mean));
  CHECK(s1.std >= 0.3 * s1.mean_abs);
  CHECK(n_taylor.maxCoeff() - n_taylor.minCoeff() > 1.0);  // an O(1) range, not one offset
  // The data guess is the N = 0 prediction of each ansatz.
  REQUIRE(taylor.data_guess().has_value());
  Vec guess(X.cols()), g_only(X.cols());
  taylor.data_guess()->evaluate(X, guess);
  taylor.prediction(X, Vec::Zero(X.cols()), g_only);
  CHECK((guess - g_only).cwiseAbs().maxCoeff() == 0.0);
}

TEST_CASE("HJB-LQ terminal ansatz: g's jet is the closed form a|x|^2 bit for bit, signed zeros included") {
  const int n = 6;
  const double a = 0.25;
  const HjbLq pde(n, 1.0, a, 1.0, HjbLqAnsatz::kTerminal);
  const Mat X = sample(pde, 40);
  Jet g, h;
  pde.hard_constraint(X, g, h);
  // The value is a reduction whose summation order Eigen may vectorise differently in this
  // expression than in the library; the one-multiplication parts are compared bit for bit.
  const Vec value = a * X.topRows(n).colwise().squaredNorm().transpose();
  CHECK((g.value - value).cwiseAbs().maxCoeff() <= 1e-15 * value.cwiseAbs().maxCoeff());
  CHECK((g.grad.topRows(n).array() == (2.0 * a * X.topRows(n)).array()).all());
  CHECK((g.hess_diag.topRows(n).array() == 2.0 * a).all());
  for (Eigen::Index b = 0; b < X.cols(); ++b) {
    CHECK(g.grad(n, b) == 0.0);
    CHECK_FALSE(std::signbit(g.grad(n, b)));  // +0, as before the Taylor option existed
    CHECK(g.hess_diag(n, b) == 0.0);
  }
}
