#pragma once
// Sparse-grid Stein estimator of a Gaussian-smoothed network's derivatives.
#include "pinn/sparse_grid.hpp"
#include "pinn/stencil_estimator.hpp"

namespace tonnsim::pinn {

struct SparseGridSteinOptions {
  /// Smoothing standard deviation (input units). 0.1 for the 20-dim HJB, 1e-3 for the
  /// 2-D PDEs (design notes). Larger sigma means lower estimator variance and more bias.
  double sigma = 0.1;
  /// Smolyak level L: exact for polynomials of degree 2L - 1 in z. Level 3 (degree 5) is
  /// the published choice and the lowest accepted: the Hessian weights (z^2 - 1) times a
  /// cubic Taylor part stay within degree 5; at level 2 they do not even integrate a
  /// quadratic's (degree 4), and the estimate is -(D-1)/2 times its Laplacian.
  int level = 3;
  /// The grid is symmetric, so x - d_k is x + d_{k'} for the mirror node k'. True
  /// evaluates each distinct point once (K = grid size, 925 for D = 21, L = 3); false
  /// evaluates the published stencil {0} U {+d_k} U {-d_k} over all nodes
  /// (2K + 1 = 1851), e.g. to charge the published number of chip inferences. Both give
  /// the same estimates.
  bool merge_mirror_shifts = true;

  void validate() const;
};

/// Stein's identities for u_sigma(x) = E f(x + sigma z), z ~ N(0, I_D), evaluated on the
/// GQN sparse grid {z_k, w_k} with d_k = sigma z_k:
///   u_sigma(x)          ~ sum_k w_k f(x + d_k)
///   grad u_sigma(x)     ~ sum_k w_k d_k [f(x + d_k) - f(x - d_k)] / (2 sigma^2)
///   d2 u_sigma / dx_j^2 ~ sum_k w_k (d_kj^2 - sigma^2) [f(x + d_k) + f(x - d_k) - 2 f(x)]
///                         / (2 sigma^4)
/// (Stein, Ann. Stat. 9, 1981; used for BP-free PINN training by Zhao et al., "Real-time
/// FPGA/photonic PINN training", 2023). Exact for f polynomial of degree <= 2L - 3 in the
/// Hessian and 2L - 2 in the gradient, i.e. for cubics at L = 3.
class SparseGridStein : public StencilEstimator {
 public:
  SparseGridStein(int input_dim, const SparseGridSteinOptions& options);
  EstimatorKind kind() const override { return EstimatorKind::kSparseGrid; }
  const SparseGrid& grid() const { return grid_; }
  const SparseGridSteinOptions& options() const { return options_; }

 private:
  SparseGridSteinOptions options_;
  SparseGrid grid_;
};

}  // namespace tonnsim::pinn
