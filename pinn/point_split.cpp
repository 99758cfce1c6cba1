#include "pinn/point_split.hpp"

#include <algorithm>
#include <string>

#include "core/error.hpp"

namespace tonnsim::pinn {

ColumnRange part_columns(Eigen::Index n, int part, int parts) {
  require(parts >= 1, "parts", parts, "must be >= 1");
  require(part >= 0 && part < parts, "part", part, "must lie in [0, " + std::to_string(parts) + ")");
  require(n >= 0, "columns", n, "must be >= 0");
  const Eigen::Index base = n / parts, extra = n % parts;
  const auto start = [&](Eigen::Index p) { return p * base + std::min(p, extra); };
  return {start(part), start(part + 1)};
}

}  // namespace tonnsim::pinn
