#include "pinn/hjb_varying.hpp"

#include <doctest/doctest.h>

#include <cmath>

#include "core/rng.hpp"
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
  HjbVarying pde(n, 2.5);
  const auto terms = pde.conditions();
  REQUIRE(terms.size() == 1);
  CHECK(terms[0].weight == 2.5);
  Rng rng = make_rng(3, Stream::kOther);
  const Mat X = terms[0].sample(rng, 4000);
  REQUIRE(X.rows() == n + 1);
  Eigen::VectorXi per_face = Eigen::VectorXi::Zero(2 * n);
  for (Eigen::Index b = 0; b < X.cols(); ++b) {
    int on_faces = 0;
    for (int j = 0; j < n; ++j) {
      CHECK(X(j, b) >= 0.0);
      CHECK(X(j, b) <= 1.0);
      if (X(j, b) == 0.0 || X(j, b) == 1.0) {
        ++on_faces;
        ++per_face[2 * j + int(X(j, b))];
      }
    }
    CHECK(on_faces == 1);  // on one face, not an edge (uniform coordinates are never 0 or 1)
    CHECK(X(n, b) >= 0.0);
    CHECK(X(n, b) <= 1.0);
  }
  // Uniform over the 2n faces: 4000 / 12 = 333 each, binomial sd 18.
  CHECK(per_face.minCoeff() > 333 - 5 * 18);
  CHECK(per_face.maxCoeff() < 333 + 5 * 18);
  Vec target(X.cols()), exact(X.cols());
  terms[0].target(X, target);
  pde.exact(X, exact);
  CHECK((target - exact).cwiseAbs().maxCoeff() == 0.0);
  CHECK(HjbVarying(n, 0.0).conditions().empty());  // weight 0: the published, ill-posed form
}
