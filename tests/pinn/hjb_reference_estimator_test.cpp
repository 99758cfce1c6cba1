// The sparse-grid Stein estimator on the HJB-20 reference network (21 inputs, sine, TT
// rank 2; tonn/reference_models.hpp) against the exact jet of the smoothed network
// u_sigma(x) = E f(x + sigma z), sigma = 0.1, built from the network's exact forward-mode
// jets (smoothed_reference.hpp).
//
// Expected tolerance: a level-3 grid integrates degree <= 5 exactly, so the Stein
// estimates carry a degree-6 quadrature bias, O((sigma k)^2) relative in the Hessian
// diagonal and O((sigma k)^4) in the gradient for a network of frequency scale k. The
// tests predict that bias from the network's own fourth and fifth derivatives and check
// that the measured error is the prediction up to the next order, a further (sigma k)^2.
// SIREN's omega0 sets k: (sigma k)^2 ~ 0.02 at omega0 = 3, ~0.15 at 10 and ~0.6-0.8 at the
// default 30, where no sparse grid of practical level converges.
#include <doctest/doctest.h>

#include "pinn/domain_sampling.hpp"
#include "pinn/sparse_grid_stein.hpp"
#include "smoothed_reference.hpp"
#include "tonn/reference_models.hpp"

using namespace tonnsim;
using namespace tonnsim::pinn;
using namespace tonnsim::pinn::testing;

namespace {

constexpr int kDim = 21;
constexpr double kSigma = 0.1;  // the published HJB smoothing

tonn::Network hjb_network(double omega0) {
  tonn::Hjb20ReferenceOptions o;
  o.omega0 = omega0;
  return tonn::make_hjb20_reference(o);
}

// Collocation-like points in the HJB domain [0, 1]^21.
Mat hjb_points(Eigen::Index n, std::uint64_t seed = 9) {
  Rng rng = make_rng(seed, Stream::kSampling, 0);
  return sample_box(rng, Vec::Zero(kDim), Vec::Ones(kDim), n);
}

Jet stein_estimate(tonn::Network& f, const Mat& X, double sigma, int level) {
  SparseGridStein est(kDim, {sigma, level, true});
  Jet jet;
  est.estimate(f, X, jet);
  return jet;
}

Jet raw_jet(tonn::Network& f, const Mat& X) {
  Jet jet;
  jet.resize(kDim, X.cols());
  f.evaluate_jet(X, jet.value, jet.grad, jet.hess_diag);
  return jet;
}

double rel(const Mat& a, const Mat& b) { return (a - b).norm() / b.norm(); }

// estimate - reference is the predicted bias up to `tolerance` times the bias.
bool is_reference_plus_bias(const Mat& estimate, const Mat& reference, const Mat& bias,
                            double tolerance) {
  return (estimate - reference - bias).norm() <= tolerance * bias.norm();
}

}  // namespace

TEST_CASE("Sparse-grid Stein error on the HJB reference network is the predicted quadrature bias") {
  const Mat X = hjb_points(3);
  const SparseGrid grid = smolyak_gauss_hermite(kDim, 3);
  for (double omega0 : {3.0, 10.0}) {
    CAPTURE(omega0);
    tonn::Network f = hjb_network(omega0);
    const Jet ref = smoothed_jet_on_grid(f, X, kSigma, grid);
    const Jet est = stein_estimate(f, X, kSigma, 3);
    const Jet raw = raw_jet(f, X);
    const SteinBias bias = leading_stein_bias(f, X, kSigma, grid);
    // The next Taylor order is smaller than the leading bias by about (sigma k)^2.
    const double next_order = smoothing_scale_sq(ref.grad, raw.grad);
    MESSAGE("omega0 " << omega0 << ": (sigma k)^2 ~ " << next_order << "; level-3 error grad "
                      << rel(est.grad, ref.grad) << ", hess diag " << rel(est.hess_diag, ref.hess_diag)
                      << "; after removing the predicted bias grad "
                      << rel(est.grad - bias.grad, ref.grad) << ", hess diag "
                      << rel(est.hess_diag - bias.hess_diag, ref.hess_diag));
    CHECK(next_order < 0.3);  // inside the asymptotic range
    // Same nodes and weights for the value: the reference's own quadrature.
    CHECK(rel(est.value, ref.value) < 1e-11);
    CHECK(is_reference_plus_bias(est.grad, ref.grad, bias.grad, next_order));
    CHECK(is_reference_plus_bias(est.hess_diag, ref.hess_diag, bias.hess_diag, next_order));
    // The bias is resolved, so the checks above can tell it apart from other errors.
    CHECK(bias.grad.norm() > 1e-4 * ref.grad.norm());
    CHECK(bias.hess_diag.norm() > 0.03 * ref.hess_diag.norm());

    // Formula mistakes fail the same check: the Hessian weights without the -sigma^2 term
    // ((d_kj^2 - sigma^2) -> d_kj^2 adds (u_sigma - f) / sigma^2 to every entry), the
    // gradient's sigma^-2 as sigma^-3, the Hessian's sigma^-4 as sigma^-2.
    const Vec no_minus_one = (est.value - raw.value) / (kSigma * kSigma);
    const Mat hess_without_term = est.hess_diag.rowwise() + no_minus_one.transpose();
    CHECK_FALSE(is_reference_plus_bias(hess_without_term, ref.hess_diag, bias.hess_diag, next_order));
    CHECK_FALSE(is_reference_plus_bias(est.grad / kSigma, ref.grad, bias.grad, next_order));
    CHECK_FALSE(is_reference_plus_bias(est.hess_diag * kSigma * kSigma, ref.hess_diag,
                                       bias.hess_diag, next_order));
  }
}

TEST_CASE("Exact-jet sparse-grid reference of the smoothed HJB network agrees with Monte-Carlo") {
  // The deterministic reference above is validated here against antithetic Monte-Carlo of
  // the exact jets (unbiased, no quadrature) at the roughest network it is used for:
  // within 4 standard errors (norms over all entries; a ratio ~1 is expected).
  const Mat X = hjb_points(3);
  tonn::Network f = hjb_network(10.0);
  const Jet ref = smoothed_jet_on_grid(f, X, kSigma, smolyak_gauss_hermite(kDim, 3));
  const MonteCarloJet mc = smoothed_jet_monte_carlo(f, X, kSigma, 2000, 11);
  const double zv = (ref.value - mc.mean.value).norm() / mc.std_error.value.norm();
  const double zg = (ref.grad - mc.mean.grad).norm() / mc.std_error.grad.norm();
  const double zh = (ref.hess_diag - mc.mean.hess_diag).norm() / mc.std_error.hess_diag.norm();
  MESSAGE("omega0 10: reference - Monte-Carlo in standard errors: value " << zv << ", grad " << zg
                                                                          << ", hess diag " << zh);
  CHECK(zv < 4.0);
  CHECK(zg < 4.0);
  CHECK(zh < 4.0);
  // Monte-Carlo resolves the level-3 Stein bias (47 % in the Hessian here): the check above
  // is fine enough to see it.
  const Jet est = stein_estimate(f, X, kSigma, 3);
  const double zs = (est.hess_diag - mc.mean.hess_diag).norm() / mc.std_error.hess_diag.norm();
  MESSAGE("level-3 Stein Hessian - Monte-Carlo: " << zs << " standard errors");
  CHECK(zs > 20.0);
}

TEST_CASE("Level-3 and level-4 Stein estimates on a smooth HJB network converge at the grid's order") {
  // omega0 = 3: (sigma k)^2 ~ 0.02. Level 4 is exact to degree 7, so the level-3/level-4
  // difference is the level-3 bias: it falls like sigma^2 in the Hessian and sigma^4 in the
  // gradient, and level 4 is closer to the exact-jet reference.
  tonn::Network f = hjb_network(3.0);
  const Mat X = hjb_points(3);
  const double sigmas[2] = {0.1, 0.05};
  double dg[2], dh[2];
  for (int i = 0; i < 2; ++i) {
    const Jet l3 = stein_estimate(f, X, sigmas[i], 3), l4 = stein_estimate(f, X, sigmas[i], 4);
    dg[i] = rel(l3.grad, l4.grad);
    dh[i] = rel(l3.hess_diag, l4.hess_diag);
    if (i == 0) {
      const Jet ref = smoothed_jet_on_grid(f, X, sigmas[i], smolyak_gauss_hermite(kDim, 3));
      CHECK(rel(l4.hess_diag, ref.hess_diag) < 0.05 * rel(l3.hess_diag, ref.hess_diag));
      CHECK(rel(l4.grad, ref.grad) < 0.05 * rel(l3.grad, ref.grad));
    }
  }
  MESSAGE("omega0 3: |L3 - L4| at sigma 0.1: grad " << dg[0] << ", hess diag " << dh[0]
                                                   << "; orders " << std::log2(dg[0] / dg[1]) << ", "
                                                   << std::log2(dh[0] / dh[1]));
  CHECK(std::log2(dg[0] / dg[1]) == doctest::Approx(4.0).epsilon(0.05));
  CHECK(std::log2(dh[0] / dh[1]) == doctest::Approx(2.0).epsilon(0.05));
}

TEST_CASE("At the SIREN default omega0 = 30 a level-3 grid at sigma = 0.1 misses the smoothed Hessian") {
  // Documents the published configuration. (sigma k)^2 ~ 0.6-0.8, so the Taylor orders no
  // longer shrink and the grid's expected tolerance is the size of the leading bias itself,
  // larger than the smoothed Hessian. The exact-jet grid reference fails here too, so the
  // reference is Monte-Carlo. If the network gets smoother (another omega0 or training),
  // revisit docs that quote this regime.
  tonn::Network f = hjb_network(30.0);
  const Mat X = hjb_points(3);
  const SparseGrid grid = smolyak_gauss_hermite(kDim, 3);
  const MonteCarloJet mc = smoothed_jet_monte_carlo(f, X, kSigma, 2000, 12);
  const Jet est = stein_estimate(f, X, kSigma, 3);
  const Jet raw = raw_jet(f, X);
  const SteinBias bias = leading_stein_bias(f, X, kSigma, grid);
  const double scale = smoothing_scale_sq(mc.mean.grad, raw.grad);
  const double eg = rel(est.grad, mc.mean.grad), eh = rel(est.hess_diag, mc.mean.hess_diag);
  MESSAGE("omega0 30: (sigma k)^2 ~ " << scale << "; level-3 error vs Monte-Carlo: value "
                                      << rel(est.value, mc.mean.value) << ", grad " << eg
                                      << ", hess diag " << eh << "; predicted bias grad "
                                      << bias.grad.norm() / mc.mean.grad.norm() << ", hess diag "
                                      << bias.hess_diag.norm() / mc.mean.hess_diag.norm());
  CHECK(scale > 0.3);
  // Within the expected tolerance: the leading bias plus 4 standard errors, with 50 % slack
  // as the next orders are not small here.
  CHECK((est.grad - mc.mean.grad).norm() <=
        1.5 * bias.grad.norm() + 4.0 * mc.std_error.grad.norm());
  CHECK((est.hess_diag - mc.mean.hess_diag).norm() <=
        1.5 * bias.hess_diag.norm() + 4.0 * mc.std_error.hess_diag.norm());
  // ...which here means: the gradient is off by more than 10 %, the Hessian diagonal by
  // more than its own size.
  CHECK(eg > 0.1);
  CHECK(eh > 1.0);
}
