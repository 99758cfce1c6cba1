#pragma once
// Networks from a plain description (what a scenario file states), initialised by rule.
#include <cstdint>
#include <vector>

#include "tonn/initialization.hpp"
#include "tonn/network.hpp"
#include "tonn/tt_layer.hpp"

namespace tonnsim::tonn {

enum class LayerType { kDense, kTT };

}  // namespace tonnsim::tonn

namespace tonnsim {
template <>
struct EnumNames<tonn::LayerType> {
  static constexpr const char* type = "layer type";
  static constexpr std::array<std::pair<tonn::LayerType, const char*>, 2> names{
      {{tonn::LayerType::kDense, "dense"}, {tonn::LayerType::kTT, "tt"}}};
};
}  // namespace tonnsim

namespace tonnsim::tonn {

struct LayerSpec {
  LayerType type = LayerType::kDense;
  Eigen::Index out_dim = 0;    // dense: output dimension; TT: must be 0 or prod(out_modes)
  std::vector<int> in_modes;   // TT: input modes, product = previous width
  std::vector<int> out_modes;  // TT: output modes
  int tt_rank = 2;             // TT: r_1 = ... = r_{d-1}
  Activation activation;       // applied after this layer (identity for a linear output)

  Eigen::Index output_dim() const;
};

struct NetworkSpec {
  Eigen::Index input_dim = 1;
  std::vector<LayerSpec> layers;
  InitRule init = InitRule::kSiren;  // see tonn/initialization.hpp
  // Digital forward of TT layers; kContract is the faster for the HJB model (bench/).
  TTForward tt_forward = TTForward::kContract;
  std::uint64_t seed = 0;  // initialisation stream: make_rng(seed, Stream::kInit, layer)
  NetworkOptions options;

  /// Throws InputError naming the layer and field that is inconsistent.
  void validate() const;
  /// Parameters of the network this spec builds (cores + biases; weights + biases).
  Eigen::Index num_parameters() const;
};

/// Builds and initialises the network (digital TT cores). SIREN's w0 for layer l is the
/// omega0 of its own sine activation, or of layer l-1's for a non-sine layer (the linear
/// output layer), as in the SIREN reference code.
Network build_network(const NetworkSpec& spec);

/// The same layer sizes and activations with every layer dense (the uncompressed baseline).
NetworkSpec dense_equivalent(const NetworkSpec& spec);

}  // namespace tonnsim::tonn
