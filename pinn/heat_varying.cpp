#include "pinn/heat_varying.hpp"

namespace tonnsim::pinn {

namespace {
// g = |x|^4 / (4d(d+2)) and its jet (zero time derivatives).
void initial_jet(int d, const ConstMatRef& X, Jet& g) {
  g.resize(X.rows(), X.cols());
  const double scale = 1.0 / (double(d) * (d + 2));  // 1 / (d (d + 2))
  const Eigen::RowVectorXd q = X.topRows(d).colwise().squaredNorm();
  g.value = (0.25 * scale * q.array().square()).matrix().transpose();
  g.grad.topRows(d) = (X.topRows(d).array().rowwise() * q.array()) * scale;
  g.grad.row(d).setZero();
  g.hess_diag.topRows(d) = ((2.0 * X.topRows(d).array().square()).rowwise() + q.array()) * scale;
  g.hess_diag.row(d).setZero();
}
}  // namespace

PdeDescription heat_varying_description(int d, double boundary_weight) {
  PdeDescription p = heat_description(d, boundary_weight);
  p.name = "heat_varying";
  p.exact = [d](const ConstMatRef& X, VecRef u) {
    const Eigen::ArrayXd q = X.topRows(d).colwise().squaredNorm().transpose().array();
    const Eigen::ArrayXd t = X.row(d).transpose().array();
    u = (q.square() / (4.0 * d * (d + 2)) + t * q / d + t.square()).matrix();
  };
  p.exact_jet = [d](const ConstMatRef& X, Jet& u) {
    initial_jet(d, X, u);  // the t-independent part |x|^4 / (4d(d+2))
    const Eigen::RowVectorXd t = X.row(d);
    const Eigen::RowVectorXd q = X.topRows(d).colwise().squaredNorm();
    u.value.array() += (t.array() * q.array() / d + t.array().square()).transpose();
    u.grad.topRows(d) += (X.topRows(d).array().rowwise() * t.array()).matrix() * (2.0 / d);
    u.grad.row(d) = q / d + 2.0 * t;
    u.hess_diag.topRows(d).rowwise() += t * (2.0 / d);
    u.hess_diag.row(d).setConstant(2.0);
  };
  p.hard_constraint = [d, heat = p.hard_constraint](const ConstMatRef& X, Jet& g, Jet& h) {
    heat(X, g, h);  // h = t
    initial_jet(d, X, g);
  };
  // Heat's boundary data and data guess, from this exact solution and ansatz.
  p.conditions.front().target = p.exact;
  p.data_guess = carried_data_guess(p.data_guess->description, p.hard_constraint);
  return p;
}

}  // namespace tonnsim::pinn
