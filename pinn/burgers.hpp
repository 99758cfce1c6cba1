#pragma once
// Viscous Burgers' equation in 1-D, the classic PINN benchmark.
#include "pinn/gauss_hermite.hpp"
#include "pinn/pde_description.hpp"

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
/// Data guess: the initial data decaying in time, u = -sin(pi x) e^(-t) (no shock).
PdeDescription burgers_description(const BurgersOptions& options = {});

/// The Cole-Hopf reference above, point by point.
class BurgersReference {
 public:
  explicit BurgersReference(const BurgersOptions& options = {});
  double operator()(double x, double t) const;

 private:
  BurgersOptions o_;
  QuadratureRule rule_;
  Vec log_weights_;
};

class Burgers : public DescribedPde {
 public:
  explicit Burgers(const BurgersOptions& options = {})
      : DescribedPde(burgers_description(options)), reference_(options) {}
  /// The Cole-Hopf reference at one point.
  double reference(double x, double t) const { return reference_(x, t); }

 private:
  BurgersReference reference_;
};

}  // namespace tonnsim::pinn
