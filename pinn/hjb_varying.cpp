#include "pinn/hjb_varying.hpp"

#include <cmath>

#include "core/error.hpp"

namespace tonnsim::pinn {

namespace {
// phi = exp(t + z - 1/2) at the columns of X, as a row.
Eigen::RowVectorXd phi(int n, const ConstMatRef& X) {
  const double root_n = std::sqrt(double(n));
  const Eigen::ArrayXXd z = (X.topRows(n).colwise().sum().array() - 0.5 * n) / root_n;
  return (X.row(n).array() + z - 0.5).exp().matrix();
}
}  // namespace

PdeDescription hjb_varying_description(int n, double boundary_weight) {
  PdeDescription d = hjb_description(n);
  require(boundary_weight >= 0.0, "condition_weight", boundary_weight, "must be >= 0");
  d.name = "hjb20_varying";
  d.residual = hjb_residual(n, [n](const ConstMatRef& X, VecRef c) {
    const Eigen::ArrayXXd p = phi(n, X).array(), s = 1.0 - X.row(n).array();
    const double root_n = std::sqrt(double(n));
    c = (kHjbControlCost * n + (1.0 - 2.0 * s + 2.0 * kHjbControlCost * root_n * s) * p +
         kHjbControlCost * s * s * p * p)
            .matrix()
            .transpose();
  });
  d.exact = [n](const ConstMatRef& X, VecRef u) {
    u = (X.topRows(n).colwise().sum().array() + (1.0 - X.row(n).array()) * phi(n, X).array())
            .matrix()
            .transpose();
  };
  d.exact_jet = [n, exact = d.exact](const ConstMatRef& X, Jet& u) {
    u.resize(X.rows(), X.cols());
    exact(X, u.value);
    const Eigen::ArrayXXd p = phi(n, X).array(), t = X.row(n).array();
    const double root_n = std::sqrt(double(n));
    u.grad.topRows(n) = (1.0 + (1.0 - t) * p / root_n).matrix().replicate(n, 1);
    u.grad.row(n) = (-t * p).matrix();
    u.hess_diag.topRows(n) = ((1.0 - t) * p / double(n)).matrix().replicate(n, 1);
    u.hess_diag.row(n) = (-(1.0 + t) * p).matrix();
  };
  d.conditions.clear();
  if (boundary_weight == 0.0) return d;
  d.conditions.push_back(lateral_dirichlet_condition(d, boundary_weight));
  return d;
}

}  // namespace tonnsim::pinn
