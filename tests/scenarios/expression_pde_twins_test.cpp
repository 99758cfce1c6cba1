#include <doctest/doctest.h>

#include <cmath>
#include <string>

#include "pinn/pde_library.hpp"
#include "pinn/pinn_loss.hpp"
#include "scenarios/runner/config_document.hpp"
#include "scenarios/runner/scenario.hpp"
#include "tonn/network_builder.hpp"

using namespace tonnsim;
using namespace tonnsim::runner;

namespace {

double relative_difference(const Eigen::Ref<const Vec>& a, const Eigen::Ref<const Vec>& b) {
  const double scale = std::max(a.cwiseAbs().maxCoeff(), 1e-300);
  return (a - b).cwiseAbs().maxCoeff() / scale;
}

struct Twin {
  const char* file;
  const char* kind;
  bool has_exact;
  pinn::HjbLqAnsatz lq_ansatz = pinn::HjbLqAnsatz::kTerminal;  ///< hjb_lq only
};

}  // namespace

// "The two paths cannot drift apart": each shipped PDE written in YAML gives the compiled
// class's sampling, residual, loss terms, exact solution, data guess and residual VJP on
// the same network and points.
TEST_CASE("Every YAML twin under scenarios/pdes matches its compiled PDE to 1e-10") {
  for (const Twin& t : {Twin{"scenarios/pdes/hjb20.yaml", "hjb20", true},
                        Twin{"scenarios/pdes/heat.yaml", "heat", true},
                        Twin{"scenarios/pdes/poisson.yaml", "poisson", true},
                        Twin{"scenarios/pdes/black-scholes.yaml", "black_scholes", true},
                        Twin{"scenarios/pdes/burgers.yaml", "burgers", false},
                        Twin{"scenarios/pdes/hjb-lq-taylor.yaml", "hjb_lq", true,
                             pinn::HjbLqAnsatz::kTaylor}}) {
    const std::string file = t.file;
    CAPTURE(file);
    const Scenario s = bind_scenario(ConfigDocument::from_file(t.file));
    REQUIRE(s.problem.pde.kind == pinn::PdeKind::kExpression);
    pinn::PdeOptions compiled = s.problem.pde;
    compiled.kind = from_string<pinn::PdeKind>(t.kind);
    compiled.lq_ansatz = t.lq_ansatz;
    if (compiled.kind == pinn::PdeKind::kBlackScholes || compiled.kind == pinn::PdeKind::kBurgers)
      compiled.space_dim = 0;
    pinn::PinnLossOptions lo = s.problem.loss;
    lo.n_collocation = 24;
    lo.n_condition = 12;
    lo.n_test = 64;
    pinn::PinnLoss yaml = pinn::make_pinn_loss(s.problem.pde, s.estimator, lo);
    pinn::PinnLoss cpp = pinn::make_pinn_loss(compiled, s.estimator, lo);
    REQUIRE(yaml.pde().input_dim() == cpp.pde().input_dim());
    // Same sampling, point for point (collocation and every condition block).
    REQUIRE(yaml.points().cols() == cpp.points().cols());
    CHECK((yaml.points() - cpp.points()).cwiseAbs().maxCoeff() == 0.0);
    CHECK((yaml.test_points() - cpp.test_points()).cwiseAbs().maxCoeff() == 0.0);

    tonn::Network net = tonn::build_network(network_spec(s));
    const pinn::LossTerms a = yaml.loss_terms(net), b = cpp.loss_terms(net);
    CHECK(std::abs(a.total - b.total) <= 1e-10 * std::abs(b.total));
    CHECK(std::abs(a.residual_mse - b.residual_mse) <= 1e-10 * std::abs(b.residual_mse));
    REQUIRE(a.condition_mse.size() == b.condition_mse.size());
    for (std::size_t i = 0; i < a.condition_mse.size(); ++i)
      CHECK(std::abs(a.condition_mse[i] - b.condition_mse[i]) <= 1e-10 * std::abs(b.condition_mse[i]));

    // Residual and its VJP on one network jet at the collocation points.
    const Mat X = cpp.points().leftCols(lo.n_collocation);
    pinn::Jet n, uy, uc;
    cpp.estimator().estimate(net, X, n);
    yaml.pde().solution_jet(X, n, uy);
    cpp.pde().solution_jet(X, n, uc);
    CHECK(relative_difference(uy.grad.reshaped(), uc.grad.reshaped()) < 1e-10);
    CHECK(relative_difference(uy.hess_diag.reshaped(), uc.hess_diag.reshaped()) < 1e-10);
    Vec ry(X.cols()), rc(X.cols());
    yaml.pde().residual(X, uy, ry);
    cpp.pde().residual(X, uc, rc);
    CHECK(relative_difference(ry, rc) < 1e-10);
    pinn::Jet by, bc;
    const Vec r_bar = rc;
    yaml.pde().residual_vjp(X, uc, r_bar, by);
    cpp.pde().residual_vjp(X, uc, r_bar, bc);
    // The default VJP differences the residual in jet space: exact for residuals
    // quadratic in each component, up to the rounding of the differences.
    CHECK(relative_difference(by.value, bc.value) < 1e-8);
    CHECK(relative_difference(by.grad.reshaped(), bc.grad.reshaped()) < 1e-8);
    CHECK(relative_difference(by.hess_diag.reshaped(), bc.hess_diag.reshaped()) < 1e-8);

    // Exact solution and the trivial baselines built from it and the data guess.
    if (t.has_exact) {
      Vec ey(64), ec(64);
      yaml.pde().exact(yaml.test_points(), ey);
      cpp.pde().exact(cpp.test_points(), ec);
      CHECK(relative_difference(ey, ec) < 1e-10);
      const auto& sy = yaml.trivial_baselines().scores;
      const auto& sc = cpp.trivial_baselines().scores;
      REQUIRE(sy.size() == sc.size());
      for (std::size_t i = 0; i < sy.size(); ++i)
        CHECK(std::abs(sy[i].metrics.rel_l2 - sc[i].metrics.rel_l2) <=
              1e-10 * sc[i].metrics.rel_l2 + 1e-15);  // HJB's constant is exact: ~1e-17
    } else {
      CHECK(std::isnan(yaml.test_metrics(net).rel_l2));  // no exact solution: no metric
    }
  }
}
