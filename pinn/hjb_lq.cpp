#include "pinn/hjb_lq.hpp"

#include <cmath>

#include "core/error.hpp"
#include "pinn/domain_sampling.hpp"

namespace tonnsim::pinn {

HjbLq::HjbLq(int space_dim, double horizon_s, double terminal_weight)
    : n_(space_dim), horizon_(horizon_s), weight_(terminal_weight) {
  require(space_dim >= 1, "space_dim", space_dim, "must be >= 1 for hjb_lq");
  require(horizon_s > 0.0, "horizon_s", horizon_s, "must be > 0 for hjb_lq");
  require(terminal_weight > 0.0, "terminal_weight", terminal_weight, "must be > 0 for hjb_lq");
}

Mat HjbLq::sample_collocation(Rng& rng, Eigen::Index n) const {
  Vec lo = Vec::Constant(n_ + 1, -1.0), hi = Vec::Ones(n_ + 1);
  lo(n_) = 0.0;
  hi(n_) = horizon_;
  return sample_box(rng, lo, hi, n);
}

void HjbLq::residual(const ConstMatRef& X, const Jet& u, VecRef r) const {
  (void)X;
  r = u.grad.row(n_).transpose() + u.hess_diag.topRows(n_).colwise().sum().transpose() -
      u.grad.topRows(n_).colwise().squaredNorm().transpose();
}

void HjbLq::residual_vjp(const ConstMatRef& X, const Jet& u, const ConstVecRef& r_bar,
                         Jet& u_bar) const {
  (void)X;
  // dr/du_t = 1, dr/du_jj = 1, dr/du_j = -2 u_j (j < n).
  u_bar.resize(u.dim(), u.batch());
  u_bar.value.setZero();
  u_bar.grad.topRows(n_) =
      (u.grad.topRows(n_).array().rowwise() * r_bar.transpose().array()) * -2.0;
  u_bar.grad.row(n_) = r_bar.transpose();
  u_bar.hess_diag.topRows(n_).rowwise() = r_bar.transpose();
  u_bar.hess_diag.row(n_).setZero();
}

void HjbLq::exact(const ConstMatRef& X, VecRef u) const {
  const auto s = 1.0 + 4.0 * weight_ * (horizon_ - X.row(n_).array());
  u = (weight_ * X.topRows(n_).colwise().squaredNorm().array() / s + 0.5 * n_ * s.log())
          .transpose();
}

void HjbLq::exact_jet(const ConstMatRef& X, Jet& u) const {
  u.resize(X.rows(), X.cols());
  exact(X, u.value);
  const double a = weight_;
  const Eigen::ArrayXXd s = 1.0 + 4.0 * a * (horizon_ - X.row(n_).array());
  const Eigen::ArrayXXd r2 = X.topRows(n_).colwise().squaredNorm().array();
  u.grad.topRows(n_) = (X.topRows(n_).array().rowwise() / s.row(0)) * (2.0 * a);
  u.hess_diag.topRows(n_) = (2.0 * a / s).replicate(n_, 1);
  // d/dt with ds/dt = -4a: u_t = 4a^2|x|^2/s^2 - 2an/s, u_tt = 32a^3|x|^2/s^3 - 8a^2 n/s^2.
  u.grad.row(n_) = 4.0 * a * a * r2 / (s * s) - 2.0 * a * n_ / s;
  u.hess_diag.row(n_) = 32.0 * a * a * a * r2 / (s * s * s) - 8.0 * a * a * n_ / (s * s);
}

std::optional<DataGuess> HjbLq::data_guess() const {
  return carried_data_guess("terminal data carried in time: u = a |x|^2");
}

void HjbLq::hard_constraint(const ConstMatRef& X, Jet& g, Jet& h) const {
  g.resize(X.rows(), X.cols());
  h.resize(X.rows(), X.cols());
  g.value = weight_ * X.topRows(n_).colwise().squaredNorm().transpose();
  g.grad.topRows(n_) = 2.0 * weight_ * X.topRows(n_);
  g.grad.row(n_).setZero();
  g.hess_diag.topRows(n_).setConstant(2.0 * weight_);
  g.hess_diag.row(n_).setZero();
  h.value = (horizon_ - X.row(n_).array()).transpose();
  h.grad.setZero();
  h.grad.row(n_).setConstant(-1.0);
  h.hess_diag.setZero();
}

}  // namespace tonnsim::pinn
