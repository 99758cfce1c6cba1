#pragma once
// The flagship problem: a 20-dimensional Hamilton-Jacobi-Bellman equation.
#include "pinn/pde_description.hpp"

namespace tonnsim::pinn {

/// Coefficient of |grad_x u|^2 in the published HJB operator.
constexpr double kHjbControlCost = 0.05;

/// u_t + Lap_x u - 0.05 |grad_x u|^2 + 2 = 0 on x in [0,1]^n, t in [0,1], u(x, 1) = sum x_i;
/// exact u = sum x_i + 1 - t (n = 20 in the published runs: Zhao et al., "Tensor-compressed
/// back-propagation-free training for (physics-informed) neural networks", 2023).
/// Hard terminal constraint u = sum x_i + (1 - t) N(x, t): the exact network part is
/// N = 1. Inputs (x_1..x_n, t); collocation and test points uniform in the unit box.
/// For other n the source 2 (= 1 + 0.05 * 20) becomes 1 + 0.05 n, which keeps the same exact solution
/// (u_t = -1, Lap u = 0, |grad u|^2 = n), so small instances test the same code.
/// Data guess: the terminal data carried back in time, u = sum x_i (the N = 0 prediction).
PdeDescription hjb_description(int space_dim = 20);

/// The HJB residual r = u_t + Lap u - 0.05 |grad u|^2 + c(x, t) with the source c
/// (the constant 1 + 0.05 n in the published problem; hjb_varying_description supplies
/// a manufactured one). Its VJP does not depend on c: the description's residual_vjp.
PdeDescription::Residual hjb_residual(int space_dim, PdeDescription::Field source);

/// h = T - t with its jet, at inputs (x_1..x_n, t): the factor of a terminal-value ansatz
/// u = g + (T - t) N.
void time_to_horizon_jet(int space_dim, double horizon, const ConstMatRef& X, Jet& h);

class Hjb : public DescribedPde {
 public:
  explicit Hjb(int space_dim = 20) : DescribedPde(hjb_description(space_dim)) {}
};

}  // namespace tonnsim::pinn
