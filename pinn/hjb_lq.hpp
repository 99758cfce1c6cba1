#pragma once
// A linear-quadratic HJB equation with a nonlinear (in t) exact solution.
#include "pinn/pde.hpp"

namespace tonnsim::pinn {

/// u_t + Lap u - |grad u|^2 = 0 on x in [-1,1]^n, t in [0, T], u(x, T) = |x|^2; exact
///   u = |x|^2 / (1 + 4(T - t)) + (n/2) ln(1 + 4(T - t))
/// (the Cole-Hopf-solvable LQ control problem of Han, Jentzen and E, PNAS 115, 2018, with
/// terminal cost |x|^2). Check: with s = 1 + 4(T - t), u_t = 4|x|^2/s^2 - 2n/s,
/// Lap u = 2n/s, |grad u|^2 = 4|x|^2/s^2. Hard terminal constraint
/// u = |x|^2 + (T - t) N(x, t). Inputs (x_1..x_n, t); uniform in the box.
class HjbLq : public Pde {
 public:
  explicit HjbLq(int space_dim = 20, double horizon_s = 1.0);
  std::string name() const override { return "hjb_lq"; }
  int input_dim() const override { return n_ + 1; }
  Mat sample_collocation(Rng& rng, Eigen::Index n) const override;
  void residual(const ConstMatRef& X, const Jet& u, VecRef r) const override;
  void residual_vjp(const ConstMatRef& X, const Jet& u, const ConstVecRef& r_bar,
                    Jet& u_bar) const override;
  void exact(const ConstMatRef& X, VecRef u) const override;
  void exact_jet(const ConstMatRef& X, Jet& u) const override;
  void hard_constraint(const ConstMatRef& X, Jet& g, Jet& h) const override;
  /// Terminal data carried back in time, u = |x|^2 (equal to the N = 0 prediction).
  std::optional<DataGuess> data_guess() const override;

 private:
  int n_;
  double horizon_;  // T, the terminal time
};

}  // namespace tonnsim::pinn
