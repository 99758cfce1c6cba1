#include <doctest/doctest.h>

#include <cmath>

#include "pde_checks.hpp"
#include "pinn/burgers.hpp"

using namespace tonnsim;
using namespace tonnsim::pinn;
using namespace tonnsim::pinn::testing;

TEST_CASE("Burgers Cole-Hopf reference meets the initial and boundary conditions") {
  Burgers pde;
  CHECK(condition_mismatch(pde) < 1e-12);
  for (double t : {0.1, 0.5, 1.0}) {
    CHECK(std::abs(pde.reference(-1.0, t)) < 1e-12);
    CHECK(std::abs(pde.reference(1.0, t)) < 1e-12);
    CHECK(std::abs(pde.reference(0.0, t)) < 1e-12);  // odd in x
    CHECK(pde.reference(-0.3, t) == doctest::Approx(-pde.reference(0.3, t)).epsilon(1e-12));
  }
}

TEST_CASE("Burgers Cole-Hopf reference solves the PDE by finite differences") {
  Burgers pde;
  // Away from the shock at x = 0 (width ~ nu = 3e-3) differences of step 1e-4 resolve u.
  Mat X = sample(pde, 200);
  for (Eigen::Index b = 0; b < X.cols(); ++b)
    if (std::abs(X(0, b)) < 0.1) X(0, b) += X(0, b) < 0 ? -0.1 : 0.1;
  CHECK(exact_residual(pde, X) < 1e-5);
  // Near the shock the solution is steep (|u_x| ~ 1e2) but still a solution.
  const Mat S{{0.01, -0.02, 0.005}, {0.8, 0.5, 1.0}};
  Jet u;
  pde.exact_jet(S, u);
  CHECK(u.grad.row(0).cwiseAbs().maxCoeff() > 50.0);
  Vec r(3);
  pde.residual(S, u, r);
  CHECK(r.cwiseAbs().maxCoeff() < 1e-3 * u.grad.row(0).cwiseAbs().maxCoeff());
}

TEST_CASE("Burgers reference has converged in the number of Gauss-Hermite points") {
  Burgers coarse, fine(BurgersOptions{0.01 / M_PI, 400, 1.0});
  const Mat X = sample(coarse, 300);
  Vec a(X.cols()), b(X.cols());
  coarse.exact(X, a);
  fine.exact(X, b);
  CHECK((a - b).cwiseAbs().maxCoeff() < 1e-10);
  // The classic shock-slope check: at t = 1 the solution jumps from ~+0.5... to ~-0.5...
  // across x = 0 within a few viscous lengths.
  CHECK(coarse.reference(-0.02, 1.0) > 0.4);
  CHECK(coarse.reference(0.02, 1.0) < -0.4);
}
