#pragma once
// A d-dimensional Poisson problem with a smooth exact solution.
#include "pinn/pde.hpp"

namespace tonnsim::pinn {

/// Lap u + sin(sum_i x_i) = 0 on [0,1]^d with Dirichlet data from the exact solution
/// u = sin(sum_i x_i) / d (each of the d second derivatives is -sin(sum x)/d).
/// No time input; soft boundary term on the 2d faces; interior points uniform. No data
/// guess: the data lives on the boundary only (baselines: N = 0 and the best constant).
class Poisson : public Pde {
 public:
  explicit Poisson(int space_dim = 2, double boundary_weight = 1.0);
  std::string name() const override { return "poisson"; }
  int input_dim() const override { return d_; }
  Mat sample_collocation(Rng& rng, Eigen::Index n) const override;
  void residual(const ConstMatRef& X, const Jet& u, VecRef r) const override;
  void residual_vjp(const ConstMatRef& X, const Jet& u, const ConstVecRef& r_bar,
                    Jet& u_bar) const override;
  void exact(const ConstMatRef& X, VecRef u) const override;
  void exact_jet(const ConstMatRef& X, Jet& u) const override;
  std::vector<ConditionTerm> conditions() const override;

 protected:
  /// The source f at the columns of X in Lap u + f = 0: sin(sum x) here; a subclass with
  /// another exact solution (PoissonSines) supplies its own. The boundary data come from
  /// exact(), so they follow the subclass too.
  virtual void source(const ConstMatRef& X, VecRef f) const;
  int d_;
  double boundary_weight_;
};

}  // namespace tonnsim::pinn
