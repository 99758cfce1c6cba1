#pragma once
// Ceilings on what a scenario may ask a machine for, checked while the scenario is bound
// (bind_scenario), so `tonnsim check` and `tonnsim run` apply the same rules, before
// anything is allocated. Each ceiling is far above every shipped and published scenario
// (the largest: hjb20 n_test = 10,000, heat d = 100 with a 20,503-node level-3 grid) and
// below sizes that exhaust a workstation's memory; a value above one is an InputError
// naming the key, its line:column (or --set override) and the ceiling.
// docs/scenario-reference.md, "Resource limits", lists them.
#include <cstdint>

#include "pinn/pde_library.hpp"
#include "scenarios/runner/config_node.hpp"

namespace tonnsim::runner {

struct Scenario;

namespace limits {
// pde.n_test: 1e7 test points x (inputs + outputs) doubles is ~1 GB at 100 inputs.
constexpr long kTestPoints = 10'000'000;
// pde.n_collocation, pde.n_condition, burgers.quadrature_points: each point is evaluated
// at every stencil node every iteration; 1e6 points is already hours per iteration.
constexpr long kSamplePoints = 1'000'000;
// pde.space_dim and network widths (out_dim, products of TT modes, input_dim): a dense
// 65,536 x 65,536 layer is 32 GiB of float64 weights.
constexpr long kWidth = 65'536;
// TT ranks: a rank-1,024 core of modes 16 x 16 is already 2 GiB.
constexpr long kTtRank = 1'024;
// chip.core_size: a k x k block holds 2 k(k-1)/2 + k MZIs; k = 1,024 is ~1e6 per block.
constexpr long kCoreSize = 1'024;
// estimator.sparse_grid.level: the Smolyak grid exact to degree 2L - 1; L = 8 (degree 15)
// is far beyond any PINN use; with the node bound below.
constexpr long kSparseGridLevel = 8;
// Sparse-grid nodes (upper bound before coinciding nodes merge, sparse_grid_node_bound):
// nodes x inputs doubles per collocation point, every iteration.
constexpr double kSparseGridNodes = 200'000;
// estimator.monte_carlo.n_pairs: 2 network evaluations per pair and collocation point.
constexpr long kMonteCarloPairs = 1'000'000;
// Trainable parameters of the network (optimiser state is a few copies of them).
constexpr double kParameters = 1e8;
// --threads: OpenMP threads; more than this is a typo, not a machine.
constexpr long kThreads = 1'024;
// Points of a sweep (grid product or list): each is a scenario build or a training run.
constexpr long kSweepPoints = 10'000;
}  // namespace limits

/// Upper bound on the nodes of the Smolyak Gauss-Hermite grid of `level` in `dim`
/// dimensions (pinn/sparse_grid.hpp): the points of its tensor-product terms, counted with
/// multiplicity, sum_{e = max(0, L - D)}^{L - 1} C(e + 2D - 1, 2D - 1) (the coefficient
/// of x^e in (1 - x)^(-2D)), plus the origin the grid always stores; as a double,
/// saturating at +inf. D = 21, L = 3: 947 (925 after merging).
double sparse_grid_node_bound(int dim, int level);

/// InputError at the offending key when a value of `s` exceeds its ceiling.
void check_resource_limits(ConfigNode root, const Scenario& s);

/// The pde.space_dim ceiling alone: building a PDE allocates per variable, so this runs
/// before the first make_pde (the binder's input dimension, a reference file's columns).
void check_pde_dimension_limit(ConfigNode pde, const pinn::PdeOptions& options);

}  // namespace tonnsim::runner
