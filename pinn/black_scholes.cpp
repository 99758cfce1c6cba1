#include "pinn/black_scholes.hpp"

#include <cmath>

#include "core/error.hpp"
#include "pinn/domain_sampling.hpp"

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

BlackScholes::BlackScholes(const BlackScholesOptions& options) : o_(options) { o_.validate(); }

Mat BlackScholes::sample_collocation(Rng& rng, Eigen::Index n) const {
  return sample_box(rng, Vec::Zero(2), Vec{{1.0, o_.maturity_s}}, n);
}

void BlackScholes::residual(const ConstMatRef& X, const Jet& u, VecRef r) const {
  const auto s = X.row(0).transpose().array();
  r = u.grad.row(1).transpose().array() +
      0.5 * o_.volatility * o_.volatility * s.square() * u.hess_diag.row(0).transpose().array() +
      o_.rate * s * u.grad.row(0).transpose().array() - o_.rate * u.value.array();
}

void BlackScholes::residual_vjp(const ConstMatRef& X, const Jet& u, const ConstVecRef& r_bar,
                                Jet& u_bar) const {
  // dr/dv_t = 1, dr/dv_ss = sigma^2 s^2 / 2, dr/dv_s = r s, dr/dv = -r.
  const auto s = X.row(0).array();
  const auto rb = r_bar.transpose().array();
  u_bar.resize(u.dim(), u.batch());
  u_bar.value = -o_.rate * r_bar;
  u_bar.grad.row(0) = o_.rate * s * rb;
  u_bar.grad.row(1) = rb;
  u_bar.hess_diag.row(0) = 0.5 * o_.volatility * o_.volatility * s.square() * rb;
  u_bar.hess_diag.row(1).setZero();
}

void BlackScholes::exact(const ConstMatRef& X, VecRef u) const {
  for (Eigen::Index b = 0; b < X.cols(); ++b)
    u(b) = black_scholes_call(X(0, b) * o_.max_price, o_.strike, o_.rate, o_.volatility,
                              o_.maturity_s - X(1, b)) /
           o_.max_price;
}

Mat BlackScholes::sample_edge(Rng& rng, Eigen::Index n, int pinned_row, double value) const {
  Mat X = sample_collocation(rng, n);
  X.row(pinned_row).setConstant(value);
  return X;
}

std::vector<ConditionTerm> BlackScholes::conditions() const {
  const double k = o_.strike / o_.max_price;
  ConditionTerm terminal{"terminal t=T", o_.condition_weight,
                         [this](Rng& rng, Eigen::Index n) {
                           return sample_edge(rng, n, 1, o_.maturity_s);
                         },
                         [k](const ConstMatRef& X, VecRef u) {
                           u = (X.row(0).array() - k).max(0.0).transpose();
                         }};
  ConditionTerm low{"boundary s=0", o_.condition_weight,
                    [this](Rng& rng, Eigen::Index n) { return sample_edge(rng, n, 0, 0.0); },
                    [](const ConstMatRef&, VecRef u) { u.setZero(); }};
  ConditionTerm high{"boundary s=1", o_.condition_weight,
                     [this](Rng& rng, Eigen::Index n) { return sample_edge(rng, n, 0, 1.0); },
                     [this, k](const ConstMatRef& X, VecRef u) {
                       u = (1.0 - k * (-o_.rate * (o_.maturity_s - X.row(1).array())).exp())
                               .transpose();
                     }};
  return {terminal, low, high};
}

std::optional<DataGuess> BlackScholes::data_guess() const {
  return DataGuess{"discounted-strike lower bound: v = max(s - (K/S_max) e^(-r(T-t)), 0)",
                   [this](const ConstMatRef& X, VecRef u) {
                     const double k = o_.strike / o_.max_price;
                     u = (X.row(0).array() -
                          k * (-o_.rate * (o_.maturity_s - X.row(1).array())).exp())
                             .max(0.0)
                             .transpose();
                   }};
}

}  // namespace tonnsim::pinn
