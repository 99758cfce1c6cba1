#pragma once
// Named groups over the flat parameter vector theta that the optimisers see. A network
// exposes its trainable phases or weights as one Vec plus a layout such as
//   layer0/core0 [0, 24), layer0/core1 [24, 88), ..., layer2/dense [1800, 1913),
// so the ZO estimators can perturb a layer or a TT core on its own (layer-wise and
// core-wise ZO) without knowing what the numbers mean.
//
// Names are '/'-separated paths. Selection by prefix matches whole path segments:
// "layer0" selects "layer0" and "layer0/core2" but not "layer01/core0".
#include <Eigen/Core>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/types.hpp"

namespace tonnsim::solvers {

using Index = Eigen::Index;

/// One contiguous slice theta[offset, offset + size).
struct ParameterGroup {
  std::string name;  // '/'-separated path, e.g. "layer0/core2"; unique in a layout
  Index offset = 0;  // first coordinate
  Index size = 0;    // number of coordinates, >= 1
};

/// A set of coordinates perturbed together by a block-wise estimator: the union of the
/// groups that share a name prefix of a given depth ("layer0" at depth 1).
struct ParameterBlock {
  std::string name;
  std::vector<Index> coordinates;  // ascending
};

/// Groups that tile [0, dimension) exactly: no gap, no overlap.
class ParameterLayout {
 public:
  ParameterLayout() = default;

  /// Validates the groups: non-empty unique names without empty path segments, size >= 1,
  /// offset >= 0, and together they cover [0, dimension) with no overlap (any order).
  ParameterLayout(std::vector<ParameterGroup> groups, Index dimension);

  /// One group `name` covering all `dimension` coordinates (a network without structure).
  static ParameterLayout single(Index dimension, const std::string& name = "all");

  /// From any groups with `name`, `offset` and `size` members (e.g. a network's own
  /// group list), so the layers above need no conversion code.
  template <class Group>
  static ParameterLayout from_groups(const std::vector<Group>& groups, Index dimension) {
    std::vector<ParameterGroup> out;
    out.reserve(groups.size());
    for (const auto& g : groups) out.push_back({g.name, g.offset, g.size});
    return ParameterLayout(std::move(out), dimension);
  }

  Index dimension() const { return dimension_; }
  const std::vector<ParameterGroup>& groups() const { return groups_; }

  /// The group named exactly `name`; InputError listing the names otherwise.
  const ParameterGroup& group(std::string_view name) const;

  /// Groups whose path starts with `prefix` segment-wise, in layout order. An empty prefix
  /// selects all; a prefix matching nothing is an InputError (a typo would otherwise
  /// silently freeze parameters).
  std::vector<ParameterGroup> select(std::string_view prefix) const;

  /// Union of select(p) over `prefixes` (all groups when empty), without duplicates.
  std::vector<ParameterGroup> select_any(const std::vector<std::string>& prefixes) const;

  /// Coordinates of the groups matching any of `prefixes` (all when empty), ascending.
  std::vector<Index> coordinates(const std::vector<std::string>& prefixes = {}) const;

  /// Blocks formed from the groups matching `prefixes` by truncating their names to the
  /// first `depth` path segments: depth 0 gives one block "*" of all those coordinates
  /// (joint perturbation), depth 1 groups "layer0/..." together (layer-wise), a depth at
  /// least the number of segments keeps each group on its own (core-wise). Blocks are in
  /// order of first appearance in the layout.
  std::vector<ParameterBlock> blocks(int depth, const std::vector<std::string>& prefixes = {}) const;

 private:
  std::vector<ParameterGroup> groups_;
  Index dimension_ = 0;
};

/// True when `name` equals `prefix` or continues it with '/'. Trailing '/' in the prefix
/// is ignored; the empty prefix matches everything.
bool path_has_prefix(std::string_view name, std::string_view prefix);

/// The first `depth` '/'-separated segments of `name` ("*" for depth 0).
std::string path_truncate(std::string_view name, int depth);

}  // namespace tonnsim::solvers
