#pragma once
// Collocation distributions of one input variable on its range [lo, hi]: uniform (the
// default), a normal truncated to the range, or a beta law scaled to it (e.g. to weight
// early times of an evolution problem).
#include <array>
#include <string>
#include <utility>

#include "core/enum_names.hpp"
#include "core/rng.hpp"
#include "core/types.hpp"

namespace tonnsim::pinn {

enum class SamplingDistribution {
  kUniform,  ///< density 1 / (hi - lo)
  kNormal,   ///< N(mean, std^2) conditioned on [lo, hi] (truncated normal)
  kBeta,     ///< lo + (hi - lo) B, B ~ Beta(alpha, beta): density ~ s^(alpha-1) (1-s)^(beta-1)
};

/// One variable's collocation distribution. Non-uniform sampling changes what the
/// residual loss averages over (the loss is the mean squared residual under this law,
/// not under the uniform one): more points where the solution is hard, as in
/// residual-based or causal sampling (Wu et al., CMAME 403, 2023; Wang, Sankaran and
/// Perdikaris, CMAME 421, 2024). The test set stays uniform.
struct VariableSampling {
  SamplingDistribution distribution = SamplingDistribution::kUniform;
  double mean = 0.0;   ///< normal: mean of the normal before truncation, in the variable's units
  double std = 1.0;    ///< normal: standard deviation before truncation (> 0)
  double alpha = 1.0;  ///< beta: first shape (> 0); alpha < 1 piles points near lo
  double beta = 1.0;   ///< beta: second shape (> 0); Beta(1, 1) is uniform

  /// `field` prefixes the messages ("expression.sampling.t").
  void validate(const std::string& field, double lo, double hi) const;
};

/// Fills `out` with independent draws of the distribution on [lo, hi]. Truncated normal:
/// inversion, z = Phi^-1(Phi(a) + U (Phi(b) - Phi(a))) with a, b the standardised range
/// ends, taken in the lower tail (by symmetry) so that Phi keeps its relative precision
/// far from the mean; one uniform per draw. Beta: G_a / (G_a + G_b), G ~ Gamma(shape, 1).
void sample_variable(Rng& rng, const VariableSampling& s, double lo, double hi,
                     Eigen::Ref<Vec> out);

/// Mean and variance of the distribution on [lo, hi] in closed form (truncated normal:
/// Johnson, Kotz and Balakrishnan, Continuous Univariate Distributions 1, ch. 13).
struct SamplingMoments {
  double mean = 0.0;
  double variance = 0.0;
};
SamplingMoments sampling_moments(const VariableSampling& s, double lo, double hi);

}  // namespace tonnsim::pinn

namespace tonnsim {
template <>
struct EnumNames<pinn::SamplingDistribution> {
  static constexpr const char* type = "sampling distribution";
  static constexpr std::array<std::pair<pinn::SamplingDistribution, const char*>, 3> names{
      {{pinn::SamplingDistribution::kUniform, "uniform"},
       {pinn::SamplingDistribution::kNormal, "normal"},
       {pinn::SamplingDistribution::kBeta, "beta"}}};
};
}  // namespace tonnsim
