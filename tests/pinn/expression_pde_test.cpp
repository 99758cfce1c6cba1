#include <doctest/doctest.h>

#include <cmath>

#include "core/rng.hpp"
#include "pinn/batch_expression.hpp"
#include "pinn/exact_solution_check.hpp"
#include "pinn/expression_pde.hpp"

using namespace tonnsim;
using namespace tonnsim::pinn;

namespace {

Mat random_points(int rows, Eigen::Index n, std::uint64_t seed) {
  Rng rng = make_rng(seed, Stream::kSampling, 0);
  std::uniform_real_distribution<double> u(-1.0, 1.0);
  Mat X(rows, n);
  for (Eigen::Index b = 0; b < n; ++b)
    for (int j = 0; j < rows; ++j) X(j, b) = u(rng);
  return X;
}

Jet random_jet(int dim, Eigen::Index n, std::uint64_t seed) {
  Jet j;
  j.value = random_points(1, n, seed).transpose();
  j.grad = random_points(dim, n, seed + 1);
  j.hess_diag = random_points(dim, n, seed + 2);
  return j;
}

// 3-D heat-like problem with a reaction term, the ansatz of an initial-value problem.
ExpressionPdeOptions small_problem() {
  ExpressionPdeOptions o;
  o.ranges = {{"x", {-1.0, 1.0}}, {"x2", {0.0, 2.0}}, {"t", {0.0, 1.0}}};
  o.constants = {{"a", "0.25"}, {"k", "2*a"}};
  o.definitions = {{"s", "sum_x/sqrt(d)"}};
  o.residual = "u_t - lap_u + a*u";
  o.exact = "exp(-(a + k^2)*t)*sin(k*s)";
  o.ansatz.g = "sin(k*s)";
  o.ansatz.h = "t";
  return o;
}

}  // namespace

TEST_CASE("A batch expression gives f at every point of the batch, constant expressions too") {
  BatchExpression f("f", "c*x + sin(y)^2 - (x > 0 ? 1 : 0)", {"x", "y"}, {{"c", 1.5}});
  const Mat P = random_points(2, 1000, 1);  // over the bulk threshold of muparser's threads
  f.resize(P.cols());
  f.symbol(0) = P.row(0).transpose();
  f.symbol(1) = P.row(1).transpose();
  Vec out(P.cols());
  f.evaluate(out);
  for (Eigen::Index b = 0; b < P.cols(); ++b)
    CHECK(out(b) == doctest::Approx(1.5 * P(0, b) + std::pow(std::sin(P(1, b)), 2) -
                                    (P(0, b) > 0 ? 1.0 : 0.0))
                        .epsilon(1e-14));
  CHECK(f.uses(0));
  BatchExpression two("two", "2*pi", {"x"}, {{"pi", 3.14159265358979323846}});
  CHECK_FALSE(two.uses(0));
  two.resize(37);
  Vec t(37);
  t.setZero();
  two.evaluate(t);
  CHECK((t.array() == 2 * 3.14159265358979323846).all());
}

TEST_CASE("An unknown symbol is reported with its field, position and the known symbols") {
  try {
    BatchExpression("residual", "u_t + lapu", {"u_t", "lap_u"}, {});
    FAIL("no error");
  } catch (const ExpressionError& e) {
    CHECK(e.field() == "residual");
    CHECK(e.token() == "lapu");
    CHECK(e.position() == 6);
    CHECK(e.reason() == "unknown symbol 'lapu'");
    CHECK(std::find(e.known().begin(), e.known().end(), "lap_u") != e.known().end());
  }
  CHECK_THROWS_WITH_AS(BatchExpression("exact", "sin(x", {"x"}, {}), doctest::Contains("exact"),
                       ExpressionError);
  ExpressionPdeOptions o = small_problem();
  o.residual = "u_t - u_x1x2";
  CHECK_THROWS_WITH_AS(ExpressionPde(o, 3), doctest::Contains("mixed second derivatives"),
                       ExpressionError);
  o = small_problem();
  o.constants.push_back({"u", "1"});
  CHECK_THROWS_WITH_AS(ExpressionPde(o, 3), doctest::Contains("rename"), ExpressionError);
  ExpressionPdeOptions empty = small_problem();  // a definition without a value
  empty.definitions.push_back({"q", ""});
  CHECK_THROWS_WITH_AS(ExpressionPde(empty, 3), doctest::Contains("'q' has no expression"),
                       ExpressionError);
}

TEST_CASE("The residual sees u's jet through per-coordinate symbols and lap_u, grad2_u") {
  ExpressionPdeOptions o = small_problem();
  o.residual = "u_t + lap_u - 0.05*grad2_u + u_x2x2 + u*u_x3 + x1*t + norm2_x";
  const ExpressionPde pde(o, 3);
  CHECK(pde.input_dim() == 4);
  const Mat X = random_points(4, 50, 3);
  const Jet u = random_jet(4, 50, 5);
  Vec r(50);
  pde.residual(X, u, r);
  for (Eigen::Index b = 0; b < 50; ++b) {
    const double expected = u.grad(3, b) + u.hess_diag.col(b).head(3).sum() -
                            0.05 * u.grad.col(b).head(3).squaredNorm() + u.hess_diag(1, b) +
                            u.value(b) * u.grad(2, b) + X(0, b) * X(3, b) +
                            X.col(b).head(3).squaredNorm();
    CHECK(r(b) == doctest::Approx(expected).epsilon(1e-13));
  }
}

TEST_CASE("Domains: x ranges with per-coordinate overrides, time last, pinned conditions") {
  ExpressionPdeOptions o = small_problem();
  o.conditions = {{"initial", ConditionSet::kPinned, "t", 0.0, "sin(k*s)", 2.0},
                  {"walls", ConditionSet::kBoundary, "", 0.0, "0", 1.0}};
  const ExpressionPde pde(o, 3);
  CHECK(pde.lower() == Vec{{-1.0, 0.0, -1.0, 0.0}});
  CHECK(pde.upper() == Vec{{1.0, 2.0, 1.0, 1.0}});
  Rng rng = make_rng(7, Stream::kSampling, 0);
  const Mat X = pde.sample_collocation(rng, 500);
  for (int j = 0; j < 4; ++j) {
    CHECK(X.row(j).minCoeff() >= pde.lower()(j));
    CHECK(X.row(j).maxCoeff() <= pde.upper()(j));
  }
  const auto terms = pde.conditions();
  REQUIRE(terms.size() == 2);
  CHECK(terms[0].weight == 2.0);
  const Mat Y = terms[0].sample(rng, 20);
  CHECK((Y.row(3).array() == 0.0).all());
  Vec target(20), exact(20);
  terms[0].target(Y, target);
  pde.exact(Y, exact);
  CHECK((target - exact).cwiseAbs().maxCoeff() < 1e-15);  // the exact solution's initial data
  const Mat W = terms[1].sample(rng, 200);
  for (Eigen::Index b = 0; b < W.cols(); ++b) {  // one spatial coordinate on a face
    int on_face = 0;
    for (int j = 0; j < 3; ++j) on_face += W(j, b) == pde.lower()(j) || W(j, b) == pde.upper()(j);
    CHECK(on_face >= 1);
  }
}

TEST_CASE("Closed-form ansatz derivatives agree with differences of g and h") {
  ExpressionPdeOptions o = small_problem();
  o.ansatz.g_xi = "k*cos(k*s)/sqrt(d)";
  o.ansatz.g_xixi = "-k^2*sin(k*s)/d";
  o.ansatz.g_t = "0";
  o.ansatz.g_tt = "0";
  o.ansatz.h_xi = "0";
  o.ansatz.h_xixi = "0";
  o.ansatz.h_t = "1";
  o.ansatz.h_tt = "0";
  const ExpressionPde pde(o, 3);
  REQUIRE(pde.ansatz_derivatives_given());
  const Mat X = random_points(4, 40, 9).cwiseAbs();
  Jet g, h, gd, hd;
  pde.hard_constraint(X, g, h);
  pde.ansatz_by_differences(X, gd, hd);
  CHECK((g.value - gd.value).cwiseAbs().maxCoeff() == 0.0);
  CHECK((g.grad - gd.grad).cwiseAbs().maxCoeff() < 1e-9);
  CHECK((g.hess_diag - gd.hess_diag).cwiseAbs().maxCoeff() < 1e-7);
  CHECK((h.grad - hd.grad).cwiseAbs().maxCoeff() < 1e-9);
  CHECK((h.value - X.row(3).transpose()).cwiseAbs().maxCoeff() == 0.0);
  // u = g + h N* reproduces the exact solution (the exact network part).
  Vec exact(40), n(40), u(40);
  pde.exact(X, exact);
  pde.network_for(X, exact, n);
  pde.prediction(X, n, u);
  CHECK((u - exact).cwiseAbs().maxCoeff() < 1e-14);
}

TEST_CASE("The exact-solution check accepts a solution and flags a wrong one") {
  ExpressionPdeOptions o = small_problem();
  o.conditions = {{"initial", ConditionSet::kPinned, "t", 0.0, "sin(k*s)", 1.0}};
  Rng rng = make_rng(3, Stream::kSampling, 0);
  const ExactSolutionCheck good = check_exact_solution(ExpressionPde(o, 3), rng, 64);
  CHECK(good.satisfied());
  CHECK(good.residual_max < 1e-7);
  o.exact = "exp(-a*t)*sin(k*s)";  // forgets the diffusion's decay k^2
  const ExactSolutionCheck bad = check_exact_solution(ExpressionPde(o, 3), rng, 64);
  CHECK_FALSE(bad.satisfied());
  CHECK(bad.residual_max > 1e-2);
  CHECK(bad.condition_max < 1e-12);  // still right at t = 0
  o = small_problem();
  o.conditions = {{"initial", ConditionSet::kPinned, "t", 0.0, "cos(k*s)", 1.0}};
  const ExactSolutionCheck wrong_data = check_exact_solution(ExpressionPde(o, 3), rng, 64);
  CHECK_FALSE(wrong_data.satisfied());
  CHECK(wrong_data.condition_name == "initial");
}
