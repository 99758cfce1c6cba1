#include <doctest/doctest.h>

#include <memory>

#include "named_options.hpp"
#include "core/error.hpp"
#include "pinn/exact_derivatives.hpp"
#include "pinn/finite_difference.hpp"
#include "pinn/pde_library.hpp"
#include "pinn/pinn_loss.hpp"
#include "test_functions.hpp"

using namespace tonnsim;
using namespace tonnsim::pinn;
using testing::Constant;
using testing::SineMlp;

using testing::estimator_named;
using testing::pde_named;

namespace {

/// The exact solution's network part N = (u - g)/h as a network, its jet by differences.
class ExactNetwork : public tonn::DifferentiableBatchFunction {
 public:
  explicit ExactNetwork(const Pde& pde) : pde_(pde) {}
  int input_dim() const override { return pde_.input_dim(); }
  void evaluate(const ConstMatRef& X, VecRef y) override {
    Vec u(X.cols());
    pde_.exact(X, u);
    pde_.network_for(X, u, y);
  }
  void evaluate_jet(const ConstMatRef& X, VecRef v, MatRef g, MatRef h) override {
    Jet jet;
    jet_by_differences([this](const ConstMatRef& P, VecRef y) { evaluate(P, y); }, X, 1e-3,
                       jet);
    v = jet.value;
    g = jet.grad;
    h = jet.hess_diag;
  }

 private:
  const Pde& pde_;
};
}  // namespace

TEST_CASE("HJB loss vanishes for the exact network part N = 1 and not for a wrong one") {
  PinnLossOptions o;
  o.n_test = 500;
  for (const char* est : {"exact", "sparse_grid", "finite_difference", "monte_carlo"}) {
    CAPTURE(est);
    PinnLoss loss = make_pinn_loss(pde_named("hjb20"), estimator_named(est), o);
    Constant one(21, 1.0);
    CHECK(loss.loss(one) < 1e-16);  // Stein Hessians: round-off of (Y_k - Y_0) / sigma^2
    CHECK(loss.test_error(one) < 1e-13);
    SineMlp wrong(21, 16, 1.0);
    CHECK(loss.loss(wrong) > 1e-2);
    CHECK(loss.test_error(wrong) > 1e-2);
  }
}

namespace {
/// Finite differences without the value-only path: every point through the whole stencil
/// (DerivativeEstimator's default estimate_head), the reference for the path.
class FullStencilDifferences : public DerivativeEstimator {
 public:
  explicit FullStencilDifferences(double step) : fd_(21, {step}) {}
  EstimatorKind kind() const override { return fd_.kind(); }
  int input_dim() const override { return fd_.input_dim(); }
  Eigen::Index evaluations_per_point() const override { return fd_.evaluations_per_point(); }
  void estimate(BatchFunction& f, const ConstMatRef& X, Jet& jet) override { fd_.estimate(f, X, jet); }
  void value(BatchFunction& f, const ConstMatRef& X, VecRef y) override { fd_.value(f, X, y); }

 private:
  FiniteDifference fd_;
};
}  // namespace

TEST_CASE("A finite-difference loss evaluates its boundary points at x alone, and scores the same") {
  // hjb20_varying: collocation points need the 43-point stencil, the lateral-face points
  // only the value f(x).
  PinnLossOptions o;
  o.n_collocation = 12;
  o.n_condition = 9;
  o.n_test = 50;
  EstimatorOptions e = estimator_named("finite_difference");
  e.finite_difference.step = 0.1;
  PinnLoss loss = make_pinn_loss(pde_named("hjb20_varying"), e, o);
  PinnLoss full(make_pde(pde_named("hjb20_varying")), std::make_unique<FullStencilDifferences>(0.1), o);
  REQUIRE(loss.points().cols() == 12 + 9);
  CHECK(loss.evaluations_per_loss() == 12 * 43 + 9);
  CHECK(full.evaluations_per_loss() == 21 * 43);
  CHECK(loss.gradient_evaluations_per_loss() == 21 * 43);
  SineMlp f(21, 16, 1.0);
  const LossTerms a = loss.loss_terms(f), b = full.loss_terms(f);
  REQUIRE(a.condition_mse.size() == 1);
  CHECK(a.residual_mse == b.residual_mse);
  CHECK(a.condition_mse[0] == b.condition_mse[0]);
  CHECK(a.condition_mse[0] > 0.0);
  CHECK(a.total == b.total);
}

TEST_CASE("Sparse-grid HJB loss is one network call over 100 points x 925 shifts") {
  PinnLoss loss = make_pinn_loss(pde_named("hjb20"), estimator_named("sparse_grid"), {});
  CHECK(loss.points().cols() == 100);
  CHECK(loss.evaluations_per_loss() == 100 * 925);
  SineMlp f(21, 16, 1.0);
  loss.loss(f);
  CHECK(f.stencil_calls == 1);
  CHECK(f.evaluate_calls == 0);
  CHECK(loss.test_points().cols() == 10000);
}

TEST_CASE("Stein test error scores the smoothed prediction") {
  // u = sum x + (1 - t) N_sigma: with the sparse grid the test error of f equals the
  // exact-derivative test error of the analytically smoothed network.
  const double sigma = 0.1;
  SineMlp f(21, 16, 0.25);  // |w| small enough for the level-3 grid to be accurate
  SineMlp smooth = f.smoothed(sigma);
  PinnLossOptions o;
  o.n_test = 300;
  EstimatorOptions sg = estimator_named("sparse_grid");
  sg.sparse_grid.sigma = sigma;
  PinnLoss stein = make_pinn_loss(pde_named("hjb20"), sg, o);
  PinnLoss exact = make_pinn_loss(pde_named("hjb20"), estimator_named("exact"), o);
  const double e_stein = stein.test_error(f), e_smooth = exact.test_error(smooth);
  const double e_raw = exact.test_error(f);
  CHECK(e_stein == doctest::Approx(e_smooth).epsilon(1e-5));
  CHECK(std::abs(e_stein - e_raw) > 1e3 * std::abs(e_stein - e_smooth));
  // The loss agrees the same way (residual of the smoothed network).
  CHECK(stein.loss(f) == doctest::Approx(exact.loss(smooth)).epsilon(1e-2));
}

TEST_CASE("Exact solutions give a vanishing loss on every PDE with smooth references") {
  const std::pair<const char*, int> cases[] = {
      {"hjb20", 4}, {"hjb_lq", 3}, {"heat", 5}, {"poisson", 2}, {"poisson", 4}};
  PinnLossOptions o;
  o.n_collocation = 40;
  o.n_condition = 30;
  o.n_test = 100;
  for (const auto& [name, dim] : cases) {
    CAPTURE(name);
    CAPTURE(dim);
    PinnLoss loss = make_pinn_loss(pde_named(name, dim), estimator_named("exact"), o);
    ExactNetwork net(loss.pde());
    const LossTerms terms = loss.loss_terms(net);
    CHECK(terms.residual_mse < 1e-12);
    CHECK(terms.condition_mse.size() == loss.pde().conditions().size());
    for (double c : terms.condition_mse) CHECK(c < 1e-24);
    CHECK(loss.test_error(net) < 1e-12);
    Constant zero(loss.pde().input_dim(), 0.0);
    CHECK(loss.loss(zero) > 1e-3);
  }
}

TEST_CASE("Soft conditions of Black-Scholes and Burgers are met by their references") {
  PinnLossOptions o;
  o.n_collocation = 20;
  o.n_condition = 50;
  o.n_test = 200;
  for (const char* name : {"black_scholes", "burgers"}) {
    CAPTURE(name);
    PinnLoss loss = make_pinn_loss(pde_named(name), estimator_named("exact"), o);
    ExactNetwork net(loss.pde());
    const LossTerms terms = loss.loss_terms(net);
    for (double c : terms.condition_mse) CHECK(c < 1e-9);
    CHECK(loss.test_error(net) < 1e-14);
    Constant zero(2, 0.0);
    const LossTerms bad = loss.loss_terms(zero);
    CHECK(bad.total > 1e-3);
    CHECK(bad.total == doctest::Approx(bad.residual_mse + bad.condition_mse[0] +
                                       bad.condition_mse[1] +
                                       (bad.condition_mse.size() > 2 ? bad.condition_mse[2] : 0.0)));
  }
}

TEST_CASE("Per-term condition weights scale each condition's mean square as the loss formula says") {
  // L = r_mse + sum_i lambda_i c_i: the terms c_i do not depend on the weights, the total
  // does, term by term.
  PinnLossOptions o;
  o.n_collocation = 20;
  o.n_condition = 40;
  o.n_test = 50;
  PinnLoss plain = make_pinn_loss(pde_named("black_scholes"), estimator_named("exact"), o);
  o.condition_weights = {2.0, 0.5, 7.0};
  PinnLoss weighted = make_pinn_loss(pde_named("black_scholes"), estimator_named("exact"), o);
  SineMlp f(2, 8, 1.0);
  const LossTerms a = plain.loss_terms(f), b = weighted.loss_terms(f);
  REQUIRE(b.condition_mse.size() == 3);
  for (int i = 0; i < 3; ++i) {
    CHECK(b.condition_mse[i] > 1e-6);
    CHECK(b.condition_mse[i] == doctest::Approx(a.condition_mse[i]).epsilon(1e-14));
  }
  CHECK(b.residual_mse == doctest::Approx(a.residual_mse).epsilon(1e-14));
  CHECK(a.total == doctest::Approx(a.residual_mse + a.condition_mse[0] + a.condition_mse[1] +
                                   a.condition_mse[2]).epsilon(1e-14));
  CHECK(b.total == doctest::Approx(b.residual_mse + 2.0 * b.condition_mse[0] +
                                   0.5 * b.condition_mse[1] + 7.0 * b.condition_mse[2])
                       .epsilon(1e-14));
  CHECK(b.total != doctest::Approx(a.total));
}

TEST_CASE("Condition weights must be one non-negative value per condition term") {
  PinnLossOptions o;
  o.n_test = 10;
  o.condition_weights = {1.0, 1.0};  // black_scholes has three terms
  CHECK_THROWS_WITH_AS(make_pinn_loss(pde_named("black_scholes"), estimator_named("exact"), o),
                       doctest::Contains("condition_weights"), InputError);
  o.condition_weights = {1.0, -1.0};  // burgers has two, but one is negative
  CHECK_THROWS_WITH_AS(make_pinn_loss(pde_named("burgers"), estimator_named("exact"), o),
                       doctest::Contains("condition_weights[1]"), InputError);
}

TEST_CASE("Collocation points are redrawn per step, reproducibly, and the test set is fixed") {
  PinnLossOptions o;
  o.n_test = 50;
  PinnLoss a = make_pinn_loss(pde_named("poisson"), estimator_named("exact"), o);
  o.seed = 99;
  PinnLoss b = make_pinn_loss(pde_named("poisson"), estimator_named("exact"), o);
  const Mat p0 = a.points();
  a.begin_step(1);
  CHECK(a.points() != p0);
  a.begin_step(0);
  CHECK(a.points() == p0);
  CHECK(b.points() != p0);                         // another training seed
  CHECK(b.test_points() == a.test_points());       // same test set
  CHECK(a.points().cols() == 100 + 100);           // collocation + boundary block
}

TEST_CASE("Bad PINN scenario values name the key and the allowed values") {
  CHECK_THROWS_WITH_AS(from_string<EstimatorKind>("adjoint"),
                       "unknown derivative estimator 'adjoint'; allowed: sparse_grid, "
                       "monte_carlo, finite_difference, exact",
                       InputError);
  EstimatorOptions sg = estimator_named("sparse_grid");
  sg.sparse_grid.sigma = -0.1;
  CHECK_THROWS_WITH_AS(make_pinn_loss(pde_named("hjb20"), sg), doctest::Contains("sigma = -0.1"),
                       InputError);
  sg.sparse_grid.sigma = 0.1;
  sg.sparse_grid.level = 0;
  CHECK_THROWS_WITH_AS(make_pinn_loss(pde_named("hjb20"), sg), doctest::Contains("level = 0"),
                       InputError);
  PinnLossOptions o;
  o.n_test = 10;
  PinnLoss loss = make_pinn_loss(pde_named("hjb20"), estimator_named("exact"), o);
  SineMlp small(20, 4, 1.0);
  CHECK_THROWS_WITH_AS(loss.loss(small),
                       "network input_dim = 20: must equal the hjb20 input dimension 21 "
                       "(space + time)",
                       InputError);
  CHECK_THROWS_WITH_AS(PinnLoss(make_pde(pde_named("heat", 3)), std::make_unique<ExactDerivatives>(5)),
                       doctest::Contains("estimator input_dim = 5"), InputError);
}
