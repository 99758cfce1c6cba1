#include "pinn/loss_gradient.hpp"

#include <doctest/doctest.h>

#include <functional>
#include <string>
#include <utility>

#include "core/error.hpp"
#include "core/rng.hpp"
#include "pinn/pinn_loss.hpp"
#include "tonn/initialization.hpp"
#include "tonn/network_builder.hpp"
#include "tonn/reference_models.hpp"

using namespace tonnsim;
using namespace tonnsim::pinn;

namespace {

// A named PDE (space dimension 0: its default) and estimator, Monte-Carlo with 8 pairs and
// differences with step 1e-2 to keep the stencils short and the rounding small.
std::pair<PdeOptions, EstimatorOptions> named(const char* pde, int space_dim,
                                              const char* estimator = "sparse_grid") {
  std::pair<PdeOptions, EstimatorOptions> o;
  o.first.kind = from_string<PdeKind>(pde);
  o.first.space_dim = space_dim;
  o.second.kind = from_string<EstimatorKind>(estimator);
  o.second.monte_carlo.n_pairs = 8;
  o.second.finite_difference.step = 1e-2;
  return o;
}

PinnLoss loss_for(const char* pde, int space_dim, const char* estimator,
                  const PinnLossOptions& options) {
  const auto [p, e] = named(pde, space_dim, estimator);
  return make_pinn_loss(p, e, options);
}

Mat random_matrix(Eigen::Index rows, Eigen::Index cols, std::uint64_t seed) {
  Rng rng = make_rng(seed, Stream::kOther);
  return tonn::uniform_matrix(rows, cols, 1.0, rng);
}

Jet random_jet(Eigen::Index D, Eigen::Index B, std::uint64_t seed) {
  Jet j;
  j.value = random_matrix(B, 1, seed);
  j.grad = random_matrix(D, B, seed + 1);
  j.hess_diag = random_matrix(D, B, seed + 2);
  return j;
}

double dot(const Jet& a, const Jet& b) {
  return a.value.dot(b.value) + (a.grad.array() * b.grad.array()).sum() +
         (a.hess_diag.array() * b.hess_diag.array()).sum();
}

// D -> hidden (TT when tt_modes are given, dense otherwise) -> 1, sine.
tonn::Network small_network(int D, std::vector<int> in_modes, std::vector<int> out_modes,
                            Eigen::Index hidden, std::uint64_t seed) {
  tonn::NetworkSpec spec;
  spec.input_dim = D;
  spec.seed = seed;
  const tonn::Activation sine{tonn::ActivationKind::kSine, 2.0};
  tonn::LayerSpec first{tonn::LayerType::kDense, hidden, {}, {}, 0, sine};
  if (!in_modes.empty())
    first = {tonn::LayerType::kTT, 0, std::move(in_modes), std::move(out_modes), 2, sine};
  spec.layers = {first,
                 {tonn::LayerType::kDense, 1, {}, {}, 0, {tonn::ActivationKind::kIdentity, 1.0}}};
  spec.options.block_rows = 32;
  return tonn::build_network(spec);
}

// f'(0) by fourth-order central differences (Fornberg 1988).
double derivative_at_zero(const std::function<double(double)>& f, double h) {
  return (f(-2 * h) - 8 * f(-h) + 8 * f(h) - f(2 * h)) / (12 * h);
}

// ||g - fd|| / ||fd|| in the 2-norm and in the max-norm, fd by fourth-order differences of
// loss() in each parameter. Why h = 1e-3 and norms rather than entries: a Stein loss
// carries relative rounding of ~1e-11 (Hessian terms (Y_k - Y_0) / sigma^2 with grid
// weights up to 204), which differences divide by h; at h = 1e-3 that noise is ~1e-8 of
// the gradient while the O(h^4) truncation stays below it.
std::pair<double, double> fd_relative_error(PinnLoss& loss, tonn::Network& net, const Vec& g) {
  const Vec theta = net.parameters();
  Vec fd(theta.size());
  for (Eigen::Index i = 0; i < theta.size(); ++i)
    fd(i) = derivative_at_zero(
        [&](double t) {
          Vec moved = theta;
          moved(i) += t;
          net.set_parameters(moved);
          return loss.loss(net);
        },
        1e-3);
  net.set_parameters(theta);
  return {(g - fd).norm() / fd.norm(), (g - fd).cwiseAbs().maxCoeff() / fd.cwiseAbs().maxCoeff()};
}

// The returned loss equals loss(); the gradient matches differences to 1e-6 in both norms.
void check_gradient(PinnLoss& loss, tonn::Network& net) {
  Vec g;
  const double value = loss.loss_and_gradient(net, g);
  CHECK(value == loss.loss(net));
  const auto [err2, err_max] = fd_relative_error(loss, net, g);
  CHECK(err2 < 1e-6);
  CHECK(err_max < 1e-6);
}

// A "network" whose stencil values are a given matrix, to probe an estimator's linear map.
class FixedStencil : public tonn::BatchFunction {
 public:
  FixedStencil(int dim, Mat values) : dim_(dim), values_(std::move(values)) {}
  int input_dim() const override { return dim_; }
  void evaluate(const ConstMatRef&, VecRef) override {}
  void evaluate_stencil(const ConstMatRef&, const ConstMatRef&, tonn::MatRef Y) override {
    Y = values_;
  }

 private:
  int dim_;
  Mat values_;
};

}  // namespace

TEST_CASE("Closed-form residual VJPs equal central differences in jet space") {
  // Two independent routes: each PDE's override and the base-class default, which is exact
  // up to rounding because every residual is at most quadratic in each jet component.
  const std::pair<const char*, int> cases[] = {
      {"hjb20", 5},   {"hjb_lq", 4},         {"heat", 3},         {"poisson", 3},
      {"black_scholes", 0}, {"burgers", 0}, {"hjb20_varying", 5}, {"heat_varying", 3},
      {"poisson_sines", 3}};
  for (const auto& [name, dim] : cases) {
    const std::string pde_name = name;
    CAPTURE(pde_name);
    const auto pde = make_pde(named(name, dim).first);
    const Eigen::Index D = pde->input_dim(), B = 17;
    Rng rng = make_rng(3, Stream::kSampling);
    const Mat X = pde->sample_collocation(rng, B);
    const Jet u = random_jet(D, B, 10);
    const Vec r_bar = random_matrix(B, 1, 20);
    Jet closed, numeric;
    pde->residual_vjp(X, u, r_bar, closed);
    pde->Pde::residual_vjp(X, u, r_bar, numeric);
    const double scale = std::max(1.0, std::sqrt(dot(numeric, numeric)));
    CHECK(std::abs((closed.value - numeric.value).cwiseAbs().maxCoeff()) < 1e-13 * scale);
    CHECK((closed.grad - numeric.grad).cwiseAbs().maxCoeff() < 1e-13 * scale);
    CHECK((closed.hess_diag - numeric.hess_diag).cwiseAbs().maxCoeff() < 1e-13 * scale);
    // And the first-order change of r along a small jet direction.
    const Jet du = random_jet(D, B, 30);
    const double eps = 1e-6;
    Jet up = u, down = u;
    up.value += eps * du.value, up.grad += eps * du.grad, up.hess_diag += eps * du.hess_diag;
    down.value -= eps * du.value, down.grad -= eps * du.grad, down.hess_diag -= eps * du.hess_diag;
    Vec rp(B), rm(B);
    pde->residual(X, up, rp);
    pde->residual(X, down, rm);
    CHECK(r_bar.dot(rp - rm) / (2 * eps) == doctest::Approx(dot(closed, du)).epsilon(1e-7));
  }
}

TEST_CASE("The ansatz cotangent is the transpose of the solution-jet map") {
  // u(N) is affine in N's jet: <u_bar, u(N + dN) - u(N)> = <N_bar, dN> exactly.
  for (const char* name : {"hjb20", "hjb_lq", "heat", "poisson", "burgers", "hjb20_varying",
                           "heat_varying", "poisson_sines"}) {
    const std::string pde_name = name;
    CAPTURE(pde_name);
    const auto pde = make_pde(named(name, std::string(name) == "burgers" ? 0 : 3).first);
    const Eigen::Index D = pde->input_dim(), B = 11;
    Rng rng = make_rng(4, Stream::kSampling);
    const Mat X = pde->sample_collocation(rng, B);
    const Jet n = random_jet(D, B, 40), dn = random_jet(D, B, 50), u_bar = random_jet(D, B, 60);
    Jet moved = n, u0, u1, n_bar;
    moved.value += dn.value, moved.grad += dn.grad, moved.hess_diag += dn.hess_diag;
    pde->solution_jet(X, n, u0);
    pde->solution_jet(X, moved, u1);
    u1.value -= u0.value, u1.grad -= u0.grad, u1.hess_diag -= u0.hess_diag;
    pde->network_cotangent(X, u_bar, n_bar);
    CHECK(dot(u_bar, u1) == doctest::Approx(dot(n_bar, dn)).epsilon(1e-12));
  }
}

TEST_CASE("The stencil cotangent is the transpose of each estimator's read-out") {
  for (const char* name : {"sparse_grid", "monte_carlo", "finite_difference"}) {
    const std::string estimator_name = name;
    CAPTURE(estimator_name);
    const int D = 4;
    const auto est = make_estimator(named("hjb20", 0, name).second, D);
    const auto& stencil = dynamic_cast<const StencilEstimator&>(*est);
    const Eigen::Index K = stencil.shifts().cols(), B = 6;
    const Mat Y = random_matrix(K, B, 70);
    FixedStencil f(D, Y);
    Jet jet;
    est->estimate(f, Mat::Zero(D, B), jet);
    const Jet jet_bar = random_jet(D, B, 80);
    Mat Y_bar;
    stencil_cotangent(stencil, jet_bar, Y_bar);
    REQUIRE(Y_bar.rows() == K);
    REQUIRE(Y_bar.cols() == B);
    CHECK((Y_bar.array() * Y.array()).sum() == doctest::Approx(dot(jet_bar, jet)).epsilon(1e-12));
  }
}

TEST_CASE("HJB-20 loss gradients by back-propagation agree with finite differences") {
  // The flagship chain: sparse grid (level 3, sigma 0.1) on 21 -> 16 -> 1 sine networks,
  // the hidden layer TT ([3,7] -> [4,4], rank 2) or dense.
  PinnLossOptions o;
  o.n_collocation = 6;
  o.n_test = 10;
  PinnLoss loss = loss_for("hjb20", 0, "sparse_grid", o);
  for (bool tt : {true, false}) {
    CAPTURE(tt);
    tonn::Network net =
        tt ? small_network(21, {3, 7}, {4, 4}, 0, 5) : small_network(21, {}, {}, 16, 5);
    check_gradient(loss, net);
  }
}

TEST_CASE("Directional derivatives of the HJB reference model's loss match finite differences") {
  // The published model (21 -> 512 -> 512 -> 1, TT rank 2, SIREN w0 = 30, 1,929
  // parameters) with the published estimator: TT layers of four cores whose first has
  // modes of size 1, and 925 shifts per point, many blocks of them.
  PinnLossOptions o;
  o.n_collocation = 4;
  o.n_test = 10;
  PinnLoss loss = loss_for("hjb20", 0, "sparse_grid", o);
  tonn::Network net = tonn::make_hjb20_reference();
  Vec g;
  const double value = loss.loss_and_gradient(net, g);
  CHECK(value == loss.loss(net));
  const Vec theta = net.parameters();
  for (std::uint64_t seed : {1, 2, 3}) {
    CAPTURE(seed);
    const Vec v = random_matrix(theta.size(), 1, seed).normalized();
    const double fd = derivative_at_zero(
        [&](double t) {
          net.set_parameters(theta + t * v);
          return loss.loss(net);
        },
        1e-4);
    CHECK(g.dot(v) == doctest::Approx(fd).epsilon(1e-6));
  }
  net.set_parameters(theta);
}

TEST_CASE("Loss gradients with soft conditions agree with finite differences") {
  // Heat and Poisson carry boundary terms, Black-Scholes and Burgers terminal / initial
  // and boundary terms; Burgers' residual is nonlinear in (u, u_x).
  const std::pair<const char*, const char*> cases[] = {{"heat", "sparse_grid"},
                                                       {"heat", "monte_carlo"},
                                                       {"poisson", "finite_difference"},
                                                       {"black_scholes", "sparse_grid"},
                                                       {"burgers", "monte_carlo"}};
  PinnLossOptions o;
  o.n_collocation = 7;
  o.n_condition = 5;
  o.n_test = 10;
  for (const auto& [pde, est] : cases) {
    const std::string pde_name = pde, est_name = est;
    CAPTURE(pde_name);
    CAPTURE(est_name);
    PinnLoss loss = loss_for(pde, pde_name == "heat" ? 3 : 0, est, o);
    REQUIRE(!loss.pde().conditions().empty());
    const int D = loss.pde().input_dim();
    tonn::Network net = small_network(D, {}, {}, 10, 6);
    check_gradient(loss, net);
  }
}

TEST_CASE("Loss gradients need a stencil estimator") {
  PinnLossOptions o;
  o.n_test = 10;
  PinnLoss loss = loss_for("hjb20", 0, "exact", o);
  tonn::Network net = small_network(21, {}, {}, 8, 1);
  Vec g;
  CHECK_THROWS_AS(loss.loss_and_gradient(net, g), InputError);
}
