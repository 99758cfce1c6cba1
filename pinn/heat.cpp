#include "pinn/heat.hpp"

#include <random>

#include "core/error.hpp"
#include "pinn/domain_sampling.hpp"

namespace tonnsim::pinn {

Heat::Heat(int space_dim, double boundary_weight)
    : d_(space_dim), boundary_weight_(boundary_weight) {
  require(space_dim >= 1, "space_dim", space_dim, "must be >= 1 for heat");
  require(boundary_weight >= 0.0, "condition_weight", boundary_weight, "must be >= 0");
}

Mat Heat::with_time(Rng& rng, Mat space) const {
  Mat X(d_ + 1, space.cols());
  X.topRows(d_) = space;
  X.row(d_) = sample_box(rng, Vec::Zero(1), Vec::Ones(1), space.cols());
  return X;
}

Mat Heat::sample_collocation(Rng& rng, Eigen::Index n) const {
  return with_time(rng, sample_ball(rng, d_, 1.0, n));
}

void Heat::residual(const ConstMatRef& X, const Jet& u, VecRef r) const {
  (void)X;
  r = u.grad.row(d_).transpose() - u.hess_diag.topRows(d_).colwise().sum().transpose();
}

void Heat::residual_vjp(const ConstMatRef& X, const Jet& u, const ConstVecRef& r_bar,
                        Jet& u_bar) const {
  (void)X;
  // r = u_t - Lap u: linear, dr/du_t = 1, dr/du_jj = -1 (j < d).
  u_bar.resize(u.dim(), u.batch());
  u_bar.value.setZero();
  u_bar.grad.setZero();
  u_bar.grad.row(d_) = r_bar.transpose();
  u_bar.hess_diag.topRows(d_).rowwise() = -r_bar.transpose();
  u_bar.hess_diag.row(d_).setZero();
}

void Heat::exact(const ConstMatRef& X, VecRef u) const {
  u = (X.topRows(d_).colwise().squaredNorm() / (2.0 * d_) + X.row(d_)).transpose();
}

void Heat::exact_jet(const ConstMatRef& X, Jet& u) const {
  u.resize(X.rows(), X.cols());
  exact(X, u.value);
  u.grad.topRows(d_) = X.topRows(d_) / double(d_);
  u.grad.row(d_).setOnes();
  u.hess_diag.topRows(d_).setConstant(1.0 / d_);
  u.hess_diag.row(d_).setZero();
}

std::vector<ConditionTerm> Heat::conditions() const {
  ConditionTerm boundary;
  boundary.name = "boundary |x|=1";
  boundary.weight = boundary_weight_;
  boundary.sample = [this](Rng& rng, Eigen::Index n) {
    return with_time(rng, sample_sphere(rng, d_, 1.0, n));
  };
  boundary.target = [this](const ConstMatRef& X, VecRef u) { exact(X, u); };
  return {boundary};
}

std::optional<DataGuess> Heat::data_guess() const {
  return carried_data_guess("initial data carried in time: u(x, t) = u(x, 0)");
}

void Heat::hard_constraint(const ConstMatRef& X, Jet& g, Jet& h) const {
  g.resize(X.rows(), X.cols());
  h.resize(X.rows(), X.cols());
  g.value = X.topRows(d_).colwise().squaredNorm().transpose() / (2.0 * d_);
  g.grad.topRows(d_) = X.topRows(d_) / double(d_);
  g.grad.row(d_).setZero();
  g.hess_diag.topRows(d_).setConstant(1.0 / d_);
  g.hess_diag.row(d_).setZero();
  h.value = X.row(d_).transpose();
  h.grad.setZero();
  h.grad.row(d_).setOnes();
  h.hess_diag.setZero();
}

}  // namespace tonnsim::pinn
