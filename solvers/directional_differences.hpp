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
#include <utility>

#include "core/enum_names.hpp"
#include "core/types.hpp"
#include "solvers/objective.hpp"

namespace tonnsim::solvers {

enum class DifferenceScheme { kCentral, kForward };

/// Adds step * u_i to `point` (which holds theta on entry).
using ApplyPerturbation = std::function<void(Index i, Eigen::Ref<Vec> point, double step)>;

/// States per direction: 2 for central, 1 for forward.
int states_per_direction(DifferenceScheme scheme);

/// D_i for i = 0..n-1. States are programmed in the order theta + mu u_0, theta - mu u_0,
/// theta + mu u_1, ... (central) and sent to f.evaluate_many() in chunks of at most
/// kMaxStatesPerBatch columns, which bounds the scratch memory to that many copies of theta.
/// `loss_at_theta` is L(theta), used (and required finite) only by the forward scheme.
Vec directional_differences(Objective& f, const Vec& theta, double mu, DifferenceScheme scheme,
                            double loss_at_theta, Index n, const ApplyPerturbation& perturb);

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
