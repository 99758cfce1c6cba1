#include <doctest/doctest.h>

#include "pde_checks.hpp"
#include "pinn/hjb.hpp"

using namespace tonnsim;
using namespace tonnsim::pinn;
using namespace tonnsim::pinn::testing;

TEST_CASE("HJB-20d exact solution has zero residual and exact network part N = 1") {
  Hjb pde;
  CHECK(pde.input_dim() == 21);
  const Mat X = sample(pde, 50);
  CHECK(X.minCoeff() >= 0.0);
  CHECK(X.maxCoeff() <= 1.0);
  CHECK(exact_residual(pde, X) < 1e-13);
  check_exact_jet_matches_differences(pde, X, 1e-7);  // round-off: eps |u| / h^2
  Vec u(X.cols()), n(X.cols());
  pde.exact(X, u);
  pde.network_for(X, u, n);
  CHECK((n.array() - 1.0).abs().maxCoeff() < 1e-12);
  // A wrong solution (drop the "+2" balance: u = sum x) leaves a residual.
  Jet wrong;
  pde.exact_jet(X, wrong);
  wrong.grad.row(20).setZero();
  Vec r(X.cols());
  pde.residual(X, wrong, r);
  CHECK(r.cwiseAbs().minCoeff() > 0.5);
  CHECK(pde.conditions().empty());
}

TEST_CASE("HJB-20d ansatz u = sum x + (1 - t) N follows the chain rule") {
  Hjb pde(5);
  check_ansatz_chain_rule(pde, sample(pde, 10));
}
