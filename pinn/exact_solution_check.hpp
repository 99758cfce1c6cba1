#pragma once
// Does a PDE's exact solution satisfy its own residual and conditions? The check behind
// `tonnsim check` for a PDE written in a scenario, where a typo in `exact` or in the
// residual would otherwise only show as a run that never converges.
#include <string>

#include "core/rng.hpp"
#include "pinn/pde.hpp"

namespace tonnsim::pinn {

/// The exact solution's defects at random points.
struct ExactSolutionCheck {
  Eigen::Index points = 0;      ///< collocation points checked (and as many per condition)
  double residual_max = 0.0;    ///< max_b |r(u_exact)(x_b)|
  Vec residual_point;           ///< the point of residual_max
  /// Bound on residual_max from the jet's own error: 1e-6 (1 + max_b s_b), s_b = |u| +
  /// sum_j (|u_j| + |u_jj|). The 4th-order differences of a default exact_jet err by
  /// about D eps / h^2 ~ 1e-8 of s (h = 1e-3), so a correct solution sits far below it
  /// and a wrong one (an O(1) defect) far above.
  double residual_tolerance = 0.0;
  double condition_max = 0.0;   ///< max over condition points |u_exact - target|
  std::string condition_name;   ///< the condition of condition_max
  double condition_tolerance = 0.0;  ///< 1e-8 (1 + max |u_exact|): both are plain values
  bool satisfied() const {
    return residual_max <= residual_tolerance && condition_max <= condition_tolerance;
  }
};

/// Evaluates the residual of Pde::exact_jet at n collocation points and the mismatch of
/// Pde::exact against each soft condition's target at n of its points. A NaN anywhere
/// counts as a violation.
ExactSolutionCheck check_exact_solution(const Pde& pde, Rng& rng, Eigen::Index n);

}  // namespace tonnsim::pinn
