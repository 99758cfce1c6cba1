#include "pinn/poisson_sines.hpp"

#include <cmath>

namespace tonnsim::pinn {

namespace {
const double kPi = std::acos(-1.0);
}  // namespace

PoissonSines::PoissonSines(int space_dim, double boundary_weight)
    : Poisson(space_dim, boundary_weight) {}

void PoissonSines::exact(const ConstMatRef& X, VecRef u) const {
  u = (kPi * X.array()).sin().colwise().prod().matrix().transpose();
}

void PoissonSines::source(const ConstMatRef& X, VecRef f) const {
  exact(X, f);
  f *= d_ * kPi * kPi;
}

void PoissonSines::exact_jet(const ConstMatRef& X, Jet& u) const {
  u.resize(X.rows(), X.cols());
  exact(X, u.value);
  const Eigen::ArrayXXd s = (kPi * X.array()).sin(), c = (kPi * X.array()).cos();
  for (int j = 0; j < d_; ++j) {
    // The product of the other factors, without dividing by sin (zero on the boundary).
    Eigen::ArrayXXd others = Eigen::ArrayXXd::Ones(1, X.cols());
    for (int i = 0; i < d_; ++i)
      if (i != j) others *= s.row(i);
    u.grad.row(j) = (kPi * c.row(j) * others).matrix();
  }
  u.hess_diag = (-kPi * kPi * u.value.transpose()).replicate(d_, 1);
}

}  // namespace tonnsim::pinn
