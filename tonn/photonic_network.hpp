#pragma once
// A network put on photonic tensor cores: every TT layer's cores become phases
// (PhotonicTTCores), dense layers stay digital or are tiled (DenseRealisation).
#include "tonn/network.hpp"
#include "tonn/photonic_options.hpp"

namespace tonnsim::tonn {

/// The same layers, activations, biases and options as `digital`, with each TT layer's
/// realised cores programmed (decomposed) onto the chip of layer l (chip_index = l) and
/// each dense layer per `dense`. Realises `digital` first. With ideal options the result
/// computes the same function to rounding; parameter groups keep their names
/// ("layer<l>/core<k>", "layer<l>/weight", "layer<l>/bias") and now hold phases (rad).
Network make_photonic_network(Network& digital, const PhotonicOptions& options,
                              DenseRealisation dense = DenseRealisation::kDigitalReadout);

}  // namespace tonnsim::tonn
