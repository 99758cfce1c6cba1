#pragma once
// The flagship problem: a 20-dimensional Hamilton-Jacobi-Bellman equation.
#include "pinn/pde.hpp"

namespace tonnsim::pinn {

/// u_t + Lap_x u - 0.05 |grad_x u|^2 + 2 = 0 on x in [0,1]^n, t in [0,1], u(x, 1) = sum x_i;
/// exact u = sum x_i + 1 - t (n = 20 in the published runs: Zhao et al., "Tensor-compressed
/// back-propagation-free training for (physics-informed) neural networks", 2023).
/// Hard terminal constraint u = sum x_i + (1 - t) N(x, t): the exact network part is
/// N = 1. Inputs (x_1..x_n, t); collocation and test points uniform in the unit box.
/// For other n the source 2 (= 1 + 0.05 * 20) becomes 1 + 0.05 n, which keeps the same exact solution
/// (u_t = -1, Lap u = 0, |grad u|^2 = n), so small instances test the same code.
class Hjb : public Pde {
 public:
  explicit Hjb(int space_dim = 20);
  std::string name() const override { return "hjb20"; }
  int input_dim() const override { return n_ + 1; }
  Mat sample_collocation(Rng& rng, Eigen::Index n) const override;
  void residual(const ConstMatRef& X, const Jet& u, VecRef r) const override;
  void residual_vjp(const ConstMatRef& X, const Jet& u, const ConstVecRef& r_bar,
                    Jet& u_bar) const override;
  void exact(const ConstMatRef& X, VecRef u) const override;
  void exact_jet(const ConstMatRef& X, Jet& u) const override;
  void hard_constraint(const ConstMatRef& X, Jet& g, Jet& h) const override;
  /// Terminal data carried back in time, u = sum x_i (equal to the N = 0 prediction).
  std::optional<DataGuess> data_guess() const override;

 protected:
  /// The source c(x, t) at the columns of X: the constant 1 + 0.05 n here; a manufactured
  /// solution (HjbVarying) supplies its own. The residual is u_t + Lap u - 0.05 |grad u|^2 + c.
  virtual void source(const ConstMatRef& X, VecRef c) const;
  /// Coefficient of |grad_x u|^2 (0.05 in the published problem).
  static constexpr double kControlCost = 0.05;
  int n_;
};

}  // namespace tonnsim::pinn
