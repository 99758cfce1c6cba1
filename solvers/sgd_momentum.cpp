#include "solvers/sgd_momentum.hpp"

namespace tonnsim::solvers {

SgdMomentum::SgdMomentum(const SgdOptions& options, Index dimension)
    : UpdateRule(dimension, 1), options_(options) {
  options_.validate();
}

void SgdMomentum::update(Vec& theta, const Vec& gradient, double learning_rate) {
  auto v = buffers().col(0);
  v = options_.momentum * v + gradient;
  if (options_.nesterov)
    theta.noalias() -= learning_rate * (gradient + options_.momentum * v);
  else
    theta.noalias() -= learning_rate * v;
}

}  // namespace tonnsim::solvers
