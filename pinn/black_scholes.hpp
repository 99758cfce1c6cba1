#pragma once
// The Black-Scholes equation for a European call, in normalised variables.
#include "pinn/pde_description.hpp"

namespace tonnsim::pinn {

struct BlackScholesOptions {
  double strike = 100.0;        ///< K, currency units
  double max_price = 200.0;     ///< S_max: truncation of the price axis and unit of S and V
  double rate = 0.05;           ///< r, risk-free rate per year
  double volatility = 0.2;      ///< sigma, per sqrt(year)
  double maturity_s = 1.0;      ///< T in years ("_s": the time unit of this problem)
  double condition_weight = 1.0;  ///< weight of the terminal and both boundary terms

  void validate() const;
};

/// Analytic Black-Scholes call price (Black and Scholes, J. Polit. Econ. 81, 1973):
/// C = S Phi(d1) - K e^(-r tau) Phi(d2), d1,2 = [ln(S/K) + (r +- sigma^2/2) tau] /
/// (sigma sqrt(tau)); tau = time to maturity. max(S - K, 0) at tau <= 0; 0 for S <= 0.
double black_scholes_call(double price, double strike, double rate, double volatility,
                          double tau);

/// V_t + sigma^2 S^2 V_SS / 2 + r S V_S - r V = 0 in s = S/S_max in [0,1], t in [0,T],
/// for v = V/S_max (the equation is invariant under this scaling):
///   v_t + sigma^2 s^2 v_ss / 2 + r s v_s - r v = 0.
/// Soft conditions: terminal v(s,T) = max(s - K/S_max, 0); v(0,t) = 0;
/// v(1,t) = 1 - (K/S_max) e^(-r(T-t)) (deep in the money). Reference: the analytic
/// price. Inputs (s, t), uniform in the box; condition points uniform on their edge.
/// Data guess: the no-arbitrage lower bound of a call, max(S - K e^(-r(T-t)), 0) (Merton,
/// Bell J. Econ. 4, 1973), in the normalised variables: v = max(s - (K/S_max) e^(-r(T-t)), 0).
PdeDescription black_scholes_description(const BlackScholesOptions& options = {});

class BlackScholes : public DescribedPde {
 public:
  explicit BlackScholes(const BlackScholesOptions& options = {})
      : DescribedPde(black_scholes_description(options)) {}
};

}  // namespace tonnsim::pinn
