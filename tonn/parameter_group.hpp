#pragma once
// Named slices of a flat parameter vector, so optimisers can perturb all parameters,
// one layer or one TT core (ZO layer-wise / core-wise perturbation).
#include <string>

#include "core/types.hpp"

namespace tonnsim::tonn {

/// A group as a layer or core provider declares it: a local name ("core2", "bias",
/// "weight") and its length.
struct GroupSpec {
  std::string name;
  Eigen::Index size = 0;
};

/// A group in a network's flat vector: name "layer<l>/<local>", e.g. "layer1/core3".
struct ParameterGroup {
  std::string name;
  Eigen::Index offset = 0;
  Eigen::Index size = 0;
  int layer = 0;
};

}  // namespace tonnsim::tonn
