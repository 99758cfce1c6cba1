#pragma once
// The heat equation in a high-dimensional ball.
#include "pinn/pde_description.hpp"

namespace tonnsim::pinn {

/// u_t = Lap u for |x| < 1 in d dimensions, t in [0,1]; exact u = |x|^2/(2d) + t
/// (u_t = 1 = Lap u). Hard initial constraint u = |x|^2/(2d) + t N(x, t) (exact N = 1);
/// soft Dirichlet data u = 1/(2d) + t on the sphere |x| = 1. Collocation and test points
/// uniform in the ball times [0,1]. The boundary data come from the exact solution, so a
/// problem with another one (heat_varying_description) replaces both together.
/// Data guess: the initial data carried forward in time, u = u(x, 0) (the N = 0 prediction).
PdeDescription heat_description(int space_dim = 100, double boundary_weight = 1.0);

class Heat : public DescribedPde {
 public:
  explicit Heat(int space_dim = 100, double boundary_weight = 1.0)
      : DescribedPde(heat_description(space_dim, boundary_weight)) {}
};

}  // namespace tonnsim::pinn
