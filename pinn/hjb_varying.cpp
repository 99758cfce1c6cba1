#include "pinn/hjb_varying.hpp"

#include <cmath>
#include <random>

#include "core/error.hpp"

namespace tonnsim::pinn {

HjbVarying::HjbVarying(int space_dim, double boundary_weight)
    : Hjb(space_dim), boundary_weight_(boundary_weight) {
  require(boundary_weight >= 0.0, "condition_weight", boundary_weight, "must be >= 0");
}

std::vector<ConditionTerm> HjbVarying::conditions() const {
  if (boundary_weight_ == 0.0) return {};
  ConditionTerm boundary;
  boundary.name = "boundary x_j in {0, 1}";
  boundary.weight = boundary_weight_;
  boundary.sample = [this](Rng& rng, Eigen::Index n) {
    Mat X = sample_collocation(rng, n);
    std::uniform_int_distribution<int> face(0, 2 * n_ - 1);
    for (Eigen::Index b = 0; b < n; ++b) {
      const int f = face(rng);
      X(f / 2, b) = double(f % 2);
    }
    return X;
  };
  boundary.target = [this](const ConstMatRef& X, VecRef u) { exact(X, u); };
  return {boundary};
}

Eigen::RowVectorXd HjbVarying::phi(const ConstMatRef& X) const {
  const double root_n = std::sqrt(double(n_));
  const Eigen::ArrayXXd z = (X.topRows(n_).colwise().sum().array() - 0.5 * n_) / root_n;
  return (X.row(n_).array() + z - 0.5).exp().matrix();
}

void HjbVarying::source(const ConstMatRef& X, VecRef c) const {
  const Eigen::ArrayXXd p = phi(X).array(), s = 1.0 - X.row(n_).array();
  const double root_n = std::sqrt(double(n_));
  c = (kControlCost * n_ + (1.0 - 2.0 * s + 2.0 * kControlCost * root_n * s) * p +
       kControlCost * s * s * p * p)
          .matrix()
          .transpose();
}

void HjbVarying::exact(const ConstMatRef& X, VecRef u) const {
  u = (X.topRows(n_).colwise().sum().array() + (1.0 - X.row(n_).array()) * phi(X).array())
          .matrix()
          .transpose();
}

void HjbVarying::exact_jet(const ConstMatRef& X, Jet& u) const {
  u.resize(X.rows(), X.cols());
  exact(X, u.value);
  const Eigen::ArrayXXd p = phi(X).array(), t = X.row(n_).array();
  const double root_n = std::sqrt(double(n_));
  u.grad.topRows(n_) = (1.0 + (1.0 - t) * p / root_n).matrix().replicate(n_, 1);
  u.grad.row(n_) = (-t * p).matrix();
  u.hess_diag.topRows(n_) = ((1.0 - t) * p / double(n_)).matrix().replicate(n_, 1);
  u.hess_diag.row(n_) = (-(1.0 + t) * p).matrix();
}

}  // namespace tonnsim::pinn
