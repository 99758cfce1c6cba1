#include "pinn/burgers.hpp"

#include <cmath>
#include <memory>

#include "core/error.hpp"
#include "pinn/domain_sampling.hpp"

namespace tonnsim::pinn {
namespace {
constexpr double kPi = 3.14159265358979323846;
}

void BurgersOptions::validate() const {
  require(viscosity > 0.0, "viscosity", viscosity, "must be > 0");
  require(quadrature_points >= 2, "quadrature_points", quadrature_points, "must be >= 2");
  require(condition_weight >= 0.0, "condition_weight", condition_weight, "must be >= 0");
}

BurgersReference::BurgersReference(const BurgersOptions& options) : o_(options) {
  o_.validate();
  rule_ = gauss_hermite_normal(o_.quadrature_points);
  log_weights_ = rule_.weights.array().log();
}

double BurgersReference::operator()(double x, double t) const {
  const double a = std::sqrt(2.0 * o_.viscosity * std::max(t, 0.0));
  const double c = 1.0 / (2.0 * kPi * o_.viscosity);
  double log_max = -INFINITY;
  for (Eigen::Index i = 0; i < rule_.nodes.size(); ++i)
    log_max = std::max(log_max, log_weights_(i) - c * std::cos(kPi * (x - a * rule_.nodes(i))));
  double num = 0.0, den = 0.0;
  for (Eigen::Index i = 0; i < rule_.nodes.size(); ++i) {
    const double y = kPi * (x - a * rule_.nodes(i));
    const double m = std::exp(log_weights_(i) - c * std::cos(y) - log_max);
    num += std::sin(y) * m;
    den += m;
  }
  return -num / den;
}

PdeDescription burgers_description(const BurgersOptions& options) {
  const auto reference = std::make_shared<const BurgersReference>(options);  // validates
  const double nu = options.viscosity;
  PdeDescription p = PdeDescription::on_box("burgers", 1, true, Vec{{-1.0, 0.0}}, Vec{{1.0, 1.0}});
  p.fd_step = 1e-4;
  p.residual = [nu](const ConstMatRef&, const Jet& u, VecRef r) {
    r = u.grad.row(1).transpose().array() + u.value.array() * u.grad.row(0).transpose().array() -
        nu * u.hess_diag.row(0).transpose().array();
  };
  p.residual_vjp = [nu](const ConstMatRef&, const Jet& u, const ConstVecRef& r_bar, Jet& u_bar) {
    // r = u_t + u u_x - nu u_xx: dr/du = u_x, dr/du_x = u, dr/du_t = 1, dr/du_xx = -nu.
    u_bar.resize(u.dim(), u.batch());
    u_bar.value = (u.grad.row(0).transpose().array() * r_bar.array()).matrix();
    u_bar.grad.row(0) = (u.value.array() * r_bar.array()).transpose();
    u_bar.grad.row(1) = r_bar.transpose();
    u_bar.hess_diag.row(0) = -nu * r_bar.transpose();
    u_bar.hess_diag.row(1).setZero();
  };
  p.exact = [reference](const ConstMatRef& X, VecRef u) {
#pragma omp parallel for schedule(static) if (X.cols() > 256)
    for (Eigen::Index b = 0; b < X.cols(); ++b) u(b) = (*reference)(X(0, b), X(1, b));
  };
  const double w = options.condition_weight;
  p.conditions = {
      {"initial t=0", w,
       [interior = p.sample_collocation](Rng& rng, Eigen::Index n) {
         Mat X = interior(rng, n);
         X.row(1).setZero();
         return X;
       },
       [](const ConstMatRef& X, VecRef u) { u = -(kPi * X.row(0).array()).sin().transpose(); }},
      {"boundary x=+-1", w,
       [lower = p.lower, upper = p.upper](Rng& rng, Eigen::Index n) {
         return sample_box_faces(rng, lower, upper, 1, n);
       },
       [](const ConstMatRef&, VecRef u) { u.setZero(); }}};
  p.data_guess = DataGuess{"initial data decaying in time: u = -sin(pi x) e^(-t)",
                           [](const ConstMatRef& X, VecRef u) {
                             u = -((kPi * X.row(0).array()).sin() * (-X.row(1).array()).exp())
                                      .transpose();
                           }};
  return p;
}

}  // namespace tonnsim::pinn
