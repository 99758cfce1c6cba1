#include "pinn/gauss_hermite.hpp"

#include <Eigen/Eigenvalues>
#include <cmath>

#include "core/error.hpp"

namespace tonnsim::pinn {
namespace {

/// phi_n(z) and phi_{n-1}(z) of the orthonormal Hermite family for N(0, 1), together with
/// log(sum_{k<n} phi_k(z)^2). The recurrence is rescaled on the fly because phi_k(z)
/// grows like exp(z^2/4) and would overflow for n of a few hundred.
struct HermiteEval {
  double phi_n;
  double phi_nm1;
  double log_sum_sq;
};

HermiteEval eval_hermite(int n, double z) {
  double prev = 0.0, cur = 1.0;  // phi_{-1}, phi_0
  double sum_sq = 0.0, log_scale = 0.0;  // true values = stored * exp(log_scale)
  for (int k = 0; k < n; ++k) {
    sum_sq += cur * cur;
    const double next = (z * cur - std::sqrt(double(k)) * prev) / std::sqrt(double(k + 1));
    prev = cur;
    cur = next;
    if (std::abs(cur) > 1e100) {
      prev *= 1e-100;
      cur *= 1e-100;
      sum_sq *= 1e-200;
      log_scale += 100.0 * std::log(10.0);
    }
  }
  return {cur, prev, std::log(sum_sq) + 2.0 * log_scale};
}

}  // namespace

QuadratureRule gauss_hermite_normal(int n) {
  require(n >= 1, "gauss_hermite points", n, "must be >= 1");
  Vec diag = Vec::Zero(n);
  Vec sub(std::max(n - 1, 0));
  for (int k = 1; k < n; ++k) sub(k - 1) = std::sqrt(double(k));
  Vec approx(n);
  if (n == 1) {
    approx(0) = 0.0;
  } else {
    Eigen::SelfAdjointEigenSolver<Mat> solver;
    solver.computeFromTridiagonal(diag, sub, Eigen::EigenvaluesOnly);
    approx = solver.eigenvalues();  // ascending
  }
  QuadratureRule rule{Vec(n), Vec(n)};
  // Polish the non-negative half and mirror it, so the rule is exactly symmetric.
  for (int i = n / 2; i < n; ++i) {
    double z = (n % 2 == 1 && i == n / 2) ? 0.0 : approx(i);
    if (z != 0.0) {
      for (int it = 0; it < 8; ++it) {
        const HermiteEval e = eval_hermite(n, z);
        // phi_n' = sqrt(n) phi_{n-1} for the orthonormal family.
        const double step = e.phi_n / (std::sqrt(double(n)) * e.phi_nm1);
        z -= step;
        if (std::abs(step) <= 1e-16 * std::abs(z)) break;
      }
    }
    const double w = std::exp(-eval_hermite(n, z).log_sum_sq);
    rule.nodes(i) = z;
    rule.weights(i) = w;
    rule.nodes(n - 1 - i) = -z;
    rule.weights(n - 1 - i) = w;
  }
  rule.weights /= rule.weights.sum();  // removes the last ulp-level drift
  return rule;
}

}  // namespace tonnsim::pinn
