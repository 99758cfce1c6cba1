#include "pinn/sparse_grid.hpp"

#include <cmath>
#include <map>
#include <utility>
#include <vector>

#include "core/error.hpp"
#include "pinn/gauss_hermite.hpp"

namespace tonnsim::pinn {
namespace {

/// A node as its nonzero coordinates (index, value), indices ascending. Values come from
/// the same 1-D rule arrays, so equal nodes compare equal bit for bit.
using SparseNode = std::vector<std::pair<int, double>>;

double binomial(int n, int k) {
  if (k < 0 || k > n) return 0.0;
  double c = 1.0;
  for (int i = 1; i <= k; ++i) c = c * (n - k + i) / i;
  return std::round(c);
}

struct Builder {
  int dim, level;
  std::vector<QuadratureRule> rules;  // rules[l] = l-point rule, l = 1..level
  std::map<SparseNode, double> weight;
  std::vector<std::pair<int, int>> active;  // (coordinate, 1-D level >= 2)

  /// Tensor product over the active coordinates (the others sit at level 1: {0; 1}).
  void add_tensor(double coef, std::size_t a, SparseNode& node, double w) {
    if (a == active.size()) {
      weight[node] += coef * w;
      return;
    }
    const auto [j, l] = active[a];
    const QuadratureRule& r = rules[l];
    for (Eigen::Index i = 0; i < r.nodes.size(); ++i) {
      const bool nonzero = r.nodes(i) != 0.0;
      if (nonzero) node.emplace_back(j, r.nodes(i));
      add_tensor(coef, a + 1, node, w * r.weights(i));
      if (nonzero) node.pop_back();
    }
  }

  /// Every multi-index with sum_j (i_j - 1) = excess <= level - 1, by its active set.
  void enumerate(int first_coord, int excess) {
    const int k_min = std::max(0, level - dim);
    if (excess >= k_min) {
      const double coef = ((level - 1 - excess) % 2 == 0 ? 1.0 : -1.0) *
                          binomial(dim - 1, level - 1 - excess);
      if (coef != 0.0) {
        SparseNode node;
        add_tensor(coef, 0, node, 1.0);
      }
    }
    for (int j = first_coord; j < dim; ++j)
      for (int l = 2; excess + l - 1 <= level - 1; ++l) {
        active.emplace_back(j, l);
        enumerate(j + 1, excess + l - 1);
        active.pop_back();
      }
  }
};

}  // namespace

SparseGrid smolyak_gauss_hermite(int dim, int level) {
  require(dim >= 1, "sparse grid dimension", dim, "must be >= 1");
  require(level >= 1, "sparse grid level", level, "must be >= 1");
  Builder b{dim, level, {}, {}, {}};
  b.rules.resize(level + 1);
  for (int l = 1; l <= level; ++l) b.rules[l] = gauss_hermite_normal(l);
  b.enumerate(0, 0);

  // Keep the origin, then one representative per mirror pair (first coordinate > 0).
  // Cancellation can leave a few nodes with round-off weights; drop those.
  double scale = 0.0;
  for (const auto& [node, w] : b.weight) scale = std::max(scale, std::abs(w));
  std::vector<std::pair<const SparseNode*, double>> pairs;
  double centre = 0.0;
  for (const auto& [node, w] : b.weight) {
    if (node.empty()) {
      centre = w;
    } else if (node.front().second > 0.0 && std::abs(w) > 1e-13 * scale) {
      pairs.emplace_back(&node, w);
    }
  }
  SparseGrid grid{Mat::Zero(dim, 1 + 2 * Eigen::Index(pairs.size())),
                  Vec(1 + 2 * Eigen::Index(pairs.size()))};
  grid.weights(0) = centre;
  for (std::size_t p = 0; p < pairs.size(); ++p) {
    for (const auto& [j, z] : *pairs[p].first) {
      grid.nodes(j, 1 + 2 * p) = z;
      grid.nodes(j, 2 + 2 * p) = -z;
    }
    grid.weights(1 + 2 * p) = grid.weights(2 + 2 * p) = pairs[p].second;
  }
  return grid;
}

}  // namespace tonnsim::pinn
