#include "solvers/adam.hpp"

#include <cmath>

namespace tonnsim::solvers {

Adam::Adam(const AdamOptions& options, Index dimension)
    : UpdateRule(dimension, 2), options_(options) {
  options_.validate();
}

void Adam::update(Vec& theta, const Vec& gradient, double learning_rate) {
  auto m = buffers().col(0);
  auto v = buffers().col(1);
  const double t = static_cast<double>(steps());
  m = options_.beta1 * m + (1.0 - options_.beta1) * gradient;
  v = options_.beta2 * v + (1.0 - options_.beta2) * gradient.cwiseAbs2();
  const double m_correction = 1.0 / (1.0 - std::pow(options_.beta1, t));
  const double v_correction = 1.0 / (1.0 - std::pow(options_.beta2, t));
  theta.array() -= learning_rate * (m_correction * m.array()) /
                   ((v_correction * v.array()).sqrt() + options_.epsilon);
}

}  // namespace tonnsim::solvers
