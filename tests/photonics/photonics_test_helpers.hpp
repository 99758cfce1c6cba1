#pragma once
// Shared fixtures of the photonics test suite.
#include <random>

#include "core/rng.hpp"
#include "core/types.hpp"

namespace tonnsim::photonics {

/// An r x c matrix with i.i.d. N(0, 1) entries drawn from `rng`.
inline Mat random_real(int r, int c, Rng& rng) {
  std::normal_distribution<double> g;
  Mat w(r, c);
  for (int j = 0; j < c; ++j)
    for (int i = 0; i < r; ++i) w(i, j) = g(rng);
  return w;
}

}  // namespace tonnsim::photonics
