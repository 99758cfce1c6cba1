#pragma once
// The heat equation in a high-dimensional ball with an exact network part that varies.
#include "pinn/heat.hpp"

namespace tonnsim::pinn {

/// u_t = Lap u for |x| < 1 in d dimensions, t in [0,1] (the PDE, domain and sampling of
/// Heat), with the second radial heat polynomial as exact solution (Widder, "The heat
/// equation", 1975, ch. 2):
///   u = |x|^4 / (4d(d+2)) + t |x|^2 / d + t^2.
/// Check, with q = |x|^2: u_j = q x_j/(d(d+2)) + 2t x_j/d,
///   u_jj = (q + 2 x_j^2)/(d(d+2)) + 2t/d, Lap u = (d + 2) q/(d(d+2)) + 2t = q/d + 2t = u_t;
///   u_tt = 2. Hard initial constraint u = |x|^4/(4d(d+2)) + t N(x, t): the exact network
/// part is N* = t + |x|^2/d, mean about 0.51 and standard deviation 0.29 on the test set
/// (Heat's N* is the constant 1). Its variation comes from t: for x uniform in the
/// 100-dimensional ball every linear or radial feature concentrates (a unit direction
/// has variance 1/(d+2), |x|^2 lies in [0.96, 1] for most points), and a heat mode with
/// O(1) spatial variation needs frequency ~sqrt(d), i.e. decay e^(-d t). Soft Dirichlet
/// data on |x| = 1 from the exact solution, as in Heat.
class HeatVarying : public Heat {
 public:
  explicit HeatVarying(int space_dim = 100, double boundary_weight = 1.0);
  std::string name() const override { return "heat_varying"; }
  void exact(const ConstMatRef& X, VecRef u) const override;
  void exact_jet(const ConstMatRef& X, Jet& u) const override;
  void hard_constraint(const ConstMatRef& X, Jet& g, Jet& h) const override;

 private:
  /// g = |x|^4 / (4d(d+2)) and its jet (zero time derivatives).
  void initial_jet(const ConstMatRef& X, Jet& g) const;
};

}  // namespace tonnsim::pinn
