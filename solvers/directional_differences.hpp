#pragma once
// Finite-difference directional derivatives D_i ~ u_i^T grad L(theta), the measurement that
// every ZO estimator here (random-direction, coordinate-wise, block-wise) is built from:
//   central (antithetic):  D_i = [L(theta + mu u_i) - L(theta - mu u_i)] / (2 mu),
//                          error (mu^2 / 6) D^3L[u_i, u_i, u_i] = O(mu^2), 2 states per i;
//   forward (one-sided):   D_i = [L(theta + mu u_i) - L(theta)] / mu,
//                          error (mu / 2) u_i^T H u_i = O(mu), 1 state per i plus L(theta)
//                          shared by all i.
// On a quadratic the central difference is exact, which is what the tests exploit.
// For a direction distribution symmetric under u -> -u the forward form's O(mu) term
// (mu / 2)(u^T H u) u has zero mean, so averaged over directions both forms have the same
// O(mu^2) bias; the forward form trades half the states for more variance per direction.
#include <array>
#include <functional>
#include <limits>
#include <utility>
#include <vector>

#include "core/enum_names.hpp"
#include "core/types.hpp"
#include "solvers/objective.hpp"

namespace tonnsim::solvers {

enum class DifferenceScheme { kCentral, kForward };

/// Adds step * u_i to `point` (which holds theta on entry).
using ApplyPerturbation = std::function<void(Index i, Eigen::Ref<Vec> point, double step)>;

/// States per direction: 2 for central, 1 for forward.
int states_per_direction(DifferenceScheme scheme);

/// One set of directions: D_i for i = 0..n-1 along the u_i that `perturb` adds.
struct DirectionSet {
  Index n = 0;
  ApplyPerturbation perturb;
};

/// D of every set, and L(theta) when measured (NaN otherwise).
struct DirectionalDifferences {
  std::vector<Vec> D;  // D[s](i) = D_i of set s
  double loss_at_theta = std::numeric_limits<double>::quiet_NaN();
};

/// The directional differences of every set from one run of programmed states, in the
/// order theta (when `measure_theta`; required by the forward scheme), then
/// theta + mu u_0, theta - mu u_0, theta + mu u_1, ... (central; forward: theta + mu u_i)
/// of set 0, then of set 1, ... All the states of an estimate go to f.evaluate_many()
/// together, in chunks of at most kMaxStatesPerBatch columns (which bounds the scratch
/// memory), so an objective can share the work its states have in common (a layer-wise
/// state shares the layers below its block with theta: solvers/trainer.hpp).
DirectionalDifferences directional_differences(Objective& f, const Vec& theta, double mu,
                                               DifferenceScheme scheme, bool measure_theta,
                                               const std::vector<DirectionSet>& sets);

inline constexpr Index kMaxStatesPerBatch = 128;

}  // namespace tonnsim::solvers

namespace tonnsim {
template <>
struct EnumNames<solvers::DifferenceScheme> {
  static constexpr const char* type = "finite-difference scheme";
  static constexpr std::array<std::pair<solvers::DifferenceScheme, const char*>, 2> names{
      {{solvers::DifferenceScheme::kCentral, "central"},
       {solvers::DifferenceScheme::kForward, "forward"}}};
};
}  // namespace tonnsim
