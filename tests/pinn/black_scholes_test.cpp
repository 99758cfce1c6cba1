#include <doctest/doctest.h>

#include <cmath>

#include "core/error.hpp"
#include "pde_checks.hpp"
#include "pinn/black_scholes.hpp"

using namespace tonnsim;
using namespace tonnsim::pinn;
using namespace tonnsim::pinn::testing;

TEST_CASE("Black-Scholes formula gives the textbook at-the-money price") {
  // S = K = 100, r = 5 %, sigma = 20 %, one year: 10.4506 (Hull, Options, Futures and
  // Other Derivatives, the standard worked example).
  CHECK(black_scholes_call(100.0, 100.0, 0.05, 0.2, 1.0) == doctest::Approx(10.4506).epsilon(1e-5));
  // Put-call parity with the put from the symmetric formula
  // P = K e^(-r tau) Phi(-d2) - S Phi(-d1).
  const double S = 120.0, K = 100.0, r = 0.05, s = 0.2, tau = 0.7;
  const double d1 = (std::log(S / K) + (r + 0.5 * s * s) * tau) / (s * std::sqrt(tau));
  const double d2 = d1 - s * std::sqrt(tau);
  const auto Phi = [](double x) { return 0.5 * std::erfc(-x / std::sqrt(2.0)); };
  const double put = K * std::exp(-r * tau) * Phi(-d2) - S * Phi(-d1);
  CHECK(black_scholes_call(S, K, r, s, tau) - put ==
        doctest::Approx(S - K * std::exp(-r * tau)).epsilon(1e-12));
  CHECK(black_scholes_call(90.0, 100.0, r, s, 0.0) == 0.0);
  CHECK(black_scholes_call(0.0, 100.0, r, s, 1.0) == 0.0);
}

TEST_CASE("Black-Scholes reference solves the normalised PDE and meets its conditions") {
  BlackScholes pde;
  Mat X = sample(pde, 60);
  // Keep away from the maturity kink (gamma ~ 1/sqrt(tau)) and from s = 0.
  X.row(1) *= 0.9;
  X.row(0) = (0.05 + 0.95 * X.row(0).array()).matrix();
  CHECK(exact_residual(pde, X) < 1e-7);
  // Terminal payoff and s = 0 are exact; s = S_max is the deep-in-the-money asymptote.
  const auto conds = pde.conditions();
  CHECK(conds.size() == 3);
  Rng rng = make_rng(2, Stream::kSampling, 0);
  for (std::size_t i = 0; i < 3; ++i) {
    const Mat Y = conds[i].sample(rng, 50);
    Vec target(50), exact(50);
    conds[i].target(Y, target);
    pde.exact(Y, exact);
    CHECK((target - exact).cwiseAbs().maxCoeff() < (i < 2 ? 1e-15 : 1e-4));
  }
  // The normalised price at S = 100, t = 0.
  Vec v(1);
  pde.exact(Mat{{0.5}, {0.0}}, v);
  CHECK(v(0) * 200.0 == doctest::Approx(10.4506).epsilon(1e-5));
}

TEST_CASE("Black-Scholes options are validated by name") {
  BlackScholesOptions o;
  o.volatility = 0.0;
  CHECK_THROWS_WITH_AS(BlackScholes{o}, doctest::Contains("volatility = 0"), InputError);
}
