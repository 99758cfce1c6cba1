#include "pinn/hjb.hpp"

#include "core/error.hpp"

namespace tonnsim::pinn {

PdeDescription::Residual hjb_residual(int n, PdeDescription::Field source) {
  return [n, source](const ConstMatRef& X, const Jet& u, VecRef r) {
    source(X, r);
    r += u.grad.row(n).transpose() + u.hess_diag.topRows(n).colwise().sum().transpose() -
         kHjbControlCost * u.grad.topRows(n).colwise().squaredNorm().transpose();
  };
}

void time_to_horizon_jet(int n, double horizon, const ConstMatRef& X, Jet& h) {
  h.resize(X.rows(), X.cols());
  h.value = (horizon - X.row(n).array()).transpose();
  h.grad.setZero();
  h.grad.row(n).setConstant(-1.0);
  h.hess_diag.setZero();
}

PdeDescription hjb_description(int n) {
  require(n >= 1, "space_dim", n, "must be >= 1 for hjb20");
  PdeDescription d = PdeDescription::on_box("hjb20", n, true, Vec::Zero(n + 1), Vec::Ones(n + 1));
  const double c = 1.0 + kHjbControlCost * n;
  d.residual = hjb_residual(n, [c](const ConstMatRef&, VecRef r) { r.setConstant(c); });
  d.residual_vjp = [n](const ConstMatRef&, const Jet& u, const ConstVecRef& r_bar, Jet& u_bar) {
    // The source does not depend on u. dr/du_t = 1, dr/du_jj = 1, dr/du_j = -2 c u_j (j < n).
    u_bar.resize(u.dim(), u.batch());
    u_bar.value.setZero();
    u_bar.grad.topRows(n) = (u.grad.topRows(n).array().rowwise() * r_bar.transpose().array()) *
                            (-2.0 * kHjbControlCost);
    u_bar.grad.row(n) = r_bar.transpose();
    u_bar.hess_diag.topRows(n).rowwise() = r_bar.transpose();
    u_bar.hess_diag.row(n).setZero();
  };
  d.exact = [n](const ConstMatRef& X, VecRef u) {
    u = (X.topRows(n).colwise().sum() - X.row(n)).transpose().array() + 1.0;
  };
  d.exact_jet = [n, exact = d.exact](const ConstMatRef& X, Jet& u) {
    u.resize(X.rows(), X.cols());
    exact(X, u.value);
    u.grad.setOnes();
    u.grad.row(n).setConstant(-1.0);
    u.hess_diag.setZero();
  };
  d.hard_constraint = [n](const ConstMatRef& X, Jet& g, Jet& h) {
    g.resize(X.rows(), X.cols());
    g.value = X.topRows(n).colwise().sum().transpose();
    g.grad.setOnes();
    g.grad.row(n).setZero();
    g.hess_diag.setZero();
    time_to_horizon_jet(n, 1.0, X, h);
  };
  d.data_guess =
      carried_data_guess("terminal data carried in time: u = sum x_i", d.hard_constraint);
  return d;
}

}  // namespace tonnsim::pinn
