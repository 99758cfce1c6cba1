#include "pinn/exact_solution_check.hpp"

#include <cmath>
#include <limits>

namespace tonnsim::pinn {

namespace {
// max |v| with NaN as +inf, and its index.
double max_abs(const Vec& v, Eigen::Index& at) {
  double m = 0.0;
  at = 0;
  for (Eigen::Index b = 0; b < v.size(); ++b) {
    const double a = std::isnan(v(b)) ? std::numeric_limits<double>::infinity() : std::abs(v(b));
    if (a > m || b == 0) {
      m = a;
      at = b;
    }
  }
  return m;
}
}  // namespace

ExactSolutionCheck check_exact_solution(const Pde& pde, Rng& rng, Eigen::Index n) {
  ExactSolutionCheck c;
  c.points = n;
  const Mat X = pde.sample_collocation(rng, n);
  Jet u;
  pde.exact_jet(X, u);
  Vec r(n);
  pde.residual(X, u, r);
  Eigen::Index at = 0;
  c.residual_max = max_abs(r, at);
  c.residual_point = X.col(at);
  const double scale = (u.value.cwiseAbs().transpose() + u.grad.cwiseAbs().colwise().sum() +
                        u.hess_diag.cwiseAbs().colwise().sum())
                           .maxCoeff();
  c.residual_tolerance = 1e-6 * (1.0 + (std::isfinite(scale) ? scale : 0.0));
  double u_max = u.value.cwiseAbs().maxCoeff();
  for (const ConditionTerm& term : pde.conditions()) {
    const Mat Y = term.sample(rng, n);
    Vec exact(n), target(n);
    pde.exact(Y, exact);
    term.target(Y, target);
    u_max = std::max(u_max, exact.cwiseAbs().maxCoeff());
    const double m = max_abs(exact - target, at);
    if (m > c.condition_max || c.condition_name.empty()) {
      c.condition_max = m;
      c.condition_name = term.name;
    }
  }
  c.condition_tolerance = 1e-8 * (1.0 + (std::isfinite(u_max) ? u_max : 0.0));
  return c;
}

}  // namespace tonnsim::pinn
