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

RetuneCost retune_cost(long heaters, double step_rad, long row_heaters,
                       const photonics::ThermalParams& thermal,
                       const photonics::RetuneOptions& options) {
  require(heaters >= 0, "heaters", heaters, "must be >= 0");
  require(row_heaters >= 1, "row_heaters", row_heaters, "must be >= 1");
  if (heaters == 0) return {};
  const long n = std::min(heaters, row_heaters);
  const RetunePattern p = representative_retune(int(n), step_rad);
  const photonics::HeaterRow row(int(n), thermal);
  const photonics::RetuneResult r = row.retune(p.from_rad, p.to_rad, options);
  const double rows = double(heaters) / double(n);
  return {r.settle_time_s, r.energy_j * rows, r.excess_energy_j * rows};
}

}  // namespace tonnsim::solvers
