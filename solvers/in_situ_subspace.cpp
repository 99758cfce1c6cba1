#include "solvers/in_situ_subspace.hpp"

#include "core/error.hpp"
#include "core/timer.hpp"
#include "tonn/attenuator_gradient.hpp"
#include "tonn/photonic_network.hpp"

namespace tonnsim::solvers {

double l2ight_loss_and_gradient(tonn::Network& chip, pinn::PinnLoss& loss, Vec& grad) {
  ScopedTimer timer("in_situ/l2ight_gradient");
  if (!tonn::chip_non_idealities(chip))
    throw InputError("L2ight (optimizer.kind = in_situ_subspace) trains the attenuators of a "
                     "photonic network in situ; this network has no photonic layer (a digital "
                     "model has no chip to measure: use optimizer.kind = first_order there)");
  tonn::Network realised = tonn::realised_network(chip);
  Vec realised_grad;
  const double l = loss.loss_and_gradient(realised, realised_grad);
  tonn::attenuator_gradient(chip, realised, realised_grad, grad);
  return l;
}

FirstOrderGradient in_situ_subspace_gradient(const InSituSubspaceOptions& options) {
  switch (options.method) {
    case InSituMethod::kL2ight:
      return {&l2ight_loss_and_gradient, 2};
  }
  throw InputError("unknown in-situ method");
}

}  // namespace tonnsim::solvers
