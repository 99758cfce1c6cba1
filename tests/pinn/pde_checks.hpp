#pragma once
// Checks every PDE of the library must pass, shared by the per-PDE test files.
#include <doctest/doctest.h>

#include "pinn/pde.hpp"
#include "test_functions.hpp"

namespace tonnsim::pinn::testing {

inline Mat sample(const Pde& pde, Eigen::Index n, std::uint64_t seed = 8) {
  Rng rng = make_rng(seed, Stream::kSampling, 0);
  return pde.sample_collocation(rng, n);
}

/// max_b |r(x_b)| for the exact solution's jet (analytic where the PDE has one).
inline double exact_residual(const Pde& pde, const Mat& X) {
  Jet u;
  pde.exact_jet(X, u);
  Vec r(X.cols());
  pde.residual(X, u, r);
  return r.cwiseAbs().maxCoeff();
}

/// The analytic exact_jet against fourth-order differences of exact().
inline void check_exact_jet_matches_differences(const Pde& pde, const Mat& X, double tol) {
  Jet analytic, numeric;
  pde.exact_jet(X, analytic);
  jet_by_differences([&](const ConstMatRef& P, VecRef v) { pde.exact(P, v); }, X, 1e-3,
                     numeric);
  CHECK((analytic.value - numeric.value).cwiseAbs().maxCoeff() < 1e-14 + tol);
  CHECK((analytic.grad - numeric.grad).cwiseAbs().maxCoeff() < tol);
  CHECK((analytic.hess_diag - numeric.hess_diag).cwiseAbs().maxCoeff() < tol);
}

/// The ansatz chain rule: the jet of u = g + h N from N's jet equals differences of
/// u(X) = prediction(X, N(X)) for an arbitrary smooth network N.
inline void check_ansatz_chain_rule(const Pde& pde, const Mat& X) {
  SineMlp net(pde.input_dim(), 6, 1.0, 21);
  Jet n, u, numeric;
  n.resize(X.rows(), X.cols());
  net.jet_of(X, n.value, n.grad, n.hess_diag);
  pde.solution_jet(X, n, u);
  jet_by_differences(
      [&](const ConstMatRef& P, VecRef v) {
        Vec raw(P.cols());
        net.evaluate(P, raw);
        pde.prediction(P, raw, v);
      },
      X, 1e-3, numeric);
  const double scale = 1.0 + numeric.hess_diag.cwiseAbs().maxCoeff();
  CHECK((u.value - numeric.value).cwiseAbs().maxCoeff() < 1e-12 * scale);
  CHECK((u.grad - numeric.grad).cwiseAbs().maxCoeff() < 1e-8 * scale);
  CHECK((u.hess_diag - numeric.hess_diag).cwiseAbs().maxCoeff() < 1e-6 * scale);
}

/// max over the PDE's soft conditions of |target - exact| on sampled condition points.
inline double condition_mismatch(const Pde& pde, Eigen::Index n = 200) {
  double worst = 0.0;
  Rng rng = make_rng(9, Stream::kSampling, 0);
  for (const ConditionTerm& c : pde.conditions()) {
    const Mat X = c.sample(rng, n);
    Vec target(n), exact(n);
    c.target(X, target);
    pde.exact(X, exact);
    worst = std::max(worst, (target - exact).cwiseAbs().maxCoeff());
  }
  return worst;
}

}  // namespace tonnsim::pinn::testing
