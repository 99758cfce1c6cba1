#pragma once
// Gauss-Hermite quadrature for the standard normal density ("probabilists'" weight
// exp(-z^2/2)/sqrt(2 pi)): sum_i w_i g(z_i) = E g(Z), Z ~ N(0, 1), exact for polynomials
// of degree <= 2n - 1. Generated in code, never read from a table.
#include "core/types.hpp"

namespace tonnsim::pinn {

/// A 1-D rule: nodes ascending, weights summing to 1.
struct QuadratureRule {
  Vec nodes;
  Vec weights;
};

/// The n-point Gauss-Hermite rule for N(0, 1).
///
/// Golub and Welsch (Math. Comp. 23, 1969): the nodes are the eigenvalues of the Jacobi
/// matrix of the orthonormal Hermite polynomials (zero diagonal, off-diagonal sqrt(k)).
/// The eigenvalues are then polished by Newton steps on phi_n, and the weights are taken
/// from the Christoffel function w_i = 1 / sum_{k<n} phi_k(z_i)^2 rather than from the
/// eigenvectors, because the eigenvector route only has absolute accuracy, and the tail
/// weights (1e-35 and below) matter for peaked integrands such as the Cole-Hopf kernel.
/// Nodes are exactly antisymmetric (z_{n-1-i} = -z_i, z = 0 exactly for odd n), so rules
/// of different orders share the origin bit for bit.
QuadratureRule gauss_hermite_normal(int n);

}  // namespace tonnsim::pinn
