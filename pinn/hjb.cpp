#include "pinn/hjb.hpp"

#include "core/error.hpp"
#include "pinn/domain_sampling.hpp"

namespace tonnsim::pinn {

Hjb::Hjb(int space_dim) : n_(space_dim) {
  require(space_dim >= 1, "space_dim", space_dim, "must be >= 1 for hjb20");
}

Mat Hjb::sample_collocation(Rng& rng, Eigen::Index n) const {
  return sample_box(rng, Vec::Zero(n_ + 1), Vec::Ones(n_ + 1), n);
}

void Hjb::source(const ConstMatRef& X, VecRef c) const {
  (void)X;
  c.setConstant(1.0 + kControlCost * n_);
}

void Hjb::residual(const ConstMatRef& X, const Jet& u, VecRef r) const {
  source(X, r);
  r += u.grad.row(n_).transpose() + u.hess_diag.topRows(n_).colwise().sum().transpose() -
       kControlCost * u.grad.topRows(n_).colwise().squaredNorm().transpose();
}

void Hjb::residual_vjp(const ConstMatRef& X, const Jet& u, const ConstVecRef& r_bar,
                       Jet& u_bar) const {
  (void)X;
  // The source does not depend on u. dr/du_t = 1, dr/du_jj = 1, dr/du_j = -2 c u_j (j < n).
  u_bar.resize(u.dim(), u.batch());
  u_bar.value.setZero();
  u_bar.grad.topRows(n_) =
      (u.grad.topRows(n_).array().rowwise() * r_bar.transpose().array()) * (-2.0 * kControlCost);
  u_bar.grad.row(n_) = r_bar.transpose();
  u_bar.hess_diag.topRows(n_).rowwise() = r_bar.transpose();
  u_bar.hess_diag.row(n_).setZero();
}

void Hjb::exact(const ConstMatRef& X, VecRef u) const {
  u = (X.topRows(n_).colwise().sum() - X.row(n_)).transpose().array() + 1.0;
}

void Hjb::exact_jet(const ConstMatRef& X, Jet& u) const {
  u.resize(X.rows(), X.cols());
  exact(X, u.value);
  u.grad.setOnes();
  u.grad.row(n_).setConstant(-1.0);
  u.hess_diag.setZero();
}

std::optional<DataGuess> Hjb::data_guess() const {
  return carried_data_guess("terminal data carried in time: u = sum x_i");
}

void Hjb::hard_constraint(const ConstMatRef& X, Jet& g, Jet& h) const {
  g.resize(X.rows(), X.cols());
  h.resize(X.rows(), X.cols());
  g.value = X.topRows(n_).colwise().sum().transpose();
  g.grad.setOnes();
  g.grad.row(n_).setZero();
  g.hess_diag.setZero();
  h.value = (1.0 - X.row(n_).array()).transpose();
  h.grad.setZero();
  h.grad.row(n_).setConstant(-1.0);
  h.hess_diag.setZero();
}

}  // namespace tonnsim::pinn
