#pragma once
// Central finite differences: the plain forward-only baseline without smoothing.
#include "pinn/stencil_estimator.hpp"

namespace tonnsim::pinn {

struct FiniteDifferenceOptions {
  /// Step h (input units). Truncation error O(h^2); round-off grows like eps / h^2 in the
  /// second derivative, so h ~ 1e-3 to 1e-2 in double precision, larger under chip noise.
  double step = 1e-3;

  void validate() const;
};

/// f'_j(x) ~ [f(x + h e_j) - f(x - h e_j)] / (2h),
/// f''_jj(x) ~ [f(x + h e_j) + f(x - h e_j) - 2 f(x)] / h^2, value f(x).
/// Stencil {0, +h e_j, -h e_j}: 2D + 1 evaluations per point.
class FiniteDifference : public StencilEstimator {
 public:
  FiniteDifference(int input_dim, const FiniteDifferenceOptions& options);
  EstimatorKind kind() const override { return EstimatorKind::kFiniteDifference; }

 private:
  FiniteDifferenceOptions options_;
};

}  // namespace tonnsim::pinn
