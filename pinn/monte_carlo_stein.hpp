#pragma once
// Monte-Carlo Stein estimator with antithetic pairs.
#include <cstdint>

#include "pinn/stencil_estimator.hpp"

namespace tonnsim::pinn {

struct MonteCarloSteinOptions {
  /// Smoothing standard deviation (input units); same meaning as for the sparse grid.
  double sigma = 0.1;
  /// Antithetic pairs N: 2N + 1 network evaluations per point. The random error falls like
  /// N^-1/2; the sparse grid's error is deterministic instead. Both carry the smoothing
  /// bias of u_sigma: its Hessian differs from f's by (sigma^2 / 2) grad^2 Lap f + ... =
  /// O(sigma^2), and the level-L grid is exact only up to degree 2L - 3 in the Hessian, so
  /// its Hessian bias is O(sigma^2) as well (not O(sigma^(2L))).
  int n_pairs = 64;
  /// Master seed of the direction stream (make_rng(seed, Stream::kOther, step)).
  std::uint64_t seed = 0;

  void validate() const;
};

/// Stein's identities with N antithetic Gaussian pairs z_i ~ N(0, I_D):
///   u_sigma(x)       ~ 1/N sum_i [f(x + sigma z_i) + f(x - sigma z_i)] / 2
///   grad u_sigma(x)  ~ 1/N sum_i z_i [f(x + sigma z_i) - f(x - sigma z_i)] / (2 sigma)
///   d2 u_sigma/dx_j2 ~ 1/N sum_i (z_ij^2 - 1) [f(x + sigma z_i) + f(x - sigma z_i) - 2 f(x)]
///                      / (2 sigma^2)
/// The pairing cancels the even (odd) Taylor terms of f in the gradient (Hessian)
/// estimate: a constant offset never enters the gradient, a linear part never enters
/// the Hessian, whatever the samples. One direction
/// set is shared by all points of a step (one stencil, one network call), redrawn by
/// begin_step().
class MonteCarloStein : public StencilEstimator {
 public:
  MonteCarloStein(int input_dim, const MonteCarloSteinOptions& options);
  EstimatorKind kind() const override { return EstimatorKind::kMonteCarlo; }
  void begin_step(std::uint64_t step) override;
  const MonteCarloSteinOptions& options() const { return options_; }

 private:
  MonteCarloSteinOptions options_;
  int dim_;
};

}  // namespace tonnsim::pinn
