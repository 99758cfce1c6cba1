#pragma once
// A second-order "jet" of a scalar field on a batch: value, gradient and the diagonal of
// the Hessian. It is what a derivative estimator returns for the network and what a PDE
// residual consumes for the solution (after the hard-constraint ansatz).
#include <Eigen/Core>

#include "core/types.hpp"

namespace tonnsim::pinn {

/// Jet of f at the columns x_b of a D x B batch.
struct Jet {
  Vec value;      ///< f(x_b), length B
  Mat grad;       ///< d f / d x_j at x_b, D x B
  Mat hess_diag;  ///< d^2 f / d x_j^2 at x_b, D x B

  /// Sizes the members; allocates only when the shape changes.
  void resize(Eigen::Index dim, Eigen::Index batch) {
    value.resize(batch);
    grad.resize(dim, batch);
    hess_diag.resize(dim, batch);
  }
  Eigen::Index dim() const { return grad.rows(); }
  Eigen::Index batch() const { return value.size(); }
};

}  // namespace tonnsim::pinn
