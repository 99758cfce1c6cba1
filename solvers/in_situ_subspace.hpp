#pragma once
// First-order in-situ subspace training of a photonic network: L2ight (Gu et al., "L2ight:
// Enabling On-Chip Learning for Optical Neural Networks via Efficient in-situ Subspace
// Optimization", NeurIPS 2021), the phase-domain baseline of the published comparison
// (design notes, "Baselines of the phase-domain table").
//
// After mapping, every block keeps its meshes U, V (their phases are never changed); only
// the attenuator column Sigma is trained, with first-order gradients the chip obtains in
// situ: a forward pass measures V^H x at the Sigma column, an adjoint pass (reciprocity)
// measures U^T delta, and
//   dL/dsigma_k = sum over the batch (U^T delta)_k (V^H x)_k = u_k^T G v_k,  G = dL/dW,
// for the matrix the chip REALLY implements (tonn/attenuator_gradient.hpp). Here the
// chip's realised network is back-propagated (the stencil-estimator loss is a weighted sum
// of network outputs, pinn/loss_gradient.hpp), G projected onto each attenuator and
// carried to its programmed phase through the chip's attenuator response; the update rule
// (Adam/SGD, learning-rate schedule) then moves the attenuator phases and the electronic
// parameters (biases, a digital read-out layer), whose gradients the same passes give.
// U and V phases have gradient 0 and so never move (Adam and SGD leave a coordinate whose
// gradient has always been 0 where it is).
//
// Implemented: the full-Sigma version (every block's Sigma every step). Not implemented:
// L2ight's subspace sampling of blocks/features per step and its identity calibration
// stage (IC) and parallel mapping (PM) before training; the chip here starts from the
// decomposition of the initial digital weights (tonn::make_photonic_network).
// With chip.s_max_headroom = 1 a block's largest singular value is programmed at attenuator
// phase 0, where the response s_max cos(psi) has zero slope: its gradient is exactly 0 and
// that attenuator never moves (only crosstalk leaks it off 0). Use a headroom > 1 (the
// tests use 1.25) for the top singular values to train.
#include <array>
#include <utility>

#include "core/enum_names.hpp"
#include "solvers/first_order_trainer.hpp"

namespace tonnsim::solvers {

/// Which in-situ first-order method trains the chip.
enum class InSituMethod {
  kL2ight,  // full-Sigma L2ight (above)
};

}  // namespace tonnsim::solvers

namespace tonnsim {
template <>
struct EnumNames<solvers::InSituMethod> {
  static constexpr const char* type = "in-situ method";
  static constexpr std::array<std::pair<solvers::InSituMethod, const char*>, 1> names{
      {{solvers::InSituMethod::kL2ight, "l2ight"}}};
};
}  // namespace tonnsim

namespace tonnsim::solvers {

struct InSituSubspaceOptions {
  InSituMethod method = InSituMethod::kL2ight;  // the published phase-domain baseline
};

/// L and dL/dtheta of a photonic network's current programmed state by L2ight: gradient of
/// the attenuator phases and electronic parameters, 0 for mesh phases. Draws the state's
/// dynamic noise if the network is stale. Throws InputError on a network without photonic
/// layers (a digital model has no chip to measure; train it with digital_backprop()).
double l2ight_loss_and_gradient(tonn::Network& chip, pinn::PinnLoss& loss, Vec& grad);

/// The gradient source of `options.method`, with two passes per network evaluation (the
/// forward and the adjoint pass through the chip).
FirstOrderGradient in_situ_subspace_gradient(const InSituSubspaceOptions& options);

}  // namespace tonnsim::solvers
