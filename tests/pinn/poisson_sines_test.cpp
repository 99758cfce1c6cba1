#include "pinn/poisson_sines.hpp"

#include <doctest/doctest.h>

#include <cmath>

#include "pde_checks.hpp"

using namespace tonnsim;
using namespace tonnsim::pinn;
using namespace tonnsim::pinn::testing;

TEST_CASE("Poisson with a product of sines: the exact solution has zero residual through its exact jet") {
  for (int d : {1, 2, 5}) {
    CAPTURE(d);
    PoissonSines pde(d);
    CHECK(pde.input_dim() == d);
    const Mat X = sample(pde, 200);
    CHECK(exact_residual(pde, X) < 1e-8);
    // Homogeneous Dirichlet data, and the targets are the exact solution there.
    CHECK(condition_mismatch(pde) < 1e-14);
    Rng rng = make_rng(3, Stream::kSampling, 0);
    const Mat faces = pde.conditions().front().sample(rng, 100);
    Vec target(100);
    pde.conditions().front().target(faces, target);
    CHECK(target.cwiseAbs().maxCoeff() < 1e-15);
  }
  // The source is what balances it: the older Poisson solution sin(x1 + x2)/2 does not.
  PoissonSines pde;
  const Mat X = sample(pde, 50);
  Jet other;
  Poisson().exact_jet(X, other);
  Vec r(X.cols());
  pde.residual(X, other, r);
  CHECK(r.cwiseAbs().maxCoeff() > 1.0);
}

TEST_CASE("Poisson with a product of sines: the exact jet equals differences of the exact solution") {
  PoissonSines pde(3);
  check_exact_jet_matches_differences(pde, sample(pde, 40), 1e-8);
}

TEST_CASE("Poisson with a product of sines: the closed-form residual VJP equals differences of the residual") {
  PoissonSines pde;
  check_residual_vjp_matches_differences(pde, sample(pde, 17));
}

TEST_CASE("Poisson with a product of sines: the solution spreads by at least 0.3 of its mean") {
  PoissonSines pde;
  const NetworkPartSpread s = exact_network_part_spread(pde);
  MESSAGE("poisson_sines N*: mean " << s.mean << ", std " << s.std);
  // Uniform on [0,1]^2: mean (2/pi)^2 = 0.405, E u^2 = 1/4, std 0.293.
  CHECK(s.mean == doctest::Approx(4.0 / (M_PI * M_PI)).epsilon(0.02));
  CHECK(s.std == doctest::Approx(std::sqrt(0.25 - 16.0 / std::pow(M_PI, 4))).epsilon(0.03));
  CHECK(s.std >= 0.3 * s.mean_abs);
}
