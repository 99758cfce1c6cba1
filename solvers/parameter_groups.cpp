#include "solvers/parameter_groups.hpp"

#include <algorithm>
#include <numeric>
#include <set>

#include "core/error.hpp"

namespace tonnsim::solvers {

namespace {

std::string_view strip_trailing_slashes(std::string_view s) {
  while (!s.empty() && s.back() == '/') s.remove_suffix(1);
  return s;
}

bool has_empty_segment(std::string_view name) {
  if (name.empty() || name.front() == '/' || name.back() == '/') return true;
  return name.find("//") != std::string_view::npos;
}

std::string names_of(const std::vector<ParameterGroup>& groups) {
  std::string out;
  for (const auto& g : groups) {
    if (!out.empty()) out += ", ";
    out += g.name;
  }
  return out;
}

}  // namespace

bool path_has_prefix(std::string_view name, std::string_view prefix) {
  prefix = strip_trailing_slashes(prefix);
  if (prefix.empty()) return true;
  if (name.size() < prefix.size() || name.compare(0, prefix.size(), prefix) != 0) return false;
  return name.size() == prefix.size() || name[prefix.size()] == '/';
}

std::string path_truncate(std::string_view name, int depth) {
  if (depth <= 0) return "*";
  std::size_t slash = 0;
  for (int d = 0; d < depth; ++d) {
    slash = name.find('/', d == 0 ? 0 : slash + 1);
    if (slash == std::string_view::npos) return std::string(name);
  }
  return std::string(name.substr(0, slash));
}

ParameterLayout::ParameterLayout(std::vector<ParameterGroup> groups, Index dimension)
    : groups_(std::move(groups)), dimension_(dimension) {
  require(dimension_ >= 1, "parameter layout dimension", dimension_, "must be >= 1");
  require(!groups_.empty(), "parameter groups", 0, "need at least one group");
  std::set<std::string> seen;
  for (const auto& g : groups_) {
    require(!has_empty_segment(g.name), "parameter group name", "'" + g.name + "'",
            "must be a non-empty '/'-separated path without empty segments");
    require(seen.insert(g.name).second, "parameter group name", g.name, "is not unique");
    require(g.size >= 1, "parameter group " + g.name + " size", g.size, "must be >= 1");
    require(g.offset >= 0, "parameter group " + g.name + " offset", g.offset, "must be >= 0");
  }
  // Sorted by offset, the groups tile [0, dimension) iff each starts where the last ended.
  std::vector<std::size_t> order(groups_.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(),
            [&](std::size_t a, std::size_t b) { return groups_[a].offset < groups_[b].offset; });
  Index next = 0;
  for (std::size_t k : order) {
    const auto& g = groups_[k];
    require(g.offset <= next, "parameter group " + g.name + " offset", g.offset,
            "leaves coordinates [" + std::to_string(next) + ", " + std::to_string(g.offset) +
                ") in no group");
    require(g.offset >= next, "parameter group " + g.name + " offset", g.offset,
            "overlaps the previous group, which ends at " + std::to_string(next));
    next = g.offset + g.size;
  }
  require(next == dimension_, "parameter layout dimension", dimension_,
          "groups end at " + std::to_string(next) + ", must cover the dimension exactly");
}

ParameterLayout ParameterLayout::single(Index dimension, const std::string& name) {
  return ParameterLayout({{name, 0, dimension}}, dimension);
}

const ParameterGroup& ParameterLayout::group(std::string_view name) const {
  for (const auto& g : groups_)
    if (g.name == name) return g;
  throw InputError("no parameter group named '" + std::string(name) +
                   "'; groups: " + names_of(groups_));
}

std::vector<ParameterGroup> ParameterLayout::select(std::string_view prefix) const {
  std::vector<ParameterGroup> out;
  for (const auto& g : groups_)
    if (path_has_prefix(g.name, prefix)) out.push_back(g);
  if (out.empty())
    throw InputError("parameter group prefix '" + std::string(prefix) +
                     "' matches no group; groups: " + names_of(groups_));
  return out;
}

std::vector<ParameterGroup> ParameterLayout::select_any(
    const std::vector<std::string>& prefixes) const {
  if (prefixes.empty()) return groups_;
  std::set<std::string> chosen;
  for (const auto& p : prefixes)
    for (const auto& g : select(p)) chosen.insert(g.name);
  std::vector<ParameterGroup> out;
  for (const auto& g : groups_)
    if (chosen.count(g.name)) out.push_back(g);
  return out;
}

std::vector<Index> ParameterLayout::coordinates(const std::vector<std::string>& prefixes) const {
  std::vector<Index> out;
  for (const auto& g : select_any(prefixes))
    for (Index j = 0; j < g.size; ++j) out.push_back(g.offset + j);
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<ParameterBlock> ParameterLayout::blocks(int depth,
                                                    const std::vector<std::string>& prefixes) const {
  require(depth >= 0, "parameter block depth", depth, "must be >= 0");
  std::vector<ParameterBlock> out;
  for (const auto& g : select_any(prefixes)) {
    const std::string name = path_truncate(g.name, depth);
    auto it = std::find_if(out.begin(), out.end(),
                           [&](const ParameterBlock& b) { return b.name == name; });
    if (it == out.end()) it = out.insert(out.end(), ParameterBlock{name, {}});
    for (Index j = 0; j < g.size; ++j) it->coordinates.push_back(g.offset + j);
  }
  for (auto& b : out) std::sort(b.coordinates.begin(), b.coordinates.end());
  return out;
}

}  // namespace tonnsim::solvers
