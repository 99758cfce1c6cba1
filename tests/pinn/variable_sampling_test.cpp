#include <doctest/doctest.h>

#include <cmath>
#include <string>

#include "core/error.hpp"
#include "core/rng.hpp"
#include "pinn/expression_pde.hpp"
#include "pinn/variable_sampling.hpp"

using namespace tonnsim;
using namespace tonnsim::pinn;

namespace {

VariableSampling normal(double mean, double std) {
  VariableSampling s;
  s.distribution = SamplingDistribution::kNormal;
  s.mean = mean;
  s.std = std;
  return s;
}

VariableSampling beta(double a, double b) {
  VariableSampling s;
  s.distribution = SamplingDistribution::kBeta;
  s.alpha = a;
  s.beta = b;
  return s;
}

// The sample mean and variance of n seeded draws against the closed forms, each within
// 5 standard errors computed from n: sqrt(var / n) for the mean and
// sqrt((m4 - var^2) / n) for the variance (m4 the sample's fourth central moment). A
// wrong law (a shifted mean, an untruncated or differently truncated normal, swapped
// beta shapes) moves a moment by far more than that at n = 2e5.
void check_moments(const VariableSampling& s, double lo, double hi, std::uint64_t seed) {
  const Eigen::Index n = 200000;
  Rng rng = make_rng(seed, Stream::kSampling, 0);
  Vec x(n);
  sample_variable(rng, s, lo, hi, x);
  CHECK(x.minCoeff() >= lo);
  CHECK(x.maxCoeff() <= hi);
  const SamplingMoments want = sampling_moments(s, lo, hi);
  const double mean = x.mean();
  const Vec centred = x.array() - mean;
  const double var = centred.squaredNorm() / double(n - 1);
  const double m4 = centred.array().square().square().mean();
  const double se_mean = std::sqrt(want.variance / double(n));
  const double se_var = std::sqrt(std::max(m4 - var * var, 0.0) / double(n));
  INFO("distribution " << to_string(s.distribution) << " on [" << lo << ", " << hi << "]: mean "
                       << mean << " (closed form " << want.mean << ", se " << se_mean
                       << "), variance " << var << " (" << want.variance << ", se " << se_var
                       << ")");
  CHECK(std::abs(mean - want.mean) < 5.0 * se_mean);
  CHECK(std::abs(var - want.variance) < 5.0 * se_var);
}

}  // namespace

TEST_CASE("Sampled moments match the closed forms of each collocation distribution") {
  check_moments(VariableSampling{}, -1.0, 3.0, 1);                  // uniform
  check_moments(normal(0.2, 0.3), -1.0, 1.0, 2);                    // mostly inside
  check_moments(normal(0.0, 2.0), -1.0, 1.0, 3);                    // wide: near uniform
  check_moments(normal(-2.0, 0.5), 0.0, 1.0, 4);                    // range above the mean
  check_moments(normal(5.0, 1.0), -1.0, 1.0, 5);                    // 4-6 std below the mean
  check_moments(beta(0.5, 2.0), 0.0, 1.0, 6);                       // piles up near lo
  check_moments(beta(2.0, 5.0), -1.0, 3.0, 7);                      // scaled to the range
}

TEST_CASE("The closed-form moments reduce to the uniform and untruncated laws") {
  // Beta(1, 1) is uniform; a normal with a range of +-40 std is untruncated.
  const SamplingMoments b = sampling_moments(beta(1.0, 1.0), 0.0, 2.0);
  CHECK(b.mean == doctest::Approx(1.0));
  CHECK(b.variance == doctest::Approx(4.0 / 12.0));
  const SamplingMoments g = sampling_moments(normal(0.3, 0.05), -1.0, 1.0);
  CHECK(g.mean == doctest::Approx(0.3).epsilon(1e-12));
  CHECK(g.variance == doctest::Approx(0.0025).epsilon(1e-12));
  // Half-normal on [m, inf): mean m + std sqrt(2/pi), variance std^2 (1 - 2/pi).
  const SamplingMoments h = sampling_moments(normal(0.0, 1.0), 0.0, 60.0);
  CHECK(h.mean == doctest::Approx(std::sqrt(2.0 / M_PI)).epsilon(1e-12));
  CHECK(h.variance == doctest::Approx(1.0 - 2.0 / M_PI).epsilon(1e-12));
}

TEST_CASE("A sampling law is validated with its field, value and rule") {
  CHECK_THROWS_WITH_AS(normal(0.0, 0.0).validate("expression.sampling.t", 0.0, 1.0),
                       "expression.sampling.t.std = 0: must be > 0", InputError);
  CHECK_THROWS_WITH_AS(beta(-1.0, 1.0).validate("expression.sampling.x1", 0.0, 1.0),
                       "expression.sampling.x1.alpha = -1: must be > 0", InputError);
  // 20 std from the range: no mass left to sample.
  CHECK_THROWS_AS(normal(21.0, 1.0).validate("s", 0.0, 1.0), InputError);
  CHECK_NOTHROW(normal(6.0, 1.0).validate("s", 0.0, 1.0));
}

TEST_CASE("An expression PDE samples collocation points per variable and test points uniformly") {
  ExpressionPdeOptions o;
  o.ranges = {{"x", {-1.0, 1.0}}, {"t", {0.0, 1.0}}};
  o.residual = "u_t - lap_u";
  o.sampling = {{"x", normal(0.0, 0.25)}, {"x2", VariableSampling{}}, {"t", beta(0.5, 1.0)}};
  const ExpressionPde pde(o, 3);
  Rng rng = make_rng(11, Stream::kSampling, 0);
  const Eigen::Index n = 50000;
  const Mat X = pde.sample_collocation(rng, n);
  const double var_tol = 5.0 * std::sqrt(2.0 / double(n));
  const auto var = [](const Eigen::RowVectorXd& r) {
    return (r.array() - r.mean()).square().sum() / double(r.size() - 1);
  };
  // x1, x3: N(0, 0.25^2) barely truncated at +-4 std; x2 overrides "x": uniform
  // (variance 1/3); t ~ Beta(1/2, 1): mean 1/3. Tolerances: 5 standard errors; the
  // sample variance's relative standard error is sqrt((kurtosis - 1) / n) <= sqrt(2 / n)
  // for these laws (kurtosis 3 for the normal, 1.8 for the uniform).
  const SamplingMoments x = sampling_moments(normal(0.0, 0.25), -1.0, 1.0);
  for (int row : {0, 2}) {
    CHECK(std::abs(X.row(row).mean() - x.mean) < 5.0 * std::sqrt(x.variance / double(n)));
    CHECK(var(X.row(row)) == doctest::Approx(x.variance).epsilon(var_tol));
  }
  CHECK(var(X.row(1)) == doctest::Approx(1.0 / 3.0).epsilon(var_tol));
  const double t_sd = std::sqrt(sampling_moments(beta(0.5, 1.0), 0.0, 1.0).variance);
  CHECK(std::abs(X.row(3).mean() - 1.0 / 3.0) < 5.0 * t_sd / std::sqrt(double(n)));
  const Mat T = pde.sample_test(rng, n);
  CHECK(std::abs(T.row(3).mean() - 0.5) < 5.0 * std::sqrt(1.0 / 12.0 / double(n)));
  CHECK(var(T.row(0)) == doctest::Approx(1.0 / 3.0).epsilon(var_tol));

  ExpressionPdeOptions ball = o;
  ball.shape = DomainShape::kBall;
  ball.ranges = {{"t", {0.0, 1.0}}};
  CHECK_THROWS_AS(ExpressionPde(ball, 3), InputError);  // a ball takes t's law only
  ball.sampling = {{"t", beta(0.5, 1.0)}};
  const ExpressionPde ok(ball, 3);
  const Mat B = ok.sample_collocation(rng, 1000);
  CHECK(B.topRows(3).colwise().norm().maxCoeff() <= 1.0 + 1e-12);
}
