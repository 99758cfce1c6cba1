#include "pinn/black_scholes.hpp"

#include <cmath>

#include "core/error.hpp"

namespace tonnsim::pinn {

void BlackScholesOptions::validate() const {
  require(strike > 0.0, "strike", strike, "must be > 0");
  require(max_price > strike, "max_price", max_price, "must exceed the strike");
  require(volatility > 0.0, "volatility", volatility, "must be > 0");
  require(maturity_s > 0.0, "maturity_s", maturity_s, "must be > 0");
  require(condition_weight >= 0.0, "condition_weight", condition_weight, "must be >= 0");
}

double black_scholes_call(double price, double strike, double rate, double volatility,
                          double tau) {
  if (price <= 0.0) return 0.0;
  if (tau <= 0.0) return std::max(price - strike, 0.0);
  const double sq = volatility * std::sqrt(tau);
  const double d1 = (std::log(price / strike) + (rate + 0.5 * volatility * volatility) * tau) / sq;
  const double d2 = d1 - sq;
  const auto phi = [](double x) { return 0.5 * std::erfc(-x / std::sqrt(2.0)); };
  return price * phi(d1) - strike * std::exp(-rate * tau) * phi(d2);
}

PdeDescription black_scholes_description(const BlackScholesOptions& options) {
  options.validate();
  const BlackScholesOptions o = options;
  PdeDescription p =
      PdeDescription::on_box("black_scholes", 1, true, Vec::Zero(2), Vec{{1.0, o.maturity_s}});
  p.fd_step = 1e-4;
  p.residual = [o](const ConstMatRef& X, const Jet& u, VecRef r) {
    const auto s = X.row(0).transpose().array();
    r = u.grad.row(1).transpose().array() +
        0.5 * o.volatility * o.volatility * s.square() * u.hess_diag.row(0).transpose().array() +
        o.rate * s * u.grad.row(0).transpose().array() - o.rate * u.value.array();
  };
  p.residual_vjp = [o](const ConstMatRef& X, const Jet& u, const ConstVecRef& r_bar,
                       Jet& u_bar) {
    // dr/dv_t = 1, dr/dv_ss = sigma^2 s^2 / 2, dr/dv_s = r s, dr/dv = -r.
    const auto s = X.row(0).array();
    const auto rb = r_bar.transpose().array();
    u_bar.resize(u.dim(), u.batch());
    u_bar.value = -o.rate * r_bar;
    u_bar.grad.row(0) = o.rate * s * rb;
    u_bar.grad.row(1) = rb;
    u_bar.hess_diag.row(0) = 0.5 * o.volatility * o.volatility * s.square() * rb;
    u_bar.hess_diag.row(1).setZero();
  };
  p.exact = [o](const ConstMatRef& X, VecRef u) {
    for (Eigen::Index b = 0; b < X.cols(); ++b)
      u(b) = black_scholes_call(X(0, b) * o.max_price, o.strike, o.rate, o.volatility,
                                o.maturity_s - X(1, b)) /
             o.max_price;
  };
  // Points with one coordinate pinned (row, value), the other uniform in its range.
  const auto edge = [interior = p.sample_collocation](int pinned_row, double value) {
    return [interior, pinned_row, value](Rng& rng, Eigen::Index n) {
      Mat X = interior(rng, n);
      X.row(pinned_row).setConstant(value);
      return X;
    };
  };
  const double k = o.strike / o.max_price;
  p.conditions = {
      {"terminal t=T", o.condition_weight, edge(1, o.maturity_s),
       [k](const ConstMatRef& X, VecRef u) { u = (X.row(0).array() - k).max(0.0).transpose(); }},
      {"boundary s=0", o.condition_weight, edge(0, 0.0),
       [](const ConstMatRef&, VecRef u) { u.setZero(); }},
      {"boundary s=1", o.condition_weight, edge(0, 1.0),
       [o, k](const ConstMatRef& X, VecRef u) {
         u = (1.0 - k * (-o.rate * (o.maturity_s - X.row(1).array())).exp()).transpose();
       }}};
  p.data_guess =
      DataGuess{"discounted-strike lower bound: v = max(s - (K/S_max) e^(-r(T-t)), 0)",
                [o, k](const ConstMatRef& X, VecRef u) {
                  u = (X.row(0).array() - k * (-o.rate * (o.maturity_s - X.row(1).array())).exp())
                          .max(0.0)
                          .transpose();
                }};
  return p;
}

}  // namespace tonnsim::pinn
