#pragma once
// References for Stein estimators on real networks: the jet of the Gaussian-smoothed
// network u_sigma(x) = E f(x + sigma z), z ~ N(0, I_D), from the network's exact
// forward-mode jets (Network::evaluate_jet), and the leading bias a sparse grid leaves in
// the Stein estimates, predicted from finite differences of those exact jets.
#include <cstdint>
#include <random>
#include <vector>

#include "core/rng.hpp"
#include "pinn/jet.hpp"
#include "pinn/sparse_grid.hpp"
#include "tonn/network.hpp"

namespace tonnsim::pinn::testing {

/// E jet f(x + sigma z) ~ sum_k w_k jet f(x + sigma z_k): exact derivatives of f, averaged
/// by the grid. Smoothing and differentiation commute, so this is the jet of u_sigma up to
/// the grid's quadrature error on the jet itself: for a grid exact to degree 2L - 1 the
/// first missed term is the degree-2L Taylor term of f_jj(x + sigma z), relative size
/// O((sigma k)^(2L)) for frequency scale k, against O((sigma k)^2) for the Stein Hessian on
/// the same grid (see leading_stein_bias).
inline Jet smoothed_jet_on_grid(tonn::Network& f, const Mat& X, double sigma,
                                const SparseGrid& grid) {
  const Eigen::Index D = X.rows(), B = X.cols(), K = grid.size();
  Mat P(D, K * B);
  for (Eigen::Index b = 0; b < B; ++b) P.middleCols(b * K, K) = (sigma * grid.nodes).colwise() + X.col(b);
  Vec v(K * B);
  Mat g(D, K * B), h(D, K * B);
  f.evaluate_jet(P, v, g, h);
  Jet out;
  out.resize(D, B);
  for (Eigen::Index b = 0; b < B; ++b) {
    out.value(b) = v.segment(b * K, K).dot(grid.weights);
    out.grad.col(b) = g.middleCols(b * K, K) * grid.weights;
    out.hess_diag.col(b) = h.middleCols(b * K, K) * grid.weights;
  }
  return out;
}

/// Antithetic Monte-Carlo of the same expectation: the mean over N pairs of
/// [jet f(x + sigma z_i) + jet f(x - sigma z_i)] / 2 (one direction set for all points),
/// unbiased, with the standard error of every entry from the sample spread of the pair
/// means. Independent of any quadrature rule.
struct MonteCarloJet {
  Jet mean, std_error;
};

inline MonteCarloJet smoothed_jet_monte_carlo(tonn::Network& f, const Mat& X, double sigma,
                                              Eigen::Index pairs, std::uint64_t seed) {
  const Eigen::Index D = X.rows(), B = X.cols(), N = pairs;
  Rng rng = make_rng(seed, Stream::kOther, 0);
  std::normal_distribution<double> normal;
  const Mat Z = Mat::NullaryExpr(D, N, [&] { return normal(rng); });
  Mat P(D, 2 * N * B);
  for (Eigen::Index b = 0; b < B; ++b) {
    P.middleCols(2 * N * b, N) = (sigma * Z).colwise() + X.col(b);
    P.middleCols(2 * N * b + N, N) = (-sigma * Z).colwise() + X.col(b);
  }
  Vec v(2 * N * B);
  Mat g(D, 2 * N * B), h(D, 2 * N * B);
  f.evaluate_jet(P, v, g, h);
  MonteCarloJet mc;
  mc.mean.resize(D, B);
  mc.std_error.resize(D, B);
  // Mean and standard error of the pair means in the columns of `samples` (rows x N).
  const auto reduce = [N](const Mat& samples, auto mean, auto se) {
    mean = samples.rowwise().mean();
    se = ((samples.colwise() - mean).array().square().rowwise().sum() / double(N * (N - 1)))
             .sqrt()
             .matrix();
  };
  for (Eigen::Index b = 0; b < B; ++b) {
    const Eigen::Index o = 2 * N * b;
    const Mat pv = 0.5 * (v.segment(o, N) + v.segment(o + N, N)).transpose();
    reduce(pv, mc.mean.value.segment(b, 1), mc.std_error.value.segment(b, 1));
    reduce(0.5 * (g.middleCols(o, N) + g.middleCols(o + N, N)), mc.mean.grad.col(b),
           mc.std_error.grad.col(b));
    reduce(0.5 * (h.middleCols(o, N) + h.middleCols(o + N, N)), mc.mean.hess_diag.col(b),
           mc.std_error.hess_diag.col(b));
  }
  return mc;
}

/// The degree-6 part of the quadrature bias of the sparse-grid Stein estimates (the leading
/// part for a grid exact to degree 5, i.e. Smolyak level 3).
///
/// The estimates are Q[z_j f(x + sigma z)] / sigma and
/// Q[(z_j^2 - 1)(f(x + sigma z) - f(x))] / sigma^2 with the grid rule Q. With the Taylor
/// series f(x + sigma z) = sum_n sigma^n / n! (z.grad)^n f(x) and E_Q = Q - E (zero up to
/// degree 5, and on every monomial with an odd power, as the grid is symmetric in each
/// coordinate), the first surviving terms are
///   grad bias_j = sigma^4 / 5! E_Q[z_j (z.grad)^5 f]
///               = sigma^4 / 120 sum_{p,q} c_pq F_jpq E_Q[z_j^2 z_p^2 z_q^2],
///   hess bias_j = sigma^2 / 4! E_Q[z_j^2 (z.grad)^4 f]
///               = sigma^2 / 24 sum_{p,q} (p == q ? 1 : 3) T_pq E_Q[z_j^2 z_p^2 z_q^2],
/// with T_pq = d_p^2 d_q^2 f, F_jpq = d_j d_p^2 d_q^2 f, and c_pq the number of orderings
/// of the multiset {j, p, p, q, q} per ordered (p, q): 1 (p = q = j), 5 (p = q != j, or
/// p != q with one of them j), 15 (p != q, neither j). So the Hessian bias is O(sigma^2) and
/// the gradient bias O(sigma^4) relative to (sigma k)^2 and (sigma k)^4; the next orders are
/// smaller by another (sigma k)^2. T and F come from central differences (step h) of the
/// exact jets: T_pq = delta_q^2 f_pp, F_jpq = delta_p^2 delta_q^2 f_j (5-point rule for
/// p = q, 9-point for p != q), truncation O((h k)^2).
struct SteinBias {
  Mat grad, hess_diag;  // D x B
};

inline SteinBias leading_stein_bias(tonn::Network& f, const Mat& X, double sigma,
                                    const SparseGrid& grid, double h = 1e-2) {
  const int D = static_cast<int>(X.rows());
  const Eigen::Index B = X.cols();
  // E_Q[z_j^2 z_p^2 z_q^2] for all (j, p, q); E z^(2m) = (2m - 1)!!.
  const Mat S = grid.nodes.transpose().array().square();  // K x D, z_kj^2
  std::vector<double> err(std::size_t(D) * D * D);
  const double double_factorial[4] = {1.0, 1.0, 3.0, 15.0};
  for (int j = 0; j < D; ++j)
    for (int p = 0; p < D; ++p) {
      const Vec wjp = grid.weights.cwiseProduct(S.col(j)).cwiseProduct(S.col(p));
      for (int q = 0; q < D; ++q) {
        const double quad = wjp.dot(S.col(q));
        int m[3] = {1, 1, 1};  // power / 2 of z_j, z_p, z_q after merging equal indices
        if (p == j) m[0] += m[1], m[1] = 0;
        if (q == j) m[0] += m[2], m[2] = 0;
        else if (q == p && m[1] > 0) m[1] += m[2], m[2] = 0;
        err[(std::size_t(j) * D + p) * D + q] =
            quad - double_factorial[m[0]] * double_factorial[m[1]] * double_factorial[m[2]];
      }
    }
  // Stencil per point: x; x +- h e_p, x +- 2h e_p; x +- h e_p +- h e_q (p < q).
  const Eigen::Index n_pairs = Eigen::Index(D) * (D - 1) / 2, K = 1 + 4 * D + 4 * n_pairs;
  const auto single = [](int p, int s) { return 1 + 4 * p + s; };  // s: +h, -h, +2h, -2h
  const auto pair = [D](int p, int q, int s) {  // p < q; s: ++, +-, -+, --
    return 1 + 4 * D + 4 * (Eigen::Index(p) * (2 * D - p - 1) / 2 + (q - p - 1)) + s;
  };
  Mat P(D, K * B);
  for (Eigen::Index b = 0; b < B; ++b) {
    auto c = P.middleCols(b * K, K);
    c.colwise() = X.col(b);
    for (int p = 0; p < D; ++p) {
      const double off[4] = {h, -h, 2 * h, -2 * h};
      for (int s = 0; s < 4; ++s) c(p, single(p, s)) += off[s];
      for (int q = p + 1; q < D; ++q)
        for (int s = 0; s < 4; ++s) {
          c(p, pair(p, q, s)) += s < 2 ? h : -h;
          c(q, pair(p, q, s)) += s % 2 == 0 ? h : -h;
        }
    }
  }
  Vec v(K * B);
  Mat g(D, K * B), hd(D, K * B);
  f.evaluate_jet(P, v, g, hd);

  SteinBias bias{Mat(D, B), Mat(D, B)};
  const double h2 = h * h, h4 = h2 * h2;
  Mat T(D, D);
  std::vector<Vec> F(std::size_t(D) * D);  // F[p * D + q](j) = d_j d_p^2 d_q^2 f
  for (Eigen::Index b = 0; b < B; ++b) {
    const auto G = g.middleCols(b * K, K);
    const auto H = hd.middleCols(b * K, K);
    for (int q = 0; q < D; ++q)
      T.col(q) = (H.col(single(q, 0)) + H.col(single(q, 1)) - 2.0 * H.col(0)) / h2;
    T = (0.5 * (T + T.transpose())).eval();
    for (int p = 0; p < D; ++p) {
      F[p * D + p] = (G.col(single(p, 2)) - 4.0 * G.col(single(p, 0)) + 6.0 * G.col(0) -
                      4.0 * G.col(single(p, 1)) + G.col(single(p, 3))) / h4;
      for (int q = p + 1; q < D; ++q) {
        F[p * D + q] = (G.col(pair(p, q, 0)) + G.col(pair(p, q, 1)) + G.col(pair(p, q, 2)) +
                        G.col(pair(p, q, 3)) -
                        2.0 * (G.col(single(p, 0)) + G.col(single(p, 1)) + G.col(single(q, 0)) +
                               G.col(single(q, 1))) +
                        4.0 * G.col(0)) / h4;
        F[q * D + p] = F[p * D + q];
      }
    }
    for (int j = 0; j < D; ++j) {
      double sg = 0.0, sh = 0.0;
      for (int p = 0; p < D; ++p)
        for (int q = 0; q < D; ++q) {
          const double e = err[(std::size_t(j) * D + p) * D + q];
          const double c = p == q ? (p == j ? 1.0 : 5.0) : (p == j || q == j ? 5.0 : 15.0);
          sg += c * F[p * D + q](j) * e;
          sh += (p == q ? 1.0 : 3.0) * T(p, q) * e;
        }
      bias.grad(j, b) = sigma * sigma * sigma * sigma / 120.0 * sg;
      bias.hess_diag(j, b) = sigma * sigma / 24.0 * sh;
    }
  }
  return bias;
}

/// (sigma k)^2 for the network's frequency scale k near the points, from the smoothing
/// itself: a component of frequency k has its gradient damped by exp(-(sigma k)^2 / 2), so
/// (sigma k)^2 ~ 2 |grad u_sigma - grad f| / |grad f|. The size of the next Taylor order
/// relative to the leading bias.
inline double smoothing_scale_sq(const Mat& smoothed_grad, const Mat& raw_grad) {
  return 2.0 * (smoothed_grad - raw_grad).norm() / raw_grad.norm();
}

}  // namespace tonnsim::pinn::testing
