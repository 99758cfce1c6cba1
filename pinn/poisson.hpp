#pragma once
// A d-dimensional Poisson problem with a smooth exact solution.
#include "pinn/pde_description.hpp"

namespace tonnsim::pinn {

/// Lap u + sin(sum_i x_i) = 0 on [0,1]^d with Dirichlet data from the exact solution
/// u = sin(sum_i x_i) / d (each of the d second derivatives is -sin(sum x)/d).
/// No time input; soft boundary term on the 2d faces; interior points uniform. No data
/// guess: the data lives on the boundary only (baselines: N = 0 and the best constant).
/// The boundary data come from the exact solution, so a problem with another one
/// (poisson_sines_description) replaces both together.
PdeDescription poisson_description(int space_dim = 2, double boundary_weight = 1.0);

/// The residual Lap u + f with the source f (sin(sum x) here; poisson_sines_description
/// supplies its own). Its VJP does not depend on f: the description's residual_vjp.
PdeDescription::Residual poisson_residual(PdeDescription::Field source);

class Poisson : public DescribedPde {
 public:
  explicit Poisson(int space_dim = 2, double boundary_weight = 1.0)
      : DescribedPde(poisson_description(space_dim, boundary_weight)) {}
};

}  // namespace tonnsim::pinn
