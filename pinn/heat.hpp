#pragma once
// The heat equation in a high-dimensional ball.
#include "pinn/pde.hpp"

namespace tonnsim::pinn {

/// u_t = Lap u for |x| < 1 in d dimensions, t in [0,1]; exact u = |x|^2/(2d) + t
/// (u_t = 1 = Lap u). Hard initial constraint u = |x|^2/(2d) + t N(x, t) (exact N = 1);
/// soft Dirichlet data u = 1/(2d) + t on the sphere |x| = 1. Collocation and test points
/// uniform in the ball times [0,1]. The boundary data come from exact(), so a subclass
/// with another exact solution (HeatVarying) keeps them consistent.
class Heat : public Pde {
 public:
  explicit Heat(int space_dim = 100, double boundary_weight = 1.0);
  std::string name() const override { return "heat"; }
  int input_dim() const override { return d_ + 1; }
  Mat sample_collocation(Rng& rng, Eigen::Index n) const override;
  void residual(const ConstMatRef& X, const Jet& u, VecRef r) const override;
  void residual_vjp(const ConstMatRef& X, const Jet& u, const ConstVecRef& r_bar,
                    Jet& u_bar) const override;
  void exact(const ConstMatRef& X, VecRef u) const override;
  void exact_jet(const ConstMatRef& X, Jet& u) const override;
  std::vector<ConditionTerm> conditions() const override;
  void hard_constraint(const ConstMatRef& X, Jet& g, Jet& h) const override;
  /// Initial data carried forward in time, u = |x|^2/(2d) (equal to the N = 0 prediction).
  std::optional<DataGuess> data_guess() const override;

 protected:
  /// Appends a uniform time row in [0,1] to d x n spatial points.
  Mat with_time(Rng& rng, Mat space) const;
  int d_;
  double boundary_weight_;
};

}  // namespace tonnsim::pinn
