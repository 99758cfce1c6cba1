#pragma once
// Shared fixtures of the tonn test suites.
#include <random>
#include <vector>

#include "core/rng.hpp"
#include "core/types.hpp"
#include "tonn/tt_shape.hpp"

namespace tonnsim::tonn {

/// A rows x cols matrix with i.i.d. N(0, 1) entries drawn from `rng` in storage order.
inline Mat normal_matrix(Eigen::Index rows, Eigen::Index cols, Rng& rng) {
  std::normal_distribution<double> g;
  Mat m(rows, cols);
  for (Eigen::Index e = 0; e < m.size(); ++e) m.data()[e] = g(rng);
  return m;
}

/// TT cores of shape `s` with i.i.d. N(0, 1) entries, reproducible from `seed`.
inline std::vector<Mat> random_cores(const TTShape& s, std::uint64_t seed) {
  Rng rng = make_rng(seed, Stream::kOther);
  std::vector<Mat> cores;
  for (int k = 0; k < s.order(); ++k)
    cores.push_back(normal_matrix(s.core_rows(k), s.core_cols(k), rng));
  return cores;
}

}  // namespace tonnsim::tonn
