#pragma once
// An exponential moving average of the parameters a noisy optimiser visits (Polyak and
// Juditsky, SIAM J. Control Optim. 30, 1992, for iterate averaging; the exponential form
// as in Izmailov et al., "Averaging weights leads to wider optima", UAI 2018).
//
// A zeroth-order step is the true gradient step plus noise whose variance does not shrink
// with the iterate's distance to the optimum, so the last iterate random-walks around it
// (docs/user-guide.md, "What the worked example reaches": +-30 % in the last iterate's
// error at the end of a cosine schedule). The average of the recent iterates cancels much
// of that walk:
//
//   a_0 = theta_0,   a_k = a_{k-1} + (1 - beta) d_k,   d_k = theta_k - a_{k-1},
//
// with, on a heater phase, d_k taken modulo 2 pi into (-pi, pi] (phases are angles: the
// average of 6.27 rad and 0.01 rad is 0 or 2 pi, not pi) and a_k then moved by whole turns
// to within pi of theta_k and into the heater's range [0, phi_max] (the power the average
// costs is then that of a state next to the iterate's). beta = 0.99 averages about the last
// 1 / (1 - beta) = 100 iterates.
//
// The controller holds a_k digitally; it is programmed on the chip only to measure the test
// error and at the end (the trained network). The optimiser itself keeps stepping from
// theta_k: averaging changes what is reported and returned, never the trajectory.
#include <array>
#include <utility>
#include <vector>

#include "core/enum_names.hpp"
#include "core/types.hpp"
#include "solvers/objective.hpp"

namespace tonnsim::solvers {

enum class AverageKind { kNone, kEma };

struct ParameterAverageOptions {
  // none: the test error and the trained network are the last iterate's (the published
  // setting). ema: those of the exponential moving average above.
  AverageKind kind = AverageKind::kNone;
  // beta, per iteration: the average spans about 1 / (1 - beta) iterates (100 at 0.99).
  double decay = 0.99;
  void validate() const;
};

class ParameterAverage {
 public:
  ParameterAverage(const ParameterAverageOptions& options, std::vector<HeaterRange> heater_ranges)
      : options_(options), ranges_(std::move(heater_ranges)) {}
  bool enabled() const { return options_.kind != AverageKind::kNone; }
  /// a_0 = theta (a new run) or the average a checkpoint stored (a resumed run).
  void reset(const Vec& average) { average_ = average; }
  /// One step a_{k-1} -> a_k towards the iterate theta_k (in its heater range).
  void update(const Vec& theta);
  const Vec& value() const { return average_; }

 private:
  ParameterAverageOptions options_;
  std::vector<HeaterRange> ranges_;
  Vec average_;
};

}  // namespace tonnsim::solvers

namespace tonnsim {
template <>
struct EnumNames<solvers::AverageKind> {
  static constexpr const char* type = "parameter average";
  static constexpr std::array<std::pair<solvers::AverageKind, const char*>, 2> names{
      {{solvers::AverageKind::kNone, "none"}, {solvers::AverageKind::kEma, "ema"}}};
};
}  // namespace tonnsim
