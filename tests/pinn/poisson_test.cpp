#include <doctest/doctest.h>

#include "pde_checks.hpp"
#include "pinn/poisson.hpp"

using namespace tonnsim;
using namespace tonnsim::pinn;
using namespace tonnsim::pinn::testing;

TEST_CASE("Poisson exact solution sin(sum x)/d has zero residual in 2 and 5 dimensions") {
  for (int d : {2, 5}) {
    Poisson pde(d);
    const Mat X = sample(pde, 40);
    CHECK(exact_residual(pde, X) < 1e-13);
    check_exact_jet_matches_differences(pde, X, 1e-8);
    CHECK(condition_mismatch(pde) < 1e-15);
  }
}

TEST_CASE("Poisson boundary points lie on the faces of the unit cube") {
  Poisson pde(3);
  Rng rng = make_rng(1, Stream::kSampling, 0);
  const Mat X = pde.conditions().at(0).sample(rng, 300);
  for (Eigen::Index b = 0; b < X.cols(); ++b) {
    const auto col = X.col(b).array();
    CHECK(((col == 0.0) || (col == 1.0)).any());
  }
  // Without a hard constraint the prediction is the network itself.
  const Vec n = Vec::Random(X.cols());
  Vec u(X.cols());
  pde.prediction(X, n, u);
  CHECK(u == n);
}
