#include "pinn/poisson_sines.hpp"

#include <cmath>

namespace tonnsim::pinn {

namespace {
const double kPi = std::acos(-1.0);
}  // namespace

PdeDescription poisson_sines_description(int d, double boundary_weight) {
  PdeDescription p = poisson_description(d, boundary_weight);
  p.name = "poisson_sines";
  p.exact = [](const ConstMatRef& X, VecRef u) {
    u = (kPi * X.array()).sin().colwise().prod().matrix().transpose();
  };
  p.residual = poisson_residual([d, exact = p.exact](const ConstMatRef& X, VecRef f) {
    exact(X, f);
    f *= d * kPi * kPi;
  });
  p.exact_jet = [d, exact = p.exact](const ConstMatRef& X, Jet& u) {
    u.resize(X.rows(), X.cols());
    exact(X, u.value);
    const Eigen::ArrayXXd s = (kPi * X.array()).sin(), c = (kPi * X.array()).cos();
    for (int j = 0; j < d; ++j) {
      // The product of the other factors, without dividing by sin (zero on the boundary).
      Eigen::ArrayXXd others = Eigen::ArrayXXd::Ones(1, X.cols());
      for (int i = 0; i < d; ++i)
        if (i != j) others *= s.row(i);
      u.grad.row(j) = (kPi * c.row(j) * others).matrix();
    }
    u.hess_diag = (-kPi * kPi * u.value.transpose()).replicate(d, 1);
  };
  p.conditions.front().target = p.exact;  // homogeneous Dirichlet data u = 0
  return p;
}

}  // namespace tonnsim::pinn
