#include "tonn/tt_svd.hpp"

#include <Eigen/SVD>
#include <algorithm>
#include <cmath>
#include <string>

#include "core/error.hpp"

namespace tonnsim::tonn {

using Index = Eigen::Index;
using RowMat = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

double TTSVDResult::error_bound() const {
  double s = 0;
  for (double e : discarded_sq) s += e;
  return std::sqrt(s);
}

TTSVDResult tt_svd(const Mat& A, const std::vector<int>& in_modes,
                   const std::vector<int>& out_modes, int max_rank) {
  return tt_svd(A, in_modes, out_modes,
                std::vector<int>(in_modes.empty() ? 0 : in_modes.size() - 1, max_rank));
}

TTSVDResult tt_svd(const Mat& A, const std::vector<int>& in_modes,
                   const std::vector<int>& out_modes, const std::vector<int>& max_ranks) {
  TTSVDResult res;
  res.shape = TTShape{in_modes, out_modes, std::vector<int>(in_modes.size() + 1, 1)};
  TTShape& s = res.shape;
  s.validate();
  const int d = s.order();
  require(static_cast<int>(max_ranks.size()) == d - 1, "tt-svd max_ranks length",
          max_ranks.size(), "must be the number of bonds, " + std::to_string(d - 1));
  for (int r : max_ranks) require(r >= 1, "tt-svd max rank", r, "must be >= 1");
  require(A.rows() == s.out_dim() && A.cols() == s.in_dim(), "tt-svd matrix shape",
          std::to_string(A.rows()) + "x" + std::to_string(A.cols()),
          "must be prod(out_modes) x prod(in_modes) = " + std::to_string(s.out_dim()) + "x" +
              std::to_string(s.in_dim()));

  // T in C order over (i_1, j_1, ..., i_d, j_d).
  std::vector<Index> stride(d);
  for (Index k = d - 1, p = 1; k >= 0; --k) {
    stride[k] = p;
    p *= Index(s.in_modes[k]) * s.out_modes[k];
  }
  std::vector<double> t(A.size());
  std::vector<int> ii(d), jj(d);
  for (Index i = 0; i < A.cols(); ++i) {
    for (Index rest = i, k = d - 1; k >= 0; --k) {
      ii[k] = static_cast<int>(rest % s.in_modes[k]);
      rest /= s.in_modes[k];
    }
    for (Index j = 0; j < A.rows(); ++j) {
      Index pos = 0;
      for (Index rest = j, k = d - 1; k >= 0; --k) {
        jj[k] = static_cast<int>(rest % s.out_modes[k]);
        rest /= s.out_modes[k];
        pos += (Index(ii[k]) * s.out_modes[k] + jj[k]) * stride[k];
      }
      t[pos] = A(j, i);
    }
  }

  Index left_rank = 1;
  for (int k = 0; k < d; ++k) {
    const int m = s.in_modes[k], n = s.out_modes[k];
    const Index rows = left_rank * m * n, cols = Index(t.size()) / rows;
    Eigen::Map<const RowMat> unfolding(t.data(), rows, cols);
    if (k == d - 1) {
      res.cores.emplace_back(s.core_rows(k), s.core_cols(k));
      for (int a = 0; a < left_rank; ++a)
        for (int i = 0; i < m; ++i)
          for (int j = 0; j < n; ++j)
            core_at(res.cores.back(), s, k, a, i, j, 0) = unfolding((Index(a) * m + i) * n + j, 0);
      break;
    }
    Eigen::BDCSVD<Mat> svd(Mat(unfolding), Eigen::ComputeThinU | Eigen::ComputeThinV);
    const Vec& sigma = svd.singularValues();
    const Index keep = std::min<Index>(max_ranks[k], sigma.size());
    res.discarded_sq.push_back(sigma.tail(sigma.size() - keep).squaredNorm());
    s.ranks[k + 1] = static_cast<int>(keep);
    res.cores.emplace_back(s.core_rows(k), s.core_cols(k));
    for (int a = 0; a < left_rank; ++a)
      for (int i = 0; i < m; ++i)
        for (int j = 0; j < n; ++j)
          for (int c = 0; c < keep; ++c)
            core_at(res.cores.back(), s, k, a, i, j, c) = svd.matrixU()((Index(a) * m + i) * n + j, c);
    // Remainder diag(sigma) V^T, row-major keep x cols, becomes the next tensor.
    RowMat next = sigma.head(keep).asDiagonal() * svd.matrixV().leftCols(keep).transpose();
    t.assign(next.data(), next.data() + next.size());
    left_rank = keep;
  }
  return res;
}

}  // namespace tonnsim::tonn
