#pragma once
// Shared fixtures of the tonn test suites.
#include <random>
#include <vector>

#include "core/rng.hpp"
#include "core/types.hpp"
#include "tonn/tt_shape.hpp"

namespace tonnsim::tonn {

/// TT cores of shape `s` with i.i.d. N(0, 1) entries, reproducible from `seed`.
inline std::vector<Mat> random_cores(const TTShape& s, std::uint64_t seed) {
  Rng rng = make_rng(seed, Stream::kOther);
  std::normal_distribution<double> g;
  std::vector<Mat> cores;
  for (int k = 0; k < s.order(); ++k) {
    cores.emplace_back(s.core_rows(k), s.core_cols(k));
    for (Eigen::Index e = 0; e < cores.back().size(); ++e) cores.back().data()[e] = g(rng);
  }
  return cores;
}

}  // namespace tonnsim::tonn
