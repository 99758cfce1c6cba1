#pragma once
// Viscous Burgers' equation in 1-D, the classic PINN benchmark.
#include "pinn/gauss_hermite.hpp"
#include "pinn/pde.hpp"

namespace tonnsim::pinn {

struct BurgersOptions {
  /// Viscosity nu = 0.01/pi (Raissi, Perdikaris and Karniadakis, J. Comput. Phys. 378,
  /// 2019): a shock of width ~ nu forms at x = 0 near t = 1/pi.
  double viscosity = 0.01 / 3.14159265358979323846;
  /// Gauss-Hermite points of the Cole-Hopf reference. The kernel's mass sits up to
  /// ~9 standard deviations out near the shock, so the rule must reach that far.
  int quadrature_points = 200;
  double condition_weight = 1.0;  ///< weight of the initial and the boundary term

  void validate() const;
};

/// u_t + u u_x - nu u_xx = 0 on x in [-1,1], t in [0,1], u(x,0) = -sin(pi x),
/// u(+-1,t) = 0 (soft conditions). Reference from the Cole-Hopf transform
/// (Basdevant et al., Computers & Fluids 14, 1986):
///   u(x,t) = - E[sin(pi(x - a z)) F(x - a z)] / E[F(x - a z)],  z ~ N(0,1),
///   a = sqrt(2 nu t), F(y) = exp(-cos(pi y) / (2 pi nu)),
/// both expectations by one Gauss-Hermite rule, summed in log space (F reaches e^50).
/// Inputs (x, t), uniform in the box.
class Burgers : public Pde {
 public:
  explicit Burgers(const BurgersOptions& options = {});
  std::string name() const override { return "burgers"; }
  int input_dim() const override { return 2; }
  Mat sample_collocation(Rng& rng, Eigen::Index n) const override;
  void residual(const ConstMatRef& X, const Jet& u, VecRef r) const override;
  void residual_vjp(const ConstMatRef& X, const Jet& u, const ConstVecRef& r_bar,
                    Jet& u_bar) const override;
  void exact(const ConstMatRef& X, VecRef u) const override;
  std::vector<ConditionTerm> conditions() const override;
  /// Initial data decaying in time, u = -sin(pi x) e^(-t) (no shock).
  std::optional<DataGuess> data_guess() const override;
  double fd_step() const override { return 1e-4; }

  /// The Cole-Hopf reference at one point.
  double reference(double x, double t) const;

 private:
  BurgersOptions o_;
  QuadratureRule rule_;
  Vec log_weights_;
};

}  // namespace tonnsim::pinn
