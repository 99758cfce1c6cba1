#pragma once
// The heat equation in a high-dimensional ball with an exact network part that varies.
#include "pinn/heat.hpp"

namespace tonnsim::pinn {

/// u_t = Lap u for |x| < 1 in d dimensions, t in [0,1] (the PDE, domain and sampling of
/// Heat), with the exact solution
///   u = |x|^2/(2d) + t + e^(-t) sin(z),   z = (sum_i x_i) / sqrt(d):
/// Heat's solution plus a decaying Fourier mode along the diagonal direction
/// (1, ..., 1)/sqrt(d). Check: d_j z = 1/sqrt(d), so Lap sin(z) = -sin(z) and
/// (e^(-t) sin z)_t = -e^(-t) sin z = Lap(e^(-t) sin z). For x uniform in the ball,
/// z has mean 0 and variance d/(d + 2) (about 1), so the mode varies O(1) in every
/// dimension. Hard initial constraint u = |x|^2/(2d) + sin(z) + t N(x, t); the exact
/// network part is
///   N* = 1 + sin(z) (e^(-t) - 1)/t
/// (entire in t: (e^(-t) - 1)/t = -1 + t/2 - ...), mean about 1 and standard deviation
/// about 0.5 on the test set (Heat's N* is the constant 1). Soft Dirichlet data on |x| = 1
/// from the exact solution, as in Heat.
///   u_j = x_j/d + e^(-t) cos(z)/sqrt(d),  u_jj = 1/d - e^(-t) sin(z)/d,
///   u_t = 1 - e^(-t) sin(z),              u_tt = e^(-t) sin(z).
class HeatVarying : public Heat {
 public:
  explicit HeatVarying(int space_dim = 100, double boundary_weight = 1.0);
  std::string name() const override { return "heat_varying"; }
  void exact(const ConstMatRef& X, VecRef u) const override;
  void exact_jet(const ConstMatRef& X, Jet& u) const override;
  void hard_constraint(const ConstMatRef& X, Jet& g, Jet& h) const override;

 private:
  /// z = sum_i x_i / sqrt(d) at the columns of X, as a row.
  Eigen::RowVectorXd diagonal(const ConstMatRef& X) const;
};

}  // namespace tonnsim::pinn
