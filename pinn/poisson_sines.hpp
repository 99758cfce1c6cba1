#pragma once
// A Poisson problem whose solution is a product of sines (non-polynomial, O(1) variation).
#include "pinn/poisson.hpp"

namespace tonnsim::pinn {

/// -Lap u = f on [0,1]^d with f = d pi^2 prod_i sin(pi x_i) and homogeneous Dirichlet data
/// u = 0 on the boundary; exact u = prod_i sin(pi x_i), the lowest Dirichlet eigenfunction
/// of the cube (each d_jj u = -pi^2 u, so -Lap u = d pi^2 u = f). The classic PINN
/// benchmark of Raissi et al. (J. Comput. Phys. 378, 2019) and PINTA's 2-D Poisson, d = 2
/// by default. Soft boundary term and uniform interior points as in Poisson (no hard
/// constraint: the network part is u itself, mean (2/pi)^d and, for d = 2, standard
/// deviation 0.29 against mean 0.41). Residual Lap u + f.
///   u_j = pi cos(pi x_j) prod_{i != j} sin(pi x_i),   u_jj = -pi^2 u.
PdeDescription poisson_sines_description(int space_dim = 2, double boundary_weight = 1.0);

class PoissonSines : public DescribedPde {
 public:
  explicit PoissonSines(int space_dim = 2, double boundary_weight = 1.0)
      : DescribedPde(poisson_sines_description(space_dim, boundary_weight)) {}
};

}  // namespace tonnsim::pinn
