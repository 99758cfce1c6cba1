#include "pinn/heat_varying.hpp"

#include <cmath>

namespace tonnsim::pinn {

HeatVarying::HeatVarying(int space_dim, double boundary_weight)
    : Heat(space_dim, boundary_weight) {}

Eigen::RowVectorXd HeatVarying::diagonal(const ConstMatRef& X) const {
  return X.topRows(d_).colwise().sum() / std::sqrt(double(d_));
}

void HeatVarying::exact(const ConstMatRef& X, VecRef u) const {
  Heat::exact(X, u);
  u.array() += ((-X.row(d_).array()).exp() * diagonal(X).array().sin()).transpose();
}

void HeatVarying::exact_jet(const ConstMatRef& X, Jet& u) const {
  Heat::exact_jet(X, u);  // |x|^2/(2d) + t
  const Eigen::ArrayXXd decay = (-X.row(d_).array()).exp(), z = diagonal(X).array();
  const Eigen::ArrayXXd mode = decay * z.sin();  // e^(-t) sin z
  u.value.array() += mode.transpose();
  u.grad.topRows(d_).rowwise() += Eigen::RowVectorXd(decay * z.cos() / std::sqrt(double(d_)));
  u.grad.row(d_).array() -= mode;
  u.hess_diag.topRows(d_).rowwise() -= Eigen::RowVectorXd(mode / double(d_));
  u.hess_diag.row(d_).array() += mode;
}

void HeatVarying::hard_constraint(const ConstMatRef& X, Jet& g, Jet& h) const {
  Heat::hard_constraint(X, g, h);  // g = |x|^2/(2d), h = t
  const Eigen::ArrayXXd z = diagonal(X).array();
  g.value.array() += z.sin().transpose();
  g.grad.topRows(d_).rowwise() += Eigen::RowVectorXd(z.cos() / std::sqrt(double(d_)));
  g.hess_diag.topRows(d_).rowwise() -= Eigen::RowVectorXd(z.sin() / double(d_));
}

}  // namespace tonnsim::pinn
