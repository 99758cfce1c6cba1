#include "pinn/poisson.hpp"

#include "core/error.hpp"
#include "pinn/domain_sampling.hpp"

namespace tonnsim::pinn {

PdeDescription::Residual poisson_residual(PdeDescription::Field source) {
  return [source](const ConstMatRef& X, const Jet& u, VecRef r) {
    source(X, r);
    r += u.hess_diag.colwise().sum().transpose();
  };
}

PdeDescription poisson_description(int d, double boundary_weight) {
  require(d >= 1, "space_dim", d, "must be >= 1 for poisson");
  require(boundary_weight >= 0.0, "condition_weight", boundary_weight, "must be >= 0");
  PdeDescription p = PdeDescription::on_box("poisson", d, false, Vec::Zero(d), Vec::Ones(d));
  p.residual = poisson_residual([](const ConstMatRef& X, VecRef f) {
    f = X.colwise().sum().array().sin().matrix().transpose();
  });
  p.residual_vjp = [](const ConstMatRef&, const Jet& u, const ConstVecRef& r_bar, Jet& u_bar) {
    // r = Lap u + source (independent of u): dr/du_jj = 1.
    u_bar.resize(u.dim(), u.batch());
    u_bar.value.setZero();
    u_bar.grad.setZero();
    u_bar.hess_diag.rowwise() = r_bar.transpose();
  };
  p.exact = [d](const ConstMatRef& X, VecRef u) {
    u = X.colwise().sum().array().sin().matrix().transpose() / double(d);
  };
  p.exact_jet = [d, exact = p.exact](const ConstMatRef& X, Jet& u) {
    u.resize(X.rows(), X.cols());
    exact(X, u.value);
    const Eigen::RowVectorXd c = X.colwise().sum().array().cos().matrix() / double(d);
    u.grad = c.replicate(d, 1);
    u.hess_diag = (-u.value.transpose()).replicate(d, 1);
  };
  ConditionTerm boundary;
  boundary.name = "boundary";
  boundary.weight = boundary_weight;
  boundary.sample = [d, lower = p.lower, upper = p.upper](Rng& rng, Eigen::Index n) {
    return sample_box_faces(rng, lower, upper, d, n);
  };
  boundary.target = p.exact;
  p.conditions.push_back(std::move(boundary));
  return p;
}

}  // namespace tonnsim::pinn
