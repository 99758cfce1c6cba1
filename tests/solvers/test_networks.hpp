#pragma once
// Networks shared by the solver tests.
#include <cstdint>

#include "tonn/network_builder.hpp"

namespace tonnsim::solvers::testing {

/// 21 -> 16 -> 1 sine network on the HJB-20 inputs (x, t), the hidden layer a rank-2 TT
/// layer [3, 7] -> [4, 4] as in the published model, the output dense.
inline tonn::Network small_tt_network(std::uint64_t seed) {
  tonn::NetworkSpec spec;
  spec.input_dim = 21;
  spec.seed = seed;
  const tonn::Activation sine{tonn::ActivationKind::kSine, 1.0};
  spec.layers = {{tonn::LayerType::kTT, 0, {3, 7}, {4, 4}, 2, sine},
                 {tonn::LayerType::kDense, 1, {}, {}, 0, {tonn::ActivationKind::kIdentity, 1.0}}};
  return tonn::build_network(spec);
}

}  // namespace tonnsim::solvers::testing
