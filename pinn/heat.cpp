#include "pinn/heat.hpp"

#include "core/error.hpp"
#include "pinn/domain_sampling.hpp"

namespace tonnsim::pinn {

namespace {
// Appends a uniform time row in [0,1] to d x n spatial points.
Mat with_time(Rng& rng, int d, Mat space) {
  Mat X(d + 1, space.cols());
  X.topRows(d) = space;
  X.row(d) = sample_box(rng, Vec::Zero(1), Vec::Ones(1), space.cols());
  return X;
}
}  // namespace

PdeDescription heat_description(int d, double boundary_weight) {
  require(d >= 1, "space_dim", d, "must be >= 1 for heat");
  require(boundary_weight >= 0.0, "condition_weight", boundary_weight, "must be >= 0");
  Vec lower = Vec::Constant(d + 1, -1.0);  // the ball's bounding box, t in [0, 1]
  lower(d) = 0.0;
  PdeDescription p = PdeDescription::on_box("heat", d, true, lower, Vec::Ones(d + 1));
  p.sample_collocation = [d](Rng& rng, Eigen::Index n) {
    return with_time(rng, d, sample_ball(rng, d, 1.0, n));
  };
  p.residual = [d](const ConstMatRef&, const Jet& u, VecRef r) {
    r = u.grad.row(d).transpose() - u.hess_diag.topRows(d).colwise().sum().transpose();
  };
  p.residual_vjp = [d](const ConstMatRef&, const Jet& u, const ConstVecRef& r_bar, Jet& u_bar) {
    // r = u_t - Lap u: linear, dr/du_t = 1, dr/du_jj = -1 (j < d).
    u_bar.resize(u.dim(), u.batch());
    u_bar.value.setZero();
    u_bar.grad.setZero();
    u_bar.grad.row(d) = r_bar.transpose();
    u_bar.hess_diag.topRows(d).rowwise() = -r_bar.transpose();
    u_bar.hess_diag.row(d).setZero();
  };
  p.exact = [d](const ConstMatRef& X, VecRef u) {
    u = (X.topRows(d).colwise().squaredNorm() / (2.0 * d) + X.row(d)).transpose();
  };
  p.exact_jet = [d, exact = p.exact](const ConstMatRef& X, Jet& u) {
    u.resize(X.rows(), X.cols());
    exact(X, u.value);
    u.grad.topRows(d) = X.topRows(d) / double(d);
    u.grad.row(d).setOnes();
    u.hess_diag.topRows(d).setConstant(1.0 / d);
    u.hess_diag.row(d).setZero();
  };
  p.hard_constraint = [d](const ConstMatRef& X, Jet& g, Jet& h) {
    g.resize(X.rows(), X.cols());
    h.resize(X.rows(), X.cols());
    g.value = X.topRows(d).colwise().squaredNorm().transpose() / (2.0 * d);
    g.grad.topRows(d) = X.topRows(d) / double(d);
    g.grad.row(d).setZero();
    g.hess_diag.topRows(d).setConstant(1.0 / d);
    g.hess_diag.row(d).setZero();
    h.value = X.row(d).transpose();
    h.grad.setZero();
    h.grad.row(d).setOnes();
    h.hess_diag.setZero();
  };
  ConditionTerm boundary;
  boundary.name = "boundary |x|=1";
  boundary.weight = boundary_weight;
  boundary.sample = [d](Rng& rng, Eigen::Index n) {
    return with_time(rng, d, sample_sphere(rng, d, 1.0, n));
  };
  boundary.target = p.exact;
  p.conditions.push_back(std::move(boundary));
  p.data_guess = carried_data_guess("initial data carried in time: u(x, t) = u(x, 0)",
                                    p.hard_constraint);
  return p;
}

}  // namespace tonnsim::pinn
