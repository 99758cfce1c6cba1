#include "pinn/poisson.hpp"

#include "core/error.hpp"
#include "pinn/domain_sampling.hpp"

namespace tonnsim::pinn {

Poisson::Poisson(int space_dim, double boundary_weight)
    : d_(space_dim), boundary_weight_(boundary_weight) {
  require(space_dim >= 1, "space_dim", space_dim, "must be >= 1 for poisson");
  require(boundary_weight >= 0.0, "condition_weight", boundary_weight, "must be >= 0");
}

Mat Poisson::sample_collocation(Rng& rng, Eigen::Index n) const {
  return sample_box(rng, Vec::Zero(d_), Vec::Ones(d_), n);
}

void Poisson::source(const ConstMatRef& X, VecRef f) const {
  f = X.colwise().sum().array().sin().matrix().transpose();
}

void Poisson::residual(const ConstMatRef& X, const Jet& u, VecRef r) const {
  source(X, r);
  r += u.hess_diag.colwise().sum().transpose();
}

void Poisson::residual_vjp(const ConstMatRef& X, const Jet& u, const ConstVecRef& r_bar,
                           Jet& u_bar) const {
  (void)X;
  // r = Lap u + source (independent of u): dr/du_jj = 1.
  u_bar.resize(u.dim(), u.batch());
  u_bar.value.setZero();
  u_bar.grad.setZero();
  u_bar.hess_diag.rowwise() = r_bar.transpose();
}

void Poisson::exact(const ConstMatRef& X, VecRef u) const {
  u = X.colwise().sum().array().sin().matrix().transpose() / double(d_);
}

void Poisson::exact_jet(const ConstMatRef& X, Jet& u) const {
  u.resize(X.rows(), X.cols());
  exact(X, u.value);
  const Eigen::RowVectorXd c = X.colwise().sum().array().cos().matrix() / double(d_);
  u.grad = c.replicate(d_, 1);
  u.hess_diag = (-u.value.transpose()).replicate(d_, 1);
}

std::vector<ConditionTerm> Poisson::conditions() const {
  ConditionTerm boundary;
  boundary.name = "boundary";
  boundary.weight = boundary_weight_;
  boundary.sample = [this](Rng& rng, Eigen::Index n) {
    return sample_box_faces(rng, Vec::Zero(d_), Vec::Ones(d_), d_, n);
  };
  boundary.target = [this](const ConstMatRef& X, VecRef u) { exact(X, u); };
  return {boundary};
}

}  // namespace tonnsim::pinn
