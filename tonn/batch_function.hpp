#pragma once
// The interface between networks (tonn/) and PINN losses (pinn/): a scalar field
// f: R^D -> R evaluated on whole batches, because every hot path here is batched.
#include <Eigen/Core>

#include "core/types.hpp"

namespace tonnsim::tonn {

using ConstMatRef = Eigen::Ref<const Mat>;
using MatRef = Eigen::Ref<Mat>;
using VecRef = Eigen::Ref<Vec>;

/// f: R^D -> R on a batch. Inputs are the columns of a D x B matrix.
/// Evaluation is non-const because a photonic model draws detector noise per inference
/// and keeps scratch buffers; implementations parallelise inside (OpenMP), callers call
/// from one thread.
class BatchFunction {
 public:
  virtual ~BatchFunction() = default;

  /// D, the input dimension.
  virtual int input_dim() const = 0;

  /// y(b) = f(X.col(b)). X: D x B; y: length B.
  virtual void evaluate(const ConstMatRef& X, VecRef y) = 0;

  /// Y(k, b) = f(X.col(b) + S.col(k)) for every point b and stencil shift k.
  /// X: D x B, S: D x K, Y: K x B. This is the call a derivative estimator makes, so a
  /// model whose first layer is linear should override it: W (x + s) = W x + W s, with
  /// W s computed once per call rather than once per point. The default forms all K*B
  /// points and calls evaluate() on them in chunks.
  virtual void evaluate_stencil(const ConstMatRef& X, const ConstMatRef& S, MatRef Y);
};

/// A BatchFunction with exact derivatives, for the ideal digital model (first-order
/// reference, and to test the BP-free estimators).
class DifferentiableBatchFunction : public BatchFunction {
 public:
  /// value(b) = f(x_b), grad(:, b) = grad f(x_b) (D x B),
  /// hess_diag(:, b) = (d^2 f / d x_j^2)(x_b) for j = 1..D (D x B).
  virtual void evaluate_jet(const ConstMatRef& X, VecRef value, MatRef grad,
                            MatRef hess_diag) = 0;
};

}  // namespace tonnsim::tonn
