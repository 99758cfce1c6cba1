#pragma once
// Settle time and heater energy of a class of retunes, from the photonics layer's thermal
// model (photonics/thermal_dynamics.hpp: first-order RC per heater, nearest-neighbour
// crosstalk, optional crosstalk pre-compensation and overdrive).
//
// The ledger knows how many heaters a state change moves and the largest step, not the
// phases themselves, so it evaluates the model on a representative program: a row of
// neighbouring heaters around mid-range, alternately stepping up and down,
//   from_i = pi - s_i step / 2,   to_i = pi + s_i step / 2,   s_i = +1 (i even), -1 (i odd),
// i.e. the sign pattern of a Rademacher perturbation with every heater away from the
// [0, 2 pi) wrap and the drive ceiling (assumption: the controller keeps small steps
// unwrapped; P_max = 6.14 P_pi leaves room). All heaters share tau, so with a step drive
// the settle time is exactly tau ln(step / tol), whatever the pattern.
//
// A class moving H heaters is H / n rows of n heaters (n: the heaters of one tensor core)
// settling in parallel: settle time of one row, energies x H / n.
#include <vector>

#include "core/types.hpp"
#include "photonics/thermal_dynamics.hpp"

namespace tonnsim::solvers {

struct RetunePattern {
  Vec from_rad;
  Vec to_rad;
};

/// The representative program above for `heaters` >= 1 heaters and step in [0, 2 pi).
RetunePattern representative_retune(int heaters, double step_rad);

struct RetuneCost {
  double settle_time_s = 0.0;    // one occurrence; heaters settle in parallel
  double energy_j = 0.0;         // drive energy over the settle window, holding power included
  double excess_energy_j = 0.0;  // energy_j minus the holding power of the new program
};

/// Cost of moving `heaters` heaters by `step_rad`, in rows of at most `row_heaters`.
/// Zero for heaters == 0.
RetuneCost retune_cost(long heaters, double step_rad, long row_heaters,
                       const photonics::ThermalParams& thermal,
                       const photonics::RetuneOptions& options);

/// retune_cost() with the one-row thermal integration memoised per (row size, step), for
/// callers that charge the same kinds of retune over and over (a run's ledger row per
/// iteration). Results are identical to retune_cost() with the same thermal and options.
class RetuneCostCache {
 public:
  RetuneCostCache(const photonics::ThermalParams& thermal, const photonics::RetuneOptions& options)
      : thermal_(thermal), options_(options) {}
  RetuneCost cost(long heaters, double step_rad, long row_heaters);
  const photonics::ThermalParams& thermal() const { return thermal_; }
  const photonics::RetuneOptions& options() const { return options_; }

 private:
  struct Entry {
    long row = 0;
    double step_rad = 0.0;
    photonics::RetuneResult result;
  };
  photonics::ThermalParams thermal_;
  photonics::RetuneOptions options_;
  std::vector<Entry> entries_;
};

}  // namespace tonnsim::solvers
