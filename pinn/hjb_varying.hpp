#pragma once
// The 20-dimensional HJB equation of the published form with a manufactured solution whose
// network part is not constant, so a trained network must learn a function.
#include "pinn/hjb.hpp"
#include "pinn/pde_description.hpp"

namespace tonnsim::pinn {

/// u_t + Lap_x u - 0.05 |grad_x u|^2 + c(x, t) = 0 on x in [0,1]^n, t in [0,1],
/// u(x, 1) = sum x_i: the published HJB operator and terminal data (Zhao et al., 2023;
/// see Hjb) with a source c chosen so that the exact solution is
///   u = S + (1 - t) phi,   phi = exp(t + z - 1/2),   S = sum_i x_i,   z = (S - n/2) / sqrt(n)
/// (method of manufactured solutions: Roache, J. Fluids Eng. 124, 2002). With the same hard
/// terminal constraint u = S + (1 - t) N(x, t), the exact network part is N* = phi, a
/// smooth function of the time and of the standardised mean of x (z has mean 0 and
/// standard deviation 1/sqrt(12) for uniform x in any dimension). On the uniform test set
/// N* has mean about 1.09 and standard deviation about 0.46 (the published Hjb has N* = 1).
///
/// Derivation: d_j z = 1/sqrt(n) and d_j phi = phi/sqrt(n), d_jj phi = phi/n, d_t phi = phi:
///   u_j  = 1 + (1 - t) phi / sqrt(n),   u_jj = (1 - t) phi / n,   Lap u = (1 - t) phi,
///   u_t  = -phi + (1 - t) phi = -t phi, u_tt = -(1 + t) phi,
///   |grad u|^2 = n + 2 sqrt(n) (1 - t) phi + (1 - t)^2 phi^2,
/// so c = -(u_t + Lap u - 0.05 |grad u|^2)
///      = 0.05 n + (2t - 1 + 0.1 sqrt(n) (1 - t)) phi + 0.05 (1 - t)^2 phi^2.
/// phi is entire, so Gaussian smoothing (sparse grid or Monte-Carlo) never meets a
/// singularity. Inputs (x_1..x_n, t); collocation and test points uniform in the unit box.
///
/// Well-posedness: on the bounded box a parabolic equation with terminal data alone has
/// many solutions (any lateral boundary values give one), so the residual and the terminal
/// constraint do not determine u there; the published Hjb poses the problem this way (its
/// N* = 1 is simply the solution nearest a smooth network). This benchmark adds the
/// exact solution's values on the lateral faces {x_j = 0 or 1} x [0,1] as a soft Dirichlet
/// term of weight boundary_weight (0 drops it and reproduces the ill-posed form), which
/// makes the solution in the box unique (Dirichlet problem for a backward parabolic
/// equation: Lieberman, "Second order parabolic differential equations", 1996, ch. 5).
/// The lateral points are uniform on the faces' union (a face {x_j = b} drawn uniformly
/// among the 2n, the other x_i and t uniform). Name "hjb20_varying"; the data guess,
/// ansatz and sampling are Hjb's.
PdeDescription hjb_varying_description(int space_dim = 20, double boundary_weight = 1.0);

class HjbVarying : public DescribedPde {
 public:
  explicit HjbVarying(int space_dim = 20, double boundary_weight = 1.0)
      : DescribedPde(hjb_varying_description(space_dim, boundary_weight)) {}
};

}  // namespace tonnsim::pinn
