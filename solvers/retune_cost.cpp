#include "solvers/retune_cost.hpp"

#include <algorithm>
#include <cmath>

#include "core/error.hpp"

namespace tonnsim::solvers {

RetunePattern representative_retune(int heaters, double step_rad) {
  require(heaters >= 1, "heaters", heaters, "must be >= 1");
  require(std::isfinite(step_rad) && step_rad >= 0 && step_rad < 2.0 * M_PI, "step_rad", step_rad,
          "must be in [0, 2 pi) rad");
  RetunePattern p{Vec(heaters), Vec(heaters)};
  for (int i = 0; i < heaters; ++i) {
    const double half = (i % 2 == 0 ? 0.5 : -0.5) * step_rad;
    p.from_rad(i) = M_PI - half;
    p.to_rad(i) = M_PI + half;
  }
  return p;
}

namespace {
photonics::RetuneResult row_retune(long n, double step_rad, const photonics::ThermalParams& thermal,
                                   const photonics::RetuneOptions& options) {
  const RetunePattern p = representative_retune(int(n), step_rad);
  const photonics::HeaterRow row(int(n), thermal);
  return row.retune(p.from_rad, p.to_rad, options);
}

/// A class of `heaters` is heaters / n rows of n settling in parallel.
RetuneCost scaled(const photonics::RetuneResult& r, long heaters, long n) {
  const double rows = double(heaters) / double(n);
  return {r.settle_time_s, r.energy_j * rows, r.excess_energy_j * rows};
}

long row_size(long heaters, long row_heaters) {
  require(heaters >= 0, "heaters", heaters, "must be >= 0");
  require(row_heaters >= 1, "row_heaters", row_heaters, "must be >= 1");
  return std::min(heaters, row_heaters);
}
}  // namespace

RetuneCost retune_cost(long heaters, double step_rad, long row_heaters,
                       const photonics::ThermalParams& thermal,
                       const photonics::RetuneOptions& options) {
  const long n = row_size(heaters, row_heaters);
  if (n == 0) return {};
  return scaled(row_retune(n, step_rad, thermal, options), heaters, n);
}

RetuneCost RetuneCostCache::cost(long heaters, double step_rad, long row_heaters) {
  const long n = row_size(heaters, row_heaters);
  if (n == 0) return {};
  for (const Entry& e : entries_)
    if (e.row == n && e.step_rad == step_rad) return scaled(e.result, heaters, n);
  entries_.push_back({n, step_rad, row_retune(n, step_rad, thermal_, options_)});
  return scaled(entries_.back().result, heaters, n);
}

}  // namespace tonnsim::solvers
