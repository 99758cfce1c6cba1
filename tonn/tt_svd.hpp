#pragma once
// TT-SVD of a dense matrix into TT-matrix cores (Oseledets, SIAM J. Sci. Comput. 33,
// 2295 (2011), Algorithm 1), in the conventions of tonn/tt_shape.hpp.
//
// The N x M matrix A(j, i) is viewed as the order-d tensor T[(i_1 j_1), ..., (i_d j_d)];
// sweeping left to right, each unfolding (r_{k-1} m_k n_k) x (rest) is factored by a thin
// SVD truncated to r_k terms. Theorem 2.2 there bounds the error:
//   ||A - A_TT||_F^2 <= sum_k (sum of the squared singular values dropped at bond k),
// with equality when only one bond is truncated (then A_TT is an orthogonal projection).
#include <vector>

#include "tonn/tt_shape.hpp"

namespace tonnsim::tonn {

struct TTSVDResult {
  TTShape shape;                     // ranks as kept (<= the requested maxima)
  std::vector<Mat> cores;
  std::vector<double> discarded_sq;  // per bond k = 1..d-1: dropped sigma^2 summed

  /// sqrt(sum of discarded_sq): the Frobenius-error bound of Theorem 2.2.
  double error_bound() const;
};

/// Cores of A (N x M, N = prod out_modes, M = prod in_modes) with r_k <= max_ranks[k-1]
/// (d-1 entries). Ranks are also capped by the unfolding sizes, so large maxima give an
/// exact decomposition.
TTSVDResult tt_svd(const Mat& A, const std::vector<int>& in_modes,
                   const std::vector<int>& out_modes, const std::vector<int>& max_ranks);

/// The same with one maximum rank for every bond.
TTSVDResult tt_svd(const Mat& A, const std::vector<int>& in_modes,
                   const std::vector<int>& out_modes, int max_rank);

}  // namespace tonnsim::tonn
