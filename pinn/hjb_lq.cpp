#include "pinn/hjb_lq.hpp"

#include "pinn/hjb.hpp"

#include <cmath>

#include "core/error.hpp"

namespace tonnsim::pinn {

PdeDescription hjb_lq_description(int n, double horizon, double a, double boundary_weight,
                                  HjbLqAnsatz ansatz) {
  require(n >= 1, "space_dim", n, "must be >= 1 for hjb_lq");
  require(horizon > 0.0, "horizon_s", horizon, "must be > 0 for hjb_lq");
  require(a > 0.0, "terminal_weight", a, "must be > 0 for hjb_lq");
  require(boundary_weight >= 0.0, "condition_weight", boundary_weight, "must be >= 0");
  Vec lower = Vec::Constant(n + 1, -1.0), upper = Vec::Ones(n + 1);
  lower(n) = 0.0;
  upper(n) = horizon;
  PdeDescription d = PdeDescription::on_box("hjb_lq", n, true, lower, upper);
  d.residual = [n](const ConstMatRef&, const Jet& u, VecRef r) {
    r = u.grad.row(n).transpose() + u.hess_diag.topRows(n).colwise().sum().transpose() -
        u.grad.topRows(n).colwise().squaredNorm().transpose();
  };
  d.residual_vjp = [n](const ConstMatRef&, const Jet& u, const ConstVecRef& r_bar, Jet& u_bar) {
    // dr/du_t = 1, dr/du_jj = 1, dr/du_j = -2 u_j (j < n).
    u_bar.resize(u.dim(), u.batch());
    u_bar.value.setZero();
    u_bar.grad.topRows(n) =
        (u.grad.topRows(n).array().rowwise() * r_bar.transpose().array()) * -2.0;
    u_bar.grad.row(n) = r_bar.transpose();
    u_bar.hess_diag.topRows(n).rowwise() = r_bar.transpose();
    u_bar.hess_diag.row(n).setZero();
  };
  d.exact = [n, horizon, a](const ConstMatRef& X, VecRef u) {
    const auto s = 1.0 + 4.0 * a * (horizon - X.row(n).array());
    u = (a * X.topRows(n).colwise().squaredNorm().array() / s + 0.5 * n * s.log()).transpose();
  };
  d.exact_jet = [n, horizon, a, exact = d.exact](const ConstMatRef& X, Jet& u) {
    u.resize(X.rows(), X.cols());
    exact(X, u.value);
    const Eigen::ArrayXXd s = 1.0 + 4.0 * a * (horizon - X.row(n).array());
    const Eigen::ArrayXXd r2 = X.topRows(n).colwise().squaredNorm().array();
    u.grad.topRows(n) = (X.topRows(n).array().rowwise() / s.row(0)) * (2.0 * a);
    u.hess_diag.topRows(n) = (2.0 * a / s).replicate(n, 1);
    // d/dt with ds/dt = -4a: u_t = 4a^2|x|^2/s^2 - 2an/s, u_tt = 32a^3|x|^2/s^3 - 8a^2 n/s^2.
    u.grad.row(n) = 4.0 * a * a * r2 / (s * s) - 2.0 * a * n / s;
    u.hess_diag.row(n) = 32.0 * a * a * a * r2 / (s * s * s) - 8.0 * a * a * n / (s * s);
  };
  // Taylor: g gains (T - t) m(x), m = 2an - 4a^2|x|^2 = -u_t(x, T) from the PDE. The
  // terminal branch keeps its original statements (the same bits, signed zeros included).
  d.hard_constraint = [n, horizon, a, ansatz](const ConstMatRef& X, Jet& g, Jet& h) {
    g.resize(X.rows(), X.cols());
    if (ansatz == HjbLqAnsatz::kTerminal) {
      g.value = a * X.topRows(n).colwise().squaredNorm().transpose();
      g.grad.topRows(n) = 2.0 * a * X.topRows(n);
      g.grad.row(n).setZero();
      g.hess_diag.topRows(n).setConstant(2.0 * a);
    } else {
      const Eigen::ArrayXXd r2 = X.topRows(n).colwise().squaredNorm().array();
      const Eigen::ArrayXXd tau = horizon - X.row(n).array();
      const Eigen::ArrayXXd m = 2.0 * a * n - 4.0 * a * a * r2;
      g.value = (a * r2 + tau * m).matrix().transpose();
      const Eigen::ArrayXXd curvature = 2.0 * a - 8.0 * a * a * tau;  // d2g/dx_i^2
      g.grad.topRows(n) = (X.topRows(n).array().rowwise() * curvature.row(0)).matrix();
      g.grad.row(n) = (-m).matrix();
      g.hess_diag.topRows(n) = curvature.matrix().replicate(n, 1);
    }
    g.hess_diag.row(n).setZero();
    time_to_horizon_jet(n, horizon, X, h);
  };
  d.data_guess = carried_data_guess(
      ansatz == HjbLqAnsatz::kTaylor
          ? "terminal data and their PDE time derivative carried linearly: u = a |x|^2 + "
            "(T - t)(2an - 4a^2 |x|^2)"
          : "terminal data carried in time: u = a |x|^2",
      d.hard_constraint);
  if (boundary_weight > 0.0)
    d.conditions.push_back(lateral_dirichlet_condition(d, boundary_weight));
  return d;
}

}  // namespace tonnsim::pinn
