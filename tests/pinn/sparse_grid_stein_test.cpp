#include <doctest/doctest.h>

#include <cmath>

#include "core/error.hpp"
#include "core/timer.hpp"
#include "pinn/domain_sampling.hpp"
#include "pinn/sparse_grid_stein.hpp"
#include "test_functions.hpp"

using namespace tonnsim;
using namespace tonnsim::pinn;
using testing::Cubic;
using testing::SineMlp;

namespace {
Mat random_points(int dim, Eigen::Index n, std::uint64_t seed = 3) {
  Rng rng = make_rng(seed, Stream::kSampling, 0);
  return sample_box(rng, Vec::Constant(dim, -1.0), Vec::Ones(dim), n);
}
double rel(const Mat& a, const Mat& b) { return (a - b).norm() / b.norm(); }
}  // namespace

TEST_CASE("Sparse-grid Stein stencil has 925 distinct shifts, 1851 in the published layout") {
  SparseGridStein merged(21, {0.1, 3, true});
  SparseGridStein published(21, {0.1, 3, false});
  CHECK(merged.evaluations_per_point() == 925);
  CHECK(published.evaluations_per_point() == 2 * 925 + 1);
  // The smoothed value needs every node: no value-only shortcut for boundary points.
  CHECK(merged.head_value_evaluations_per_point() == 925);
  // Same estimates either way.
  SineMlp f(21, 16, 0.3);
  const Mat X = random_points(21, 7);
  Jet a, b;
  merged.estimate(f, X, a);
  published.estimate(f, X, b);
  CHECK(rel(a.value, b.value) < 1e-12);
  CHECK(rel(a.grad, b.grad) < 1e-10);
  CHECK(rel(a.hess_diag, b.hess_diag) < 1e-9);  // Y_k - Y_0 over sigma^2: round-off
}

TEST_CASE("Sparse-grid Stein estimate is one batched network call") {
  SparseGridStein est(6, {});
  SineMlp f(6, 8, 1.0);
  Jet jet;
  est.estimate(f, random_points(6, 10), jet);
  CHECK(f.stencil_calls == 1);
  CHECK(f.evaluate_calls == 0);
  CHECK(f.jet_calls == 0);
}

TEST_CASE("Sparse-grid Stein returns the exact smoothed jet of a cubic in 21 dimensions") {
  const int D = 21;
  const double sigma = 0.3;  // large, so the smoothing terms sigma^2/2 Lap f are visible
  Cubic f(D);
  SparseGridStein est(D, {sigma, 3, true});
  const Mat X = random_points(D, 5);
  Jet jet, smooth, raw;
  est.estimate(f, X, jet);
  for (Jet* j : {&smooth, &raw}) j->resize(D, X.cols());
  f.smoothed_jet(X, sigma, smooth.value, smooth.grad, smooth.hess_diag);
  f.evaluate_jet(X, raw.value, raw.grad, raw.hess_diag);
  CHECK(rel(jet.value, smooth.value) < 1e-12);
  CHECK(rel(jet.grad, smooth.grad) < 1e-11);
  CHECK(rel(jet.hess_diag, smooth.hess_diag) < 1e-10);
  // The smoothed jet is not the raw one, so the check above can tell them apart.
  CHECK(rel(raw.grad, smooth.grad) > 1e-3);
  CHECK(rel(raw.value, smooth.value) > 1e-3);
  Vec v(X.cols());
  est.value(f, X, v);
  CHECK(rel(v, smooth.value) < 1e-12);
}

TEST_CASE("Sparse-grid Stein returns the exact jet of a quadratic") {
  const int D = 8;
  Cubic f(D, 5);
  f.a.setZero();
  f.b.setZero();
  SparseGridStein est(D, {0.5, 3, true});
  const Mat X = random_points(D, 6);
  Jet jet, raw;
  raw.resize(D, X.cols());
  est.estimate(f, X, jet);
  f.evaluate_jet(X, raw.value, raw.grad, raw.hess_diag);
  CHECK(rel(jet.grad, raw.grad) < 1e-12);
  CHECK(rel(jet.hess_diag, raw.hess_diag) < 1e-11);
  // Smoothing shifts a quadratic's value by sigma^2/2 Lap f = sigma^2 sum e.
  CHECK(rel(jet.value, (raw.value.array() + 0.25 * f.e.sum()).matrix()) < 1e-12);
}

TEST_CASE("Sparse-grid Stein error on a sine network falls with the order of the grid") {
  // A level-3 grid is exact to degree 5 in z. The first Taylor term it misses is of
  // degree 6 in z: sigma^4 relative in the gradient (z times a 5th-order term) and
  // sigma^2 in the Hessian ((z_j^2 - 1) times a 4th-order term).
  const int D = 21;
  SineMlp f(D, 32, 0.4);
  const Mat X = random_points(D, 20);
  double eg[2], eh[2], ev[2];
  const double sigmas[2] = {0.1, 0.05};  // 0.1 as in the HJB runs
  for (int i = 0; i < 2; ++i) {
    SineMlp smooth = f.smoothed(sigmas[i]);
    SparseGridStein est(D, {sigmas[i], 3, true});
    Jet jet, ref;
    ref.resize(D, X.cols());
    est.estimate(f, X, jet);
    smooth.jet_of(X, ref.value, ref.grad, ref.hess_diag);
    eg[i] = rel(jet.grad, ref.grad);
    eh[i] = rel(jet.hess_diag, ref.hess_diag);
    ev[i] = rel(jet.value, ref.value);
  }
  MESSAGE("sine network, sigma 0.1: value rel err " << ev[0] << ", grad " << eg[0]
                                                    << ", hess diag " << eh[0]);
  CHECK(std::log2(eg[0] / eg[1]) == doctest::Approx(4.0).epsilon(0.1));
  CHECK(std::log2(eh[0] / eh[1]) == doctest::Approx(2.0).epsilon(0.1));
  CHECK(eg[0] < 1e-3);
  CHECK(eh[0] < 0.1);
  CHECK(ev[0] < 1e-5);
}

namespace {
/// f = 1 with a free stencil call, so timing an estimate() times the read-out alone.
class FreeStencil : public tonn::BatchFunction {
 public:
  int input_dim() const override { return 21; }
  void evaluate(const ConstMatRef&, VecRef y) override { y.setOnes(); }
  void evaluate_stencil(const ConstMatRef&, const ConstMatRef&, MatRef Y) override {
    Y.setOnes();
  }
};
}  // namespace

TEST_CASE("Sparse-grid Stein read-out is cheap next to the network evaluations") {
  // HJB sizes: D = 21, 100 points, 925 shifts, i.e. 92,500 network evaluations per call.
  FreeStencil f;
  SparseGridStein est(21, {});
  const Mat X = random_points(21, 100);
  Jet jet;
  est.estimate(f, X, jet);  // warm-up: sizes the scratch
  Stopwatch sw;
  for (int i = 0; i < 20; ++i) est.estimate(f, X, jet);
  const double per_call = sw.seconds() / 20;
  MESSAGE("D=21, B=100, K=925: read-out " << per_call * 1e6 << " us per estimate ("
                                          << per_call / 92500 * 1e9 << " ns per evaluation)");
  CHECK(jet.grad.cwiseAbs().maxCoeff() < 1e-9);
  CHECK(jet.hess_diag.cwiseAbs().maxCoeff() < 1e-6);
  CHECK((jet.value.array() - 1.0).abs().maxCoeff() < 1e-12);
}

TEST_CASE("Sparse-grid Stein options reject sigma <= 0 and level < 3 by name") {
  CHECK_THROWS_WITH_AS(SparseGridStein(3, {0.0, 3, true}), doctest::Contains("sigma = 0"),
                       InputError);
  CHECK_THROWS_WITH_AS(SparseGridStein(3, {0.1, 0, true}), doctest::Contains("level = 0"),
                       InputError);
  SparseGridStein est(3, {});
  SineMlp wrong(4, 4, 1.0);
  Jet jet;
  CHECK_THROWS_WITH_AS(est.estimate(wrong, Mat::Zero(3, 2), jet),
                       doctest::Contains("network input_dim = 4"), InputError);
}

TEST_CASE("Sparse-grid Stein rejects level 2, whose Hessian weights miss a quadratic's cross moments") {
  // The Stein Hessian needs E[(z_j^2 - 1) z_i^2] = 0 for i != j (and 2 for i = j). A
  // level-2 grid (axis nodes +-e_i and the origin) integrates degree 3 only: it gives -1
  // off the diagonal and 0 on it, so its Laplacian of a quadratic is -(D-1)/2 times the
  // true one. A level-3 grid gets both moments.
  const int D = 21;
  for (int level : {2, 3}) {
    const SparseGrid g = smolyak_gauss_hermite(D, level);
    double off = 0.0, diag = 0.0;
    for (Eigen::Index k = 0; k < g.size(); ++k) {
      const double z0 = g.nodes(0, k), z1 = g.nodes(1, k);
      off += g.weights(k) * (z0 * z0 - 1.0) * z1 * z1;
      diag += g.weights(k) * (z0 * z0 - 1.0) * z0 * z0;
    }
    CAPTURE(level);
    if (level == 2) {
      CHECK(off == doctest::Approx(-1.0));
      CHECK(diag == doctest::Approx(0.0));
    } else {
      CHECK(std::abs(off) < 1e-12);
      CHECK(diag == doctest::Approx(2.0));
    }
  }
  CHECK_THROWS_WITH_AS(SparseGridStein(3, {0.1, 2, true}), doctest::Contains("level = 2"),
                       InputError);
  CHECK_THROWS_WITH_AS(SparseGridStein(3, {0.1, 2, true}), doctest::Contains("finite_difference"),
                       InputError);
}
