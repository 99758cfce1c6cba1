#include "pinn/heat_varying.hpp"

namespace tonnsim::pinn {

HeatVarying::HeatVarying(int space_dim, double boundary_weight)
    : Heat(space_dim, boundary_weight) {}

void HeatVarying::initial_jet(const ConstMatRef& X, Jet& g) const {
  g.resize(X.rows(), X.cols());
  const double scale = 1.0 / (double(d_) * (d_ + 2));  // 1 / (d (d + 2))
  const Eigen::RowVectorXd q = X.topRows(d_).colwise().squaredNorm();
  g.value = (0.25 * scale * q.array().square()).matrix().transpose();
  g.grad.topRows(d_) = (X.topRows(d_).array().rowwise() * q.array()) * scale;
  g.grad.row(d_).setZero();
  g.hess_diag.topRows(d_) = ((2.0 * X.topRows(d_).array().square()).rowwise() + q.array()) * scale;
  g.hess_diag.row(d_).setZero();
}

void HeatVarying::exact(const ConstMatRef& X, VecRef u) const {
  const Eigen::ArrayXd q = X.topRows(d_).colwise().squaredNorm().transpose().array();
  const Eigen::ArrayXd t = X.row(d_).transpose().array();
  u = (q.square() / (4.0 * d_ * (d_ + 2)) + t * q / d_ + t.square()).matrix();
}

void HeatVarying::exact_jet(const ConstMatRef& X, Jet& u) const {
  initial_jet(X, u);  // the t-independent part |x|^4 / (4d(d+2))
  const Eigen::RowVectorXd t = X.row(d_);
  const Eigen::RowVectorXd q = X.topRows(d_).colwise().squaredNorm();
  u.value.array() += (t.array() * q.array() / d_ + t.array().square()).transpose();
  u.grad.topRows(d_) += (X.topRows(d_).array().rowwise() * t.array()).matrix() * (2.0 / d_);
  u.grad.row(d_) = q / d_ + 2.0 * t;
  u.hess_diag.topRows(d_).rowwise() += t * (2.0 / d_);
  u.hess_diag.row(d_).setConstant(2.0);
}

void HeatVarying::hard_constraint(const ConstMatRef& X, Jet& g, Jet& h) const {
  Heat::hard_constraint(X, g, h);  // h = t
  initial_jet(X, g);
}

}  // namespace tonnsim::pinn
