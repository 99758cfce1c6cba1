#include "pinn/monte_carlo_stein.hpp"

#include <random>
#include <vector>

#include "core/error.hpp"
#include "core/rng.hpp"

namespace tonnsim::pinn {

void MonteCarloSteinOptions::validate() const {
  require(sigma > 0.0, "sigma", sigma, "must be > 0 (smoothing standard deviation)");
  require(n_pairs >= 1, "n_pairs", n_pairs, "must be >= 1 (antithetic Monte-Carlo pairs)");
}

MonteCarloStein::MonteCarloStein(int input_dim, const MonteCarloSteinOptions& options)
    : options_(options), dim_(input_dim) {
  options_.validate();
  require(input_dim >= 1, "input_dim", input_dim, "must be >= 1");
  begin_step(0);
}

void MonteCarloStein::begin_step(std::uint64_t step) {
  const Eigen::Index D = dim_, N = options_.n_pairs, K = 1 + 2 * N;
  const double s = options_.sigma, s2 = s * s;
  Rng rng = make_rng(options_.seed, Stream::kOther, step);
  std::normal_distribution<double> normal;
  Mat z(D, N);
  for (Eigen::Index i = 0; i < N; ++i)
    for (Eigen::Index j = 0; j < D; ++j) z(j, i) = normal(rng);

  // Column 0 is x, column 1 + 2i is x + sigma z_i, column 2 + 2i is x - sigma z_i.
  Mat shifts(D, K);
  shifts.col(0).setZero();
  std::vector<Eigen::Triplet<double>> t;
  t.reserve(std::size_t(2 * N * (1 + 2 * D) + D));
  Vec common = Vec::Zero(K);
  const double inv_n = 1.0 / double(N);
  Vec zz_mean = Vec::Zero(D);  // 1/N sum_i z_ij^2, for the -2 f(x) term
  for (Eigen::Index i = 0; i < N; ++i) {
    shifts.col(1 + 2 * i) = s * z.col(i);
    shifts.col(2 + 2 * i) = -s * z.col(i);
    for (int side = 0; side < 2; ++side) {
      const Eigen::Index c = 1 + 2 * i + side;
      const double sign = side == 0 ? 1.0 : -1.0;
      t.emplace_back(0, c, 0.5 * inv_n);
      common(c) = -0.5 * inv_n / s2;
      for (Eigen::Index j = 0; j < D; ++j) {
        t.emplace_back(1 + j, c, sign * 0.5 * inv_n * z(j, i) / s);
        t.emplace_back(1 + D + j, c, 0.5 * inv_n * z(j, i) * z(j, i) / s2);
      }
    }
    zz_mean += inv_n * z.col(i).cwiseAbs2();
  }
  common(0) = 1.0 / s2;
  for (Eigen::Index j = 0; j < D; ++j) t.emplace_back(1 + D + j, 0, -zz_mean(j) / s2);
  SparseMat readout(1 + 2 * D, K);
  readout.setFromTriplets(t.begin(), t.end());
  set_stencil(std::move(shifts), std::move(readout), std::move(common));
}

}  // namespace tonnsim::pinn
