#pragma once
// The exact network part of a PDE as a network: what a perfectly trained network outputs.
#include "pinn/pde.hpp"

namespace tonnsim::pinn {

/// f(X) = N*(X) = (u(X) - g(X)) / h(X): the raw network values for which the PDE's ansatz
/// reproduces its exact solution (Pde::network_for). Feeding it to a PinnLoss gives the
/// loss the exact solution itself scores under that loss's estimator (the consistency floor
/// of a benchmark). Where h = 0 (on a hard-constrained set) the quotient is undefined; the
/// PDEs' sampling sets hit it with probability zero. Outside the domain (Gaussian shifts of
/// a smoothing estimator) it evaluates the exact formulas there.
class ExactNetworkPart : public tonn::BatchFunction {
 public:
  explicit ExactNetworkPart(const Pde& pde) : pde_(pde) {}
  int input_dim() const override { return pde_.input_dim(); }
  void evaluate(const ConstMatRef& X, VecRef y) override {
    Vec u(X.cols());
    pde_.exact(X, u);
    pde_.network_for(X, u, y);
  }

 private:
  const Pde& pde_;
};

}  // namespace tonnsim::pinn
