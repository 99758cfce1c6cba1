#pragma once
// Checks every PDE of the library must pass, shared by the per-PDE test files.
#include <doctest/doctest.h>

#include <cmath>
#include <functional>
#include <random>

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

/// The lateral Dirichlet term of a space-time box problem with n space inputs in [lo, hi]:
/// one term of weight `weight`, its points on exactly one face {x_j = lo or hi} (j < n;
/// uniform coordinates never hit a bound, so no edges), uniform over the 2n faces (5
/// binomial standard deviations), time inside [t_lo, t_hi], and the exact solution's values
/// as targets, bit for bit.
inline void check_lateral_dirichlet_term(const Pde& pde, int n, double lo, double hi,
                                         double t_lo, double t_hi, double weight) {
  const auto terms = pde.conditions();
  REQUIRE(terms.size() == 1);
  CHECK(terms[0].weight == weight);
  Rng rng = make_rng(3, Stream::kOther);
  const Eigen::Index m = 4000;
  const Mat X = terms[0].sample(rng, m);
  REQUIRE(X.rows() == n + 1);
  Eigen::VectorXi per_face = Eigen::VectorXi::Zero(2 * n);
  for (Eigen::Index b = 0; b < X.cols(); ++b) {
    int on_faces = 0;
    for (int j = 0; j < n; ++j) {
      CHECK(X(j, b) >= lo);
      CHECK(X(j, b) <= hi);
      if (X(j, b) == lo || X(j, b) == hi) {
        ++on_faces;
        ++per_face[2 * j + (X(j, b) == hi ? 1 : 0)];
      }
    }
    CHECK(on_faces == 1);
    CHECK(X(n, b) >= t_lo);
    CHECK(X(n, b) <= t_hi);
  }
  const double mean = double(m) / (2 * n), sd = std::sqrt(mean * (1.0 - 1.0 / (2 * n)));
  CHECK(per_face.minCoeff() > mean - 5 * sd);
  CHECK(per_face.maxCoeff() < mean + 5 * sd);
  Vec target(X.cols()), exact(X.cols());
  terms[0].target(X, target);
  pde.exact(X, exact);
  CHECK((target - exact).cwiseAbs().maxCoeff() == 0.0);
}

/// The heat kernel tau^(-n/2) exp(-|x - x0|^2 / (4 tau)) of a source x0 (n = x.size()),
/// 0 at tau <= 0: it solves the backward heat equation v_t + Lap v = 0 with tau = T - t
/// and vanishes at t = T away from x0.
inline double heat_kernel(const Eigen::Ref<const Vec>& x, const Vec& x0, double tau) {
  if (tau <= 0.0) return 0.0;
  return std::pow(tau, -0.5 * double(x.size())) * std::exp(-(x - x0).squaredNorm() / (4.0 * tau));
}

/// `second` is another solution of a terminal-value problem u_t + (spatial terms) = 0 on a
/// box with n space inputs and time last in [0, T], with the same terminal data as `pde`'s
/// exact one but other lateral values (e.g. a heat kernel added through Cole-Hopf). Checks:
/// its residual through difference jets is below 1e-4 at t <= 0.9 T (while adding
/// (T - t)^2 / 2, which moves the residual by -(T - t), shows >= 5e-2 through the same
/// jets); it differs from the exact solution by more than `interior_gap` inside; the two
/// agree at t = T - 1e-6 to 1e-9; on the face {x_1 = face} they differ by more than
/// `face_gap` on average: only lateral data tell them apart.
inline void check_second_solution_differs_only_laterally(
    const Pde& pde, int n, double T, const std::function<void(const ConstMatRef&, VecRef)>& second,
    double face, double interior_gap, double face_gap) {
  Mat X = sample(pde, 64);
  X.row(n) *= 0.9;  // away from the kernel's t = T limit for the differences
  Jet jet;
  jet_by_differences(second, X, 1e-3, jet);
  Vec r(X.cols());
  pde.residual(X, jet, r);
  CHECK(r.cwiseAbs().maxCoeff() < 1e-4);
  const auto not_a_solution = [&](const ConstMatRef& P, VecRef u) {
    second(P, u);
    u += 0.5 * (T - P.row(n).array()).square().matrix().transpose();
  };
  jet_by_differences(not_a_solution, X, 1e-3, jet);
  pde.residual(X, jet, r);
  CHECK(r.cwiseAbs().minCoeff() > 5e-2);
  Vec u2(X.cols()), u(X.cols());
  second(X, u2);
  pde.exact(X, u);
  CHECK((u2 - u).cwiseAbs().maxCoeff() > interior_gap);
  Mat E = sample(pde, 64);
  E.row(n).setConstant(T - 1e-6);
  Vec at_end(E.cols()), exact_end(E.cols());
  second(E, at_end);
  pde.exact(E, exact_end);
  CHECK((at_end - exact_end).cwiseAbs().maxCoeff() < 1e-9);
  Mat F = sample(pde, 64);
  F.row(0).setConstant(face);
  F.row(n) *= 0.9;
  Vec f2(F.cols()), f(F.cols());
  second(F, f2);
  pde.exact(F, f);
  CHECK((f2 - f).cwiseAbs().mean() > face_gap);
}

/// A jet with entries uniform in [-1, 1] (value, gradient and Hessian diagonal).
inline Jet random_jet(Eigen::Index D, Eigen::Index B, std::uint64_t seed) {
  Rng rng = make_rng(seed, Stream::kOther, 0);
  std::uniform_real_distribution<double> uniform(-1.0, 1.0);
  const auto draw = [&](Eigen::Index r, Eigen::Index c) {
    return Mat(Mat::NullaryExpr(r, c, [&] { return uniform(rng); }));
  };
  Jet j;
  j.value = draw(B, 1);
  j.grad = draw(D, B);
  j.hess_diag = draw(D, B);
  return j;
}

/// The closed-form residual_vjp against central differences of residual(): for every jet
/// component c and point b, u_bar(c, b) = r_bar(b) (r(u + e e_c) - r(u - e e_c))(b) / 2e,
/// with one component moved at a time over the whole batch. Central differences are exact
/// for residuals of degree <= 2 in each component (all PDEs here), so the two agree to
/// rounding, O(eps |r| / e).
inline void check_residual_vjp_matches_differences(const Pde& pde, const Mat& X) {
  const Eigen::Index D = X.rows(), B = X.cols();
  const Jet u = random_jet(D, B, 31);
  const Vec r_bar = random_jet(D, B, 32).value;
  Jet closed;
  pde.residual_vjp(X, u, r_bar, closed);
  Vec r(B), rp(B), rm(B);
  pde.residual(X, u, r);
  const double e = 1e-3, tol = 1e-8 * (1.0 + r.cwiseAbs().maxCoeff());
  // kind 0: value; 1: gradient row c; 2: Hessian-diagonal row c.
  for (int kind = 0; kind < 3; ++kind)
    for (Eigen::Index c = 0; c < (kind == 0 ? 1 : D); ++c) {
      CAPTURE(kind);
      CAPTURE(c);
      Jet up = u, down = u;
      if (kind == 0) {
        up.value.array() += e;
        down.value.array() -= e;
      } else {
        (kind == 1 ? up.grad : up.hess_diag).row(c).array() += e;
        (kind == 1 ? down.grad : down.hess_diag).row(c).array() -= e;
      }
      pde.residual(X, up, rp);
      pde.residual(X, down, rm);
      const Vec numeric = r_bar.cwiseProduct(rp - rm) / (2.0 * e);
      const Vec analytic = kind == 0   ? closed.value
                           : kind == 1 ? Vec(closed.grad.row(c).transpose())
                                       : Vec(closed.hess_diag.row(c).transpose());
      CHECK((analytic - numeric).cwiseAbs().maxCoeff() < tol);
    }
}

/// Mean, standard deviation and mean magnitude of the exact network part
/// N* = (u - g)/h over n points of the PDE's test distribution.
struct NetworkPartSpread {
  double mean = 0.0, std = 0.0, mean_abs = 0.0;
};

inline NetworkPartSpread exact_network_part_spread(const Pde& pde, Eigen::Index n = 10000) {
  Rng rng = make_rng(13, Stream::kSampling, 0);
  const Mat X = pde.sample_test(rng, n);
  Vec u(n), N(n);
  pde.exact(X, u);
  pde.network_for(X, u, N);
  NetworkPartSpread s;
  s.mean = N.mean();
  s.std = std::sqrt((N.array() - s.mean).square().mean());
  s.mean_abs = N.cwiseAbs().mean();
  return s;
}

}  // namespace tonnsim::pinn::testing
