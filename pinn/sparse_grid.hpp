#pragma once
// Smolyak sparse grid for expectations under N(0, I_D).
#include "core/types.hpp"

namespace tonnsim::pinn {

/// Nodes and weights with sum_k w_k g(z_k) ~ E g(Z), Z ~ N(0, I_D).
///
/// Column order (relied on by the Stein estimators): column 0 is the origin, then mirror
/// pairs, column 1 + 2p is z_p and column 2 + 2p is -z_p with the same weight. The origin
/// is always present, with weight 0 if the combination cancels it.
struct SparseGrid {
  Mat nodes;    ///< D x K
  Vec weights;  ///< K, summing to 1; some are negative (Smolyak combination)

  Eigen::Index dim() const { return nodes.rows(); }
  Eigen::Index size() const { return nodes.cols(); }
};

/// Heiss and Winschel's "GQN" grid (J. Econometrics 144, 2008): the Smolyak combination
///   A(L, D) = sum_{L-D <= |i|-D <= L-1} (-1)^{L-1-(|i|-D)} C(D-1, L-1-(|i|-D)) U^{i_1} x ... x U^{i_D}
/// of the 1-D i-point Gauss-Hermite rules U^i for N(0, 1) (level 1: {0; 1}; level 2:
/// {+-1; 1/2, 1/2}; level 3: {0, +-sqrt(3); 2/3, 1/6, 1/6}; any level via Golub-Welsch),
/// with coinciding nodes merged. It integrates every polynomial of total degree
/// <= 2L - 1 exactly. D = 21, L = 3 gives 1 + 4D + 2D(D-1) = 925 nodes, centre weight
/// 204. Work and memory grow like D^(L-1), so only the 1-D rules' active coordinates are
/// enumerated: a node perturbs at most L - 1 coordinates.
SparseGrid smolyak_gauss_hermite(int dim, int level);

}  // namespace tonnsim::pinn
