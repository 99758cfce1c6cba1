#include "pinn/pde.hpp"

#include "core/error.hpp"

namespace tonnsim::pinn {

void Pde::hard_constraint(const ConstMatRef& X, Jet& g, Jet& h) const {
  no_hard_constraint(X, g, h);
}

void no_hard_constraint(const ConstMatRef& X, Jet& g, Jet& h) {
  g.resize(X.rows(), X.cols());
  h.resize(X.rows(), X.cols());
  g.value.setZero();
  g.grad.setZero();
  g.hess_diag.setZero();
  h.value.setOnes();
  h.grad.setZero();
  h.hess_diag.setZero();
}

void Pde::solution_jet(const ConstMatRef& X, const Jet& n, Jet& u) const {
  require(X.rows() == input_dim(), "points rows", X.rows(),
          "must equal the " + name() + " input dimension " + std::to_string(input_dim()));
  Jet g, h;
  hard_constraint(X, g, h);
  u.resize(X.rows(), X.cols());
  const auto nv = n.value.transpose().array();
  const auto hv = h.value.transpose().array();
  u.value = g.value.array() + h.value.array() * n.value.array();
  u.grad = g.grad.array() + h.grad.array().rowwise() * nv + n.grad.array().rowwise() * hv;
  u.hess_diag = g.hess_diag.array() + h.hess_diag.array().rowwise() * nv +
                2.0 * h.grad.array() * n.grad.array() + n.hess_diag.array().rowwise() * hv;
}

void Pde::network_cotangent(const ConstMatRef& X, const Jet& ub, Jet& nb) const {
  require(X.rows() == input_dim(), "points rows", X.rows(),
          "must equal the " + name() + " input dimension " + std::to_string(input_dim()));
  Jet g, h;
  hard_constraint(X, g, h);
  nb.resize(X.rows(), X.cols());
  const auto hv = h.value.transpose().array();
  nb.value = (h.value.array() * ub.value.array()).matrix() +
             (h.grad.array() * ub.grad.array() + h.hess_diag.array() * ub.hess_diag.array())
                 .colwise()
                 .sum()
                 .transpose()
                 .matrix();
  nb.grad = ub.grad.array().rowwise() * hv + 2.0 * h.grad.array() * ub.hess_diag.array();
  nb.hess_diag = ub.hess_diag.array().rowwise() * hv;
}

namespace {
// Jet component c as a row over the batch: c = 0 the value, 1..D the gradient rows,
// D+1..2D the Hessian-diagonal rows.
using RowView = Eigen::Map<Eigen::RowVectorXd, 0, Eigen::InnerStride<>>;
RowView component(Jet& jet, Eigen::Index c) {
  const Eigen::Index D = jet.dim();
  if (c == 0) return RowView(jet.value.data(), jet.batch(), Eigen::InnerStride<>(1));
  Mat& m = c <= D ? jet.grad : jet.hess_diag;
  return RowView(m.data() + (c - 1) % D, m.cols(), Eigen::InnerStride<>(D));
}
}  // namespace

void Pde::residual_vjp(const ConstMatRef& X, const Jet& u, const ConstVecRef& r_bar,
                       Jet& u_bar) const {
  const Eigen::Index D = u.dim(), B = u.batch();
  require(r_bar.size() == B, "residual cotangent length", r_bar.size(),
          "must equal the batch size " + std::to_string(B));
  u_bar.resize(D, B);
  Jet shifted = u;
  Vec rp(B), rm(B);
  Eigen::RowVectorXd saved(B), step(B);
  for (Eigen::Index c = 0; c < 1 + 2 * D; ++c) {
    RowView row = component(shifted, c);
    saved = row;
    step = saved.cwiseAbs().array() + 1.0;
    row = saved + step;
    residual(X, shifted, rp);
    row = saved - step;
    residual(X, shifted, rm);
    row = saved;
    component(u_bar, c) = ((rp - rm).array() * r_bar.array()).transpose() / (2.0 * step.array());
  }
}

void Pde::prediction(const ConstMatRef& X, const ConstVecRef& network, VecRef u) const {
  Jet g, h;
  hard_constraint(X, g, h);
  u = g.value.array() + h.value.array() * network.array();
}

void Pde::network_for(const ConstMatRef& X, const ConstVecRef& u, VecRef network) const {
  Jet g, h;
  hard_constraint(X, g, h);
  network = (u.array() - g.value.array()) / h.value.array();
}

void Pde::exact_jet(const ConstMatRef& X, Jet& u) const {
  jet_by_differences([this](const ConstMatRef& P, VecRef v) { exact(P, v); }, X, fd_step(),
                     u);
}

void jet_by_differences(const std::function<void(const ConstMatRef&, VecRef)>& u,
                        const ConstMatRef& X, double h, Jet& jet) {
  const Eigen::Index D = X.rows(), B = X.cols();
  jet.resize(D, B);
  u(X, jet.value);
  Mat Xs = X;
  Vec f[4] = {Vec(B), Vec(B), Vec(B), Vec(B)};
  const double offsets[4] = {-2.0, -1.0, 1.0, 2.0};
  for (Eigen::Index j = 0; j < D; ++j) {
    for (int k = 0; k < 4; ++k) {
      Xs.row(j) = X.row(j).array() + offsets[k] * h;
      u(Xs, f[k]);
    }
    Xs.row(j) = X.row(j);
    jet.grad.row(j) = ((f[0] - 8.0 * f[1] + 8.0 * f[2] - f[3]) / (12.0 * h)).transpose();
    jet.hess_diag.row(j) =
        ((-f[0] + 16.0 * f[1] - 30.0 * jet.value + 16.0 * f[2] - f[3]) / (12.0 * h * h))
            .transpose();
  }
}

}  // namespace tonnsim::pinn
