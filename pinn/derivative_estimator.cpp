#include "pinn/derivative_estimator.hpp"

#include <string>

#include "core/error.hpp"

namespace tonnsim::pinn {

void DerivativeEstimator::check_input(const BatchFunction& f, const ConstMatRef& X) const {
  const std::string rule = "must equal the " + to_string(kind()) +
                           " estimator's input dimension " + std::to_string(input_dim());
  require(f.input_dim() == input_dim(), "network input_dim", f.input_dim(), rule);
  require(X.rows() == input_dim(), "batch rows", X.rows(), rule);
}

void DerivativeEstimator::estimate_family(StencilFamily& family, const ConstMatRef& X,
                                          std::vector<Jet>& jets) {
  jets.resize(static_cast<std::size_t>(family.size()));
  for (int m = 0; m < family.size(); ++m) estimate(family.member(m), X, jets[m]);
}

void DerivativeEstimator::estimate_head(BatchFunction& f, const ConstMatRef& X,
                                        Eigen::Index n_jet, Jet& jet) {
  (void)n_jet;
  estimate(f, X, jet);
}

void DerivativeEstimator::estimate_family_head(StencilFamily& family, const ConstMatRef& X,
                                               Eigen::Index n_jet, std::vector<Jet>& jets) {
  (void)n_jet;
  estimate_family(family, X, jets);
}

}  // namespace tonnsim::pinn
