#pragma once
// The floating-point type a network's forward pass runs in (issue 13 item 2).
//
// kF64: every product and activation in double (the default; results as before).
// kF32: the batch products and activations of a forward pass (tonn::Network::forward and
// evaluate_stencil) in float, twice the SIMD lanes per vector and half the memory traffic.
// Parameters, the effective weights a layer realises (the chip's matrices included), the
// first layer's per-point and per-shift tables and its activation on the stencil, and every
// sum over stencil points (the derivative estimators, the loss) stay in double; each
// realised weight is rounded to float once per programmed state, not per input. On a
// stencil (evaluate_stencil) the float part carries only each input's change from its
// point, f(x + s) - f(x), layer by layer; the point's own pass runs in double
// (tonn/network.hpp, prepare_centre), so rounding scales with the shift's effect.
#include <array>
#include <utility>

#include "core/enum_names.hpp"

namespace tonnsim {

enum class Precision { kF64, kF32 };

template <>
struct EnumNames<Precision> {
  static constexpr const char* type = "precision";
  static constexpr std::array<std::pair<Precision, const char*>, 2> names{
      {{Precision::kF64, "f64"}, {Precision::kF32, "f32"}}};
};

}  // namespace tonnsim
