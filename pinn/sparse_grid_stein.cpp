#include "pinn/sparse_grid_stein.hpp"

#include <vector>

#include "core/error.hpp"
#include "core/timer.hpp"

namespace tonnsim::pinn {

void SparseGridSteinOptions::validate() const {
  require(sigma > 0.0, "sigma", sigma, "must be > 0 (smoothing standard deviation)");
  // The Hessian weights (z_j^2 - 1) times a quadratic's Taylor term are degree 4 in z, one
  // more than a level-2 grid integrates: on its axis nodes {0, +-e_i} the estimate is
  // -(1/2) sum_{i != j} f_ii, i.e. -(D - 1)/2 times a quadratic's Laplacian (session 15:
  // the shipped 100-D heat's exact solution scored a loss of 3,565 against 0.41 for its
  // untrained network). Level 3 is exact for cubics (tests/pinn/sparse_grid_stein_test.cpp).
  require(level >= 3, "level", level,
          "must be >= 3 (a level-L grid gives Stein Hessians exact only to degree 2L - 3; "
          "level 2 returns -(D-1)/2 times a quadratic's Laplacian; for axis-only stencils use "
          "estimator kind finite_difference)");
}

SparseGridStein::SparseGridStein(int input_dim, const SparseGridSteinOptions& options)
    : options_(options) {
  options_.validate();
  {
    ScopedTimer t("estimator/sparse_grid");
    grid_ = smolyak_gauss_hermite(input_dim, options_.level);
  }
  const Eigen::Index D = input_dim, K = grid_.size();
  const double s = options_.sigma, s2 = s * s;
  using Triplet = Eigen::Triplet<double>;
  std::vector<Triplet> t;

  // With merged mirrors the stencil is the grid itself (column 0 = origin) and the
  // symmetric sums above fold to one-sided ones:
  //   grad_j = sum_k w_k z_kj Y_k / sigma,
  //   hess_j = sum_k w_k (z_kj^2 - 1) (Y_k - Y_0) / sigma^2.
  // Otherwise column 0 is x, columns 1..K are x + d_k and K+1..2K are x - d_k, each term
  // carrying half the weight.
  const bool merged = options_.merge_mirror_shifts;
  const Eigen::Index n_shifts = merged ? K : 2 * K + 1;
  Mat shifts(D, n_shifts);
  Vec common = Vec::Zero(n_shifts);
  if (merged) {
    shifts = s * grid_.nodes;
  } else {
    shifts.col(0).setZero();
    shifts.middleCols(1, K) = s * grid_.nodes;
    shifts.middleCols(1 + K, K) = -s * grid_.nodes;
  }
  // (column, sign, share) for each grid node's contributions.
  struct Use {
    Eigen::Index col;
    double sign, share;
  };
  std::vector<Use> uses;
  double centre_hess_sum = 0.0;  // sum_k w_k, the "-1" part hitting Y_0 with opposite sign
  for (Eigen::Index k = 0; k < K; ++k) {
    uses.clear();
    if (merged) {
      uses.push_back({k, 1.0, 1.0});
    } else {
      uses.push_back({1 + k, 1.0, 0.5});
      uses.push_back({1 + K + k, -1.0, 0.5});
    }
    const double w = grid_.weights(k);
    centre_hess_sum += w;
    for (const Use& u : uses) {
      if (u.sign > 0) t.emplace_back(0, u.col, w);  // the value uses the + shifts only
      common(u.col) -= u.share * w / s2;
      for (Eigen::Index j = 0; j < D; ++j) {
        const double z = grid_.nodes(j, k);
        if (z == 0.0) continue;
        t.emplace_back(1 + j, u.col, u.sign * u.share * w * z / s);
        t.emplace_back(1 + D + j, u.col, u.share * w * z * z / s2);
      }
    }
  }
  // The "- 2 f(x)" terms: -sum_k w_k (z_kj^2 - 1) / sigma^2 on Y_0 in row j.
  for (Eigen::Index j = 0; j < D; ++j) {
    double zz = 0.0;
    for (Eigen::Index k = 0; k < K; ++k) zz += grid_.weights(k) * grid_.nodes(j, k) * grid_.nodes(j, k);
    t.emplace_back(1 + D + j, 0, -zz / s2);
  }
  common(0) += centre_hess_sum / s2;
  SparseMat readout(1 + 2 * D, n_shifts);
  readout.setFromTriplets(t.begin(), t.end());  // duplicates (column 0) are summed
  set_stencil(std::move(shifts), std::move(readout), std::move(common));
}

}  // namespace tonnsim::pinn
