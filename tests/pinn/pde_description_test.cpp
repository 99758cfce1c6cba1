#include "pinn/pde_description.hpp"

#include <doctest/doctest.h>

#include "core/error.hpp"
#include "pde_checks.hpp"
#include "pinn/hjb_lq.hpp"
#include "pinn/pde_library.hpp"

using namespace tonnsim;
using namespace tonnsim::pinn;
using namespace tonnsim::pinn::testing;

TEST_CASE("A description without residual VJP or exact jet falls back to differences that match the closed forms") {
  // HJB-LQ: the residual is quadratic in u's gradient, the exact solution is smooth, so
  // the Pde defaults (central differences in jet space; 4th-order differences of exact())
  // must reproduce the closed forms the compiled description carries.
  const DescribedPde closed(hjb_lq_description(4, 1.0, 0.25));
  PdeDescription d = hjb_lq_description(4, 1.0, 0.25);
  d.residual_vjp = nullptr;
  d.exact_jet = nullptr;
  const DescribedPde fallback(std::move(d));
  const Mat X = sample(closed, 23);
  const Jet u = random_jet(X.rows(), X.cols(), 5);
  const Vec r_bar = Vec::LinSpaced(X.cols(), -1.0, 2.0);
  Jet a, b;
  closed.residual_vjp(X, u, r_bar, a);
  fallback.residual_vjp(X, u, r_bar, b);
  CHECK((a.value - b.value).cwiseAbs().maxCoeff() < 1e-12);
  CHECK((a.grad - b.grad).cwiseAbs().maxCoeff() < 1e-9);
  CHECK((a.hess_diag - b.hess_diag).cwiseAbs().maxCoeff() < 1e-9);
  closed.exact_jet(X, a);
  fallback.exact_jet(X, b);
  CHECK((a.grad - b.grad).cwiseAbs().maxCoeff() < 1e-7);
  CHECK((a.hess_diag - b.hess_diag).cwiseAbs().maxCoeff() < 1e-5);
}

TEST_CASE("A description without an ansatz solves for u = N (g = 0, h = 1)") {
  PdeDescription d = hjb_lq_description(3, 1.0, 0.25);
  d.hard_constraint = nullptr;
  const DescribedPde pde(std::move(d));
  const Mat X = sample(pde, 9);
  const Vec n = Vec::LinSpaced(X.cols(), -2.0, 3.0);
  Vec u(X.cols());
  pde.prediction(X, n, u);
  CHECK(u == n);
}

TEST_CASE("A description missing a required part or with a wrong box is refused, naming it") {
  PdeDescription no_residual = hjb_lq_description(3, 1.0, 0.25);
  no_residual.residual = nullptr;
  CHECK_THROWS_WITH_AS(DescribedPde{no_residual}, doctest::Contains("residual"), InputError);
  PdeDescription short_box = hjb_lq_description(3, 1.0, 0.25);
  short_box.upper = Vec::Ones(3);
  CHECK_THROWS_WITH_AS(DescribedPde{short_box}, doctest::Contains("domain box"), InputError);
}

TEST_CASE("Every compiled PDE's description has a box holding its collocation points") {
  for (const auto& [kind, name] : EnumNames<PdeKind>::names) {
    if (kind == PdeKind::kExpression) continue;
    CAPTURE(name);
    PdeOptions o;
    o.kind = kind;
    o.space_dim = kind == PdeKind::kBlackScholes || kind == PdeKind::kBurgers ? 0 : 3;
    const PdeDescription d = describe_pde(o);
    const DescribedPde pde(d);
    CHECK(pde.name() == std::string(name));  // the scenario's name is the problem's
    const Mat X = sample(pde, 200);
    CHECK(X.rows() == d.input_dim());
    CHECK(((X.colwise() - d.lower).array() >= 0.0).all());
    CHECK(((-X).colwise() + d.upper).array().minCoeff() >= 0.0);
  }
}
