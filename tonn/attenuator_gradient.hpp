#pragma once
// First-order in-situ gradients of a photonic network with respect to its attenuator
// (Sigma) phases: the gradient L2ight measures on chip (Gu et al., "L2ight: Enabling On-Chip
// Learning for Optical Neural Networks via Efficient in-situ Subspace Optimization",
// NeurIPS 2021).
//
// Every block on the chip realises W = Re(U diag(t(phi)) V^H) with its own meshes U, V,
// attenuator response t and effective phases phi (quantisation, gamma, crosstalk, static
// errors and the state's dynamic noise: photonics::ChipInstance). The chip measures its
// forward activations and, by reciprocity, the adjoint fields; that is back-propagation
// through the REALISED network, here a digital copy holding exactly the matrices the chip
// realised for this programmed state (realised_network). Its weight gradient
// G = dL/dW_realised projects onto each attenuator as
//   dL/dphi_k = Re(t'_k u_k^T G v_k),   dL/dp = J^T dL/dphi,
// u_k, v_k the realised mesh columns/rows, J the chip's attenuator-column response
// (tonn::PhotonicMatrix::attenuator_gradient). U and V phases get no gradient: L2ight keeps
// them as mapped. Electronic parameters (biases, a digital read-out layer) get their exact
// gradient from the same passes.
#include <vector>

#include "tonn/network.hpp"

namespace tonnsim::tonn {

/// A digital network computing what `chip` computes in its current programmed state: TT
/// layers with DigitalCores = the chip's effective cores, photonic dense layers as
/// DenseLayers of their effective weight, digital layers copied. Realises stale layers of
/// `chip` first (drawing their noise). Group names and layers match `chip`'s.
Network realised_network(Network& chip);

/// grad (chip.num_parameters()) from realised_grad = dL/dtheta of realised_network(chip)
/// (same state): attenuator phases by the projection above, mesh phases 0, electronic
/// parameters copied.
void attenuator_gradient(const Network& chip, const Network& realised, const Vec& realised_grad,
                         Vec& grad);

/// Flat indices of `chip`'s parameters that this gradient trains: the attenuator phases of
/// every photonic layer and every electronic parameter (biases, digital layers).
std::vector<Eigen::Index> subspace_parameter_indices(const Network& chip);

}  // namespace tonnsim::tonn
