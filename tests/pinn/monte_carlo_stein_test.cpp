#include <doctest/doctest.h>

#include <cmath>

#include "core/error.hpp"
#include "pinn/domain_sampling.hpp"
#include "pinn/monte_carlo_stein.hpp"
#include "test_functions.hpp"

using namespace tonnsim;
using namespace tonnsim::pinn;
using testing::SineMlp;

namespace {
Mat points(int dim, Eigen::Index n) {
  Rng rng = make_rng(4, Stream::kSampling, 0);
  return sample_box(rng, Vec::Constant(dim, -1.0), Vec::Ones(dim), n);
}

/// RMS over repetitions (steps) of the relative gradient and Hessian errors.
std::pair<double, double> mc_error(SineMlp& f, const SineMlp& smooth, int n_pairs, int reps) {
  const int D = f.input_dim();
  const double sigma = 0.3;
  MonteCarloStein est(D, {sigma, n_pairs, 11});
  const Mat X = points(D, 16);
  Jet ref, jet;
  ref.resize(D, X.cols());
  smooth.jet_of(X, ref.value, ref.grad, ref.hess_diag);
  double eg = 0.0, eh = 0.0;
  for (int r = 0; r < reps; ++r) {
    est.begin_step(std::uint64_t(r));
    est.estimate(f, X, jet);
    eg += (jet.grad - ref.grad).squaredNorm() / ref.grad.squaredNorm();
    eh += (jet.hess_diag - ref.hess_diag).squaredNorm() / ref.hess_diag.squaredNorm();
  }
  return {std::sqrt(eg / reps), std::sqrt(eh / reps)};
}
}  // namespace

TEST_CASE("Monte-Carlo Stein error falls like N^-1/2 towards the smoothed derivatives") {
  SineMlp f(5, 12, 1.0);
  const SineMlp smooth = f.smoothed(0.3);
  const auto [g16, h16] = mc_error(f, smooth, 16, 12);
  const auto [g1k, h1k] = mc_error(f, smooth, 1024, 12);
  MESSAGE("grad rel err N=16: " << g16 << ", N=1024: " << g1k << "; hess " << h16 << ", " << h1k);
  // 64x the samples: 8x smaller error expected; allow a factor 2 either way.
  CHECK(g16 / g1k > 4.0);
  CHECK(g16 / g1k < 16.0);
  CHECK(h16 / h1k > 4.0);
  CHECK(h16 / h1k < 16.0);
}

TEST_CASE("Antithetic pairs cancel a linear part in the Hessian and a constant in the gradient") {
  MonteCarloStein est(6, {0.5, 3, 7});
  const Mat X = points(6, 4);
  Jet jet;
  testing::ForwardOnly linear(6);  // f = sum x
  est.estimate(linear, X, jet);
  CHECK(jet.hess_diag.cwiseAbs().maxCoeff() < 1e-12);
  CHECK((jet.value - X.colwise().sum().transpose()).cwiseAbs().maxCoeff() < 1e-12);
  // Three pairs are far from E z z^T = I, so the gradient itself is not exact ...
  CHECK((jet.grad.array() - 1.0).abs().maxCoeff() > 1e-3);
  testing::Constant constant(6, 5.0);
  est.estimate(constant, X, jet);
  CHECK(jet.grad.cwiseAbs().maxCoeff() < 1e-12);  // ... but a constant never leaks in.
  CHECK(jet.hess_diag.cwiseAbs().maxCoeff() < 1e-10);
}

TEST_CASE("Monte-Carlo directions are fixed within a step and redrawn across steps") {
  MonteCarloStein est(3, {0.1, 4, 9});
  const Mat s0 = est.shifts();
  est.begin_step(0);
  CHECK(est.shifts() == s0);
  est.begin_step(1);
  CHECK(est.shifts() != s0);
  CHECK(est.evaluations_per_point() == 9);
  MonteCarloStein same_seed(3, {0.1, 4, 9});
  CHECK(same_seed.shifts() == s0);
}

TEST_CASE("Monte-Carlo Stein options reject sigma <= 0 and N < 1 by name") {
  CHECK_THROWS_WITH_AS(MonteCarloStein(3, {-1.0, 4, 0}), doctest::Contains("sigma = -1"),
                       InputError);
  CHECK_THROWS_WITH_AS(MonteCarloStein(3, {0.1, 0, 0}), doctest::Contains("n_pairs = 0"),
                       InputError);
}
