#include "pinn/variable_sampling.hpp"

#include <algorithm>
#include <cmath>
#include <random>

#include "core/error.hpp"

namespace tonnsim::pinn {

namespace {
constexpr double kSqrt2 = 1.41421356237309504880;
constexpr double kInvSqrt2Pi = 0.39894228040143267794;

double normal_cdf(double z) { return 0.5 * std::erfc(-z / kSqrt2); }
double normal_pdf(double z) { return kInvSqrt2Pi * std::exp(-0.5 * z * z); }

// Phi^-1(p) on the bracket [a, b] (Phi(a) <= p <= Phi(b)): Newton steps on Phi(z) - p,
// a bisection whenever a step leaves the bracket, to relative precision ~1e-15.
double normal_quantile(double p, double a, double b) {
  double z = std::clamp(0.5 * (a + b), a, b);
  for (int it = 0; it < 200; ++it) {
    const double f = normal_cdf(z) - p;
    if (f == 0.0) return z;
    (f > 0.0 ? b : a) = z;
    const double density = normal_pdf(z);
    double next = density > 0.0 ? z - f / density : 0.5 * (a + b);
    if (!(next > a && next < b)) next = 0.5 * (a + b);
    if (std::abs(next - z) <= 1e-15 * (1.0 + std::abs(z))) return next;
    z = next;
  }
  return z;
}

// The standardised range of a truncated normal, flipped to the lower tail when the range
// lies above the mean: returns the sign that maps a draw back (z = sign * z').
double lower_tail_range(const VariableSampling& s, double lo, double hi, double& a, double& b) {
  a = (lo - s.mean) / s.std;
  b = (hi - s.mean) / s.std;
  if (a <= 0.0) return 1.0;
  const double flipped_a = -b;
  b = -a;
  a = flipped_a;
  return -1.0;
}
}  // namespace

void VariableSampling::validate(const std::string& field, double lo, double hi) const {
  if (distribution == SamplingDistribution::kNormal) {
    require(std::isfinite(mean), field + ".mean", mean, "must be finite");
    require(std::isfinite(std) && std > 0.0, field + ".std", std, "must be > 0");
    double a = 0.0, b = 0.0;
    lower_tail_range(*this, lo, hi, a, b);
    const double mass = normal_cdf(b) - normal_cdf(a);
    require(mass >= 1e-12, field + ".mean", mean,
            "puts " + detail::to_text(mass) + " of the normal's mass in the range [" +
                detail::to_text(lo) + ", " + detail::to_text(hi) +
                "] (needs >= 1e-12): move the mean or widen std");
  } else if (distribution == SamplingDistribution::kBeta) {
    require(std::isfinite(alpha) && alpha > 0.0, field + ".alpha", alpha, "must be > 0");
    require(std::isfinite(beta) && beta > 0.0, field + ".beta", beta, "must be > 0");
  }
}

void sample_variable(Rng& rng, const VariableSampling& s, double lo, double hi,
                     Eigen::Ref<Vec> out) {
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  switch (s.distribution) {
    case SamplingDistribution::kUniform:
      for (Eigen::Index b = 0; b < out.size(); ++b) out(b) = lo + (hi - lo) * unit(rng);
      return;
    case SamplingDistribution::kNormal: {
      double a = 0.0, b = 0.0;
      const double sign = lower_tail_range(s, lo, hi, a, b);
      const double pa = normal_cdf(a), pb = normal_cdf(b);
      for (Eigen::Index k = 0; k < out.size(); ++k) {
        const double z = normal_quantile(pa + unit(rng) * (pb - pa), a, b);
        out(k) = std::clamp(s.mean + s.std * sign * z, lo, hi);
      }
      return;
    }
    case SamplingDistribution::kBeta: {
      std::gamma_distribution<double> ga(s.alpha, 1.0), gb(s.beta, 1.0);
      for (Eigen::Index k = 0; k < out.size(); ++k) {
        const double x = ga(rng), y = gb(rng);
        const double u = x + y > 0.0 ? x / (x + y) : unit(rng);  // both underflow: tiny shapes
        out(k) = lo + (hi - lo) * u;
      }
      return;
    }
  }
}

SamplingMoments sampling_moments(const VariableSampling& s, double lo, double hi) {
  const double w = hi - lo;
  switch (s.distribution) {
    case SamplingDistribution::kUniform: return {0.5 * (lo + hi), w * w / 12.0};
    case SamplingDistribution::kNormal: {
      double a = 0.0, b = 0.0;
      const double sign = lower_tail_range(s, lo, hi, a, b);
      const double Z = normal_cdf(b) - normal_cdf(a);
      const double r = (normal_pdf(a) - normal_pdf(b)) / Z;
      const double q = (a * normal_pdf(a) - b * normal_pdf(b)) / Z;
      return {s.mean + sign * s.std * r, s.std * s.std * (1.0 + q - r * r)};
    }
    case SamplingDistribution::kBeta: {
      const double ab = s.alpha + s.beta;
      return {lo + w * s.alpha / ab, w * w * s.alpha * s.beta / (ab * ab * (ab + 1.0))};
    }
  }
  return {};
}

}  // namespace tonnsim::pinn
