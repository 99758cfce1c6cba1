#include "scenarios/runner/resource_limits.hpp"

#include <cmath>
#include <limits>
#include <string>

#include "pinn/pde_library.hpp"
#include "scenarios/runner/scenario.hpp"

namespace tonnsim::runner {

namespace {

std::string text(double v) { return detail::number_text(v); }

void at_most(ConfigNode node, const std::string& key, double value, double ceiling,
             const std::string& why) {
  if (value > ceiling)
    node.fail(key, "exceeds the ceiling " + text(ceiling) + " (" + why +
                       "; docs/scenario-reference.md, resource limits)");
}

double product(const std::vector<int>& modes) {
  double p = 1.0;
  for (int m : modes) p *= m;
  return p;
}

}  // namespace

double sparse_grid_node_bound(int dim, int level) {
  double total = 0.0;
  const double n = 2.0 * dim - 1.0;
  for (int e = std::max(0, level - dim); e <= level - 1; ++e) {
    // C(e + n, n) = C(e + n, e), as a product of e factors (e <= level - 1 is small).
    double c = 1.0;
    for (int j = 1; j <= e; ++j) c *= (n + j) / j;
    total += c;
  }
  total += 1.0;  // the origin, always stored (with weight 0 if the combination cancels it)
  return std::isfinite(total) ? total : std::numeric_limits<double>::infinity();
}

void check_pde_dimension_limit(ConfigNode pde, const pinn::PdeOptions& options) {
  at_most(pde, "space_dim", options.space_dim, limits::kWidth, "PDE dimension");
}

void check_resource_limits(ConfigNode root, const Scenario& s) {
  ConfigNode pde = root.child("pde");
  const auto& loss = s.problem.loss;
  at_most(pde, "n_test", loss.n_test, limits::kTestPoints, "test points");
  at_most(pde, "n_collocation", loss.n_collocation, limits::kSamplePoints, "collocation points");
  at_most(pde, "n_condition", loss.n_condition, limits::kSamplePoints, "condition points");
  check_pde_dimension_limit(pde, s.problem.pde);
  at_most(pde.child("burgers"), "quadrature_points", s.problem.pde.burgers.quadrature_points,
          limits::kSamplePoints, "quadrature points");

  ConfigNode estimator = root.child("estimator");
  if (s.estimator.kind == pinn::EstimatorKind::kSparseGrid) {
    ConfigNode sg = estimator.child("sparse_grid");
    const int level = s.estimator.sparse_grid.level;
    at_most(sg, "level", level, limits::kSparseGridLevel, "Smolyak level");
    const int dim = pinn::make_pde(s.problem.pde)->input_dim();
    const double nodes = sparse_grid_node_bound(dim, level);
    if (nodes > limits::kSparseGridNodes)
      sg.fail("level", "gives up to " + text(nodes) + " sparse-grid nodes in " +
                           std::to_string(dim) + " dimensions, above the ceiling " +
                           text(limits::kSparseGridNodes) +
                           " (docs/scenario-reference.md, resource limits); lower the level");
  }
  at_most(estimator.child("monte_carlo"), "n_pairs", s.estimator.monte_carlo.n_pairs,
          limits::kMonteCarloPairs, "Monte-Carlo pairs");

  at_most(root.child("chip"), "core_size", s.chip.photonic.core_size, limits::kCoreSize,
          "tensor-core size");

  ConfigNode network = root.child("network");
  if (s.network.reference == ReferenceNetwork::kNone && !s.network.spec.layers.empty()) {
    at_most(network, "input_dim", s.network.spec.input_dim, limits::kWidth, "input width");
    const auto layers = network.child_list("layers");
    for (std::size_t i = 0; i < layers.size() && i < s.network.spec.layers.size(); ++i) {
      const tonn::LayerSpec& l = s.network.spec.layers[i];
      at_most(layers[i], "out_dim", l.out_dim, limits::kWidth, "layer width");
      at_most(layers[i], "in_modes", product(l.in_modes), limits::kWidth,
              "product of the modes = layer width");
      at_most(layers[i], "out_modes", product(l.out_modes), limits::kWidth,
              "product of the modes = layer width");
      at_most(layers[i], "tt_rank", l.tt_rank, limits::kTtRank, "TT rank");
    }
  } else if (s.network.reference == ReferenceNetwork::kHjb20) {
    at_most(network, "tt_rank", s.network.hjb20.tt_rank, limits::kTtRank, "TT rank");
  }
  if (s.network.reference != ReferenceNetwork::kNone || !s.network.spec.layers.empty()) {
    const double parameters = static_cast<double>(network_spec(s).num_parameters());
    if (parameters > limits::kParameters)
      throw InputError(network.location() + ": network: " + text(parameters) +
                       " trainable parameters, above the ceiling " + text(limits::kParameters) +
                       " (docs/scenario-reference.md, resource limits)");
  }
}

}  // namespace tonnsim::runner
