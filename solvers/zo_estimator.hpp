#pragma once
// Zeroth-order (ZO) gradient estimators: gradients of L(theta) from loss measurements
// only, which is all an in-situ photonic chip offers. One interface, three kinds:
//
//  rge     random directions (Nesterov and Spokoiny 2017; Liu et al., IEEE SPM 2020):
//            g_B = (s_B / N_B) sum_{i<N_B} D_i u_i  on each block B of coordinates,
//          with D_i the central (antithetic) or forward (one-sided) difference along u_i
//          (directional_differences.hpp), u_i Rademacher, Gaussian or sphere-uniform
//          supported on B, and s_B = |B| / E||u||^2 under "unbiased" scaling
//          (perturbation_directions.hpp). Scope "joint" is one block of all selected
//          coordinates; scope "group_wise" makes one block per parameter group prefix of
//          depth group_depth, each perturbed on its own with its own N_B (layer-wise ZO at
//          depth 1 for names "layer<i>/core<k>", core-wise at depth 2).
//  cge     coordinate-wise central/forward differences, g_j = D_j for j in a coordinate
//          set S: all coordinates, a random subset of size n per iteration (scaled by d/n
//          under "unbiased" so that E[g] = grad L), or given indices. Exact on quadratics
//          with the central scheme; costs 2|S| states.
//  hybrid  rge for iterations < switch_iteration (cheap exploration), cge afterwards
//          (low-variance refinement).
//
// Tensor-compressed ZO (Zhao et al. 2023, "Tensor-compressed back-propagation-free
// training for (physics-informed) neural networks") is not a separate kind: it is rge
// applied to an Objective whose theta holds the TT-core parameters (or the phases that
// realise them) instead of the dense weights. The estimator is unchanged; what changes is
// d (about 1.9k instead of 274k for the HJB network), and the variance of rge grows
// linearly with d. Its published phase-domain form is the preset "phase_domain":
// Rademacher, central, mu = 0.025, N = 1 per layer (group_wise, depth 1); core-wise is the
// same with group_depth = 2.
//
// Randomness: estimate(f, theta, iteration) draws everything from
// make_rng(seed, Stream::kPerturbation, iteration), so an iteration's directions do not
// depend on how many were drawn before (resumable, reproducible).
#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/enum_names.hpp"
#include "core/types.hpp"
#include "solvers/directional_differences.hpp"
#include "solvers/objective.hpp"
#include "solvers/parameter_groups.hpp"
#include "solvers/perturbation_directions.hpp"

namespace tonnsim::solvers {

enum class ZoEstimatorKind { kRandomDirection, kCoordinate, kHybrid };
enum class PerturbationScope { kJoint, kGroupWise };
enum class CoordinateSelection { kAll, kRandomSubset, kGiven };
/// Published settings of the tensor-compressed BP-free PINN work (design-notes.md).
enum class ZoPreset { kPhaseDomain, kWeightDomain };

struct RandomDirectionOptions {
  // Rademacher: the published choice; every coordinate moves by exactly +-mu.
  DirectionDistribution distribution = DirectionDistribution::kRademacher;
  // Central (antithetic) differences: O(mu^2) error for 2 states per direction.
  DifferenceScheme scheme = DifferenceScheme::kCentral;
  // Unbiased: E[g] = grad L for every distribution (factor d for the sphere).
  ZoScaling scaling = ZoScaling::kUnbiased;
  // Perturbation radius in parameter units (rad for phases). Published: 0.01 in the weight
  // domain, 0.025 in the phase domain (phase noise and 8-bit quantisation need a larger
  // step to stay above the measurement floor).
  double mu = 0.01;
  // Directions N_B per block. Published: 10 (joint, weight domain), 1 (layer-wise, phases).
  int directions = 10;
  PerturbationScope scope = PerturbationScope::kJoint;
  // With group_wise: path segments naming a block (1: layer-wise, 2: core-wise), >= 1.
  int group_depth = 1;
  // Per-block N overriding `directions`, keyed by block name ("layer1"); checked against
  // the layout when the estimator is built.
  std::map<std::string, int> block_directions;
  // Group prefixes to train (all when empty); the others get a zero gradient (frozen).
  std::vector<std::string> group_prefixes;

  void validate() const;
};

struct CoordinateOptions {
  // Step per coordinate in parameter units (rad for phases).
  double mu = 0.01;
  // Central: exact on quadratics, O(mu^2) in general, 2 states per coordinate.
  DifferenceScheme scheme = DifferenceScheme::kCentral;
  CoordinateSelection selection = CoordinateSelection::kAll;
  // random_subset: coordinates sampled (without replacement) per iteration, >= 1.
  Index subset_size = 1;
  // given: the coordinates, each in [0, d), no duplicates.
  std::vector<Index> indices;
  // random_subset only: "unbiased" scales by (candidates / subset_size) so E[g] = grad L;
  // "none" returns the plain partial derivatives.
  ZoScaling scaling = ZoScaling::kUnbiased;
  // Candidate groups for all / random_subset (all groups when empty).
  std::vector<std::string> group_prefixes;

  void validate() const;
};

/// Settings every kind shares.
struct ZoCommonOptions {
  // Master seed of the direction and subset draws (stream kPerturbation, index iteration).
  std::uint64_t seed = 0;
  // Measure L(theta) as well (one more state; free with the forward scheme, which needs
  // it anyway). The training loop records it as the iteration's loss.
  bool evaluate_loss_at_theta = false;
};

struct ZoEstimatorOptions {
  ZoEstimatorKind kind = ZoEstimatorKind::kRandomDirection;
  ZoCommonOptions common;
  RandomDirectionOptions random_direction;  // rge, and hybrid before the switch
  CoordinateOptions coordinate;             // cge, and hybrid from the switch on
  // hybrid: first iteration that uses cge, >= 0.
  long hybrid_switch_iteration = 1000;

  void validate() const;
};

/// The published settings (design-notes.md): phase domain mu = 0.025, N = 1, layer-wise;
/// weight domain mu = 0.01, N = 10, joint; both Rademacher, central, unbiased.
ZoEstimatorOptions zo_preset(ZoPreset preset);

struct ZoEstimate {
  Vec gradient;                         // length d; zero outside the perturbed coordinates
  std::optional<double> loss_at_theta;  // L(theta) when it was measured
  ZoEstimatorKind kind = ZoEstimatorKind::kRandomDirection;  // the one that ran (hybrid: active)
  long objective_calls = 0;        // states measured by this estimate
  long retuned_coordinates = 0;    // parameter changes it caused (objective's count)
  long perturbed_coordinates = 0;  // distinct coordinates it perturbed
};

class ZoEstimator {
 public:
  virtual ~ZoEstimator() = default;
  virtual ZoEstimatorKind kind() const = 0;

  /// The estimate of grad L(theta) at `iteration` (>= 0).
  virtual ZoEstimate estimate(Objective& f, const Vec& theta, long iteration) = 0;

  /// States one estimate measures at `iteration`, known before running (ledger planning).
  virtual long calls_per_estimate(long iteration) const = 0;
};

/// Builds the estimator; validates the options and checks them against the layout.
std::unique_ptr<ZoEstimator> make_zo_estimator(const ZoEstimatorOptions& options,
                                               const ParameterLayout& layout);

namespace detail {
/// Bookkeeping shared by the kinds: checks theta and turns the objective's counters into
/// the estimate's statistics. L(theta), when the estimate measures it, is the first state
/// of its run of states (directional_differences()).
class EstimateRecorder {
 public:
  EstimateRecorder(Objective& f, const Vec& theta, Index dimension, bool measure_loss);
  bool measures_loss() const { return measured_; }
  void set_loss_at_theta(double loss) { loss_ = loss; }
  ZoEstimate finish(Vec gradient, ZoEstimatorKind kind, long perturbed_coordinates) const;

 private:
  Objective& f_;
  ObjectiveCounters start_;
  bool measured_;
  double loss_;
};

/// The iteration's random generator; rejects negative iterations.
Rng iteration_rng(std::uint64_t seed, long iteration);
}  // namespace detail

}  // namespace tonnsim::solvers

namespace tonnsim {
template <>
struct EnumNames<solvers::ZoEstimatorKind> {
  static constexpr const char* type = "ZO estimator";
  static constexpr std::array<std::pair<solvers::ZoEstimatorKind, const char*>, 3> names{
      {{solvers::ZoEstimatorKind::kRandomDirection, "rge"},
       {solvers::ZoEstimatorKind::kCoordinate, "cge"},
       {solvers::ZoEstimatorKind::kHybrid, "hybrid"}}};
};
template <>
struct EnumNames<solvers::PerturbationScope> {
  static constexpr const char* type = "ZO perturbation scope";
  static constexpr std::array<std::pair<solvers::PerturbationScope, const char*>, 2> names{
      {{solvers::PerturbationScope::kJoint, "joint"},
       {solvers::PerturbationScope::kGroupWise, "group_wise"}}};
};
template <>
struct EnumNames<solvers::CoordinateSelection> {
  static constexpr const char* type = "ZO coordinate selection";
  static constexpr std::array<std::pair<solvers::CoordinateSelection, const char*>, 3> names{
      {{solvers::CoordinateSelection::kAll, "all"},
       {solvers::CoordinateSelection::kRandomSubset, "random_subset"},
       {solvers::CoordinateSelection::kGiven, "given"}}};
};
template <>
struct EnumNames<solvers::ZoPreset> {
  static constexpr const char* type = "ZO preset";
  static constexpr std::array<std::pair<solvers::ZoPreset, const char*>, 2> names{
      {{solvers::ZoPreset::kPhaseDomain, "phase_domain"},
       {solvers::ZoPreset::kWeightDomain, "weight_domain"}}};
};
}  // namespace tonnsim
