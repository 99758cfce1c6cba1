#include "pinn/hjb_lq.hpp"

#include <doctest/doctest.h>

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
