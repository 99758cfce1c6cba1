#include "tonn/tt_shape.hpp"

#include <algorithm>
#include <string>

#include "core/error.hpp"

namespace tonnsim::tonn {

using Index = Eigen::Index;

TTShape TTShape::with_rank(std::vector<int> in_modes, std::vector<int> out_modes, int rank) {
  TTShape s{std::move(in_modes), std::move(out_modes), {}};
  s.ranks.assign(s.in_modes.size() + 1, rank);
  s.ranks.front() = 1;
  s.ranks.back() = 1;
  s.validate();
  return s;
}

TTShape TTShape::full_rank(std::vector<int> in_modes, std::vector<int> out_modes) {
  TTShape s{std::move(in_modes), std::move(out_modes), {}};
  const int d = static_cast<int>(s.in_modes.size());
  require(d >= 1 && s.out_modes.size() == s.in_modes.size(), "tt order", d,
          "in_modes and out_modes must be non-empty and of equal length");
  s.ranks.assign(d + 1, 1);
  for (int k = 1; k < d; ++k) {
    double left = 1, right = 1;
    for (int l = 0; l < k; ++l) left *= double(s.in_modes[l]) * s.out_modes[l];
    for (int l = k; l < d; ++l) right *= double(s.in_modes[l]) * s.out_modes[l];
    s.ranks[k] = static_cast<int>(std::min(left, right));
  }
  s.validate();
  return s;
}

Index TTShape::in_dim() const {
  Index p = 1;
  for (int m : in_modes) p *= m;
  return p;
}

Index TTShape::out_dim() const {
  Index p = 1;
  for (int n : out_modes) p *= n;
  return p;
}

Index TTShape::num_core_entries() const {
  Index total = 0;
  for (int k = 0; k < order(); ++k) total += core_rows(k) * core_cols(k);
  return total;
}

void TTShape::validate() const {
  const int d = order();
  require(d >= 1, "tt in_modes length", d, "must be >= 1");
  require(static_cast<int>(out_modes.size()) == d, "tt out_modes length", out_modes.size(),
          "must equal the in_modes length " + std::to_string(d));
  require(static_cast<int>(ranks.size()) == d + 1, "tt ranks length", ranks.size(),
          "must be the number of cores plus one, " + std::to_string(d + 1));
  for (int k = 0; k < d; ++k) {
    require(in_modes[k] >= 1, "tt in_modes[" + std::to_string(k) + "]", in_modes[k], "must be >= 1");
    require(out_modes[k] >= 1, "tt out_modes[" + std::to_string(k) + "]", out_modes[k], "must be >= 1");
  }
  for (int k = 0; k <= d; ++k)
    require(ranks[k] >= 1, "tt ranks[" + std::to_string(k) + "]", ranks[k], "must be >= 1");
  require(ranks.front() == 1, "tt ranks[0]", ranks.front(), "must be 1 (boundary rank)");
  require(ranks.back() == 1, "tt ranks[d]", ranks.back(), "must be 1 (boundary rank)");
}

void check_cores(const TTShape& s, const std::vector<Mat>& cores) {
  require(static_cast<int>(cores.size()) == s.order(), "number of tt cores", cores.size(),
          "must equal the tt order " + std::to_string(s.order()));
  for (int k = 0; k < s.order(); ++k)
    require(cores[k].rows() == s.core_rows(k) && cores[k].cols() == s.core_cols(k),
            "tt core " + std::to_string(k) + " shape",
            std::to_string(cores[k].rows()) + "x" + std::to_string(cores[k].cols()),
            "must be (r_{k-1} m_k) x (n_k r_k) = " + std::to_string(s.core_rows(k)) + "x" +
                std::to_string(s.core_cols(k)));
}

Mat dense_from_cores(const TTShape& s, const std::vector<Mat>& cores) {
  check_cores(s, cores);
  const int d = s.order();
  const Index M = s.in_dim(), N = s.out_dim();
  Mat A(N, M);
  std::vector<int> ii(d), jj(d);
  Eigen::RowVectorXd row, next;
  for (Index i = 0; i < M; ++i) {
    for (Index rest = i, k = d - 1; k >= 0; --k) {
      ii[k] = static_cast<int>(rest % s.in_modes[k]);
      rest /= s.in_modes[k];
    }
    for (Index j = 0; j < N; ++j) {
      for (Index rest = j, k = d - 1; k >= 0; --k) {
        jj[k] = static_cast<int>(rest % s.out_modes[k]);
        rest /= s.out_modes[k];
      }
      // row vector of length r_k: G_1[0, i1, j1, :] ... G_k[:, ik, jk, :]
      row = Eigen::RowVectorXd::Ones(1);
      for (int k = 0; k < d; ++k) {
        next = Eigen::RowVectorXd::Zero(s.ranks[k + 1]);
        for (int a = 0; a < s.ranks[k]; ++a)
          for (int c = 0; c < s.ranks[k + 1]; ++c)
            next(c) += row(a) * core_at(cores[k], s, k, a, ii[k], jj[k], c);
        row.swap(next);
      }
      A(j, i) = row(0);
    }
  }
  return A;
}

}  // namespace tonnsim::tonn
