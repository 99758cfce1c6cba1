#pragma once
// Exact gradients of the PINN loss for the first-order (back-propagation) baseline.
//
// The loss is a chain of maps, each reversed in turn (PinnLoss::loss_and_gradient):
//   theta -> Y(k, b) = f(x_b + s_k)          network on the estimator's stencil
//         -> N's jet = R Y + [0; 0; 1] c^T Y  stencil estimator, linear in Y
//         -> u's jet = ansatz(N's jet)        affine (Pde::solution_jet)
//         -> r = residual(u's jet)            nonlinear, pointwise (Pde::residual)
//         -> L = mean r^2 + sum_i w_i mean (u - g_i)^2.
// Reverse: r_bar = 2 r / n; u_bar = Pde::residual_vjp; N_bar = Pde::network_cotangent;
// condition points add 2 w_i (u - g_i) h / m to N_bar's value; Y_bar = stencil_cotangent
// (the read-out's transpose); theta_bar = tonn::NetworkGradient::stencil_blocks, one
// gradient per fixed block of points, added in block order (split over processes by
// blocks, the same bits for every process and thread count).
#include "pinn/jet.hpp"
#include "pinn/stencil_estimator.hpp"

namespace tonnsim::pinn {

/// The transpose of a stencil estimator's read-out: for a cotangent J_bar on the jet of
/// B points, Y_bar(k, b) = sum_i R(i, k) J_bar(i, b) + c_k sum_j hess_bar(j, b), with the
/// rows of J_bar stacked as [value; grad; hess_diag]. stencil_bar: K x B.
void stencil_cotangent(const StencilEstimator& estimator, const Jet& jet_bar, Mat& stencil_bar);

}  // namespace tonnsim::pinn
