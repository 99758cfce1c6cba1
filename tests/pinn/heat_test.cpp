#include <doctest/doctest.h>

#include <cmath>

#include "pde_checks.hpp"
#include "pinn/heat.hpp"

using namespace tonnsim;
using namespace tonnsim::pinn;
using namespace tonnsim::pinn::testing;

TEST_CASE("Heat equation exact solution has zero residual and meets the boundary data") {
  Heat pde;  // d = 100
  CHECK(pde.input_dim() == 101);
  const Mat X = sample(pde, 40);
  CHECK(exact_residual(pde, X) < 1e-12);
  check_exact_jet_matches_differences(pde, X, 1e-8);
  CHECK(condition_mismatch(pde) < 1e-14);
  Vec u(X.cols()), n(X.cols());
  pde.exact(X, u);
  pde.network_for(X, u, n);
  CHECK((n.array() - 1.0).abs().maxCoeff() < 1e-10);
}

TEST_CASE("Heat collocation points fill the unit ball uniformly") {
  const int d = 10;
  Heat pde(d);
  const Mat X = sample(pde, 4000);
  const Eigen::ArrayXd radius = X.topRows(d).colwise().norm().transpose().array();
  CHECK(radius.maxCoeff() <= 1.0);
  // Uniform in volume: P(|x| < r) = r^d; at r = 0.5^(1/d) half the points.
  const double inner = (radius < std::pow(0.5, 1.0 / d)).cast<double>().mean();
  CHECK(inner == doctest::Approx(0.5).epsilon(0.08));
  CHECK(X.row(d).minCoeff() >= 0.0);
  CHECK(X.row(d).maxCoeff() <= 1.0);
}

TEST_CASE("Heat ansatz u = |x|^2/(2d) + t N follows the chain rule") {
  Heat pde(3);
  check_ansatz_chain_rule(pde, sample(pde, 10));
}
