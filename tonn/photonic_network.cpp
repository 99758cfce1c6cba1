#include "tonn/photonic_network.hpp"

#include "tonn/photonic_dense_layer.hpp"
#include "tonn/photonic_tt_cores.hpp"
#include "tonn/tt_layer.hpp"

namespace tonnsim::tonn {

Network make_photonic_network(Network& digital, const PhotonicOptions& options,
                              DenseRealisation dense) {
  options.validate();
  digital.realize();
  Network photonic(digital.input_dim(), digital.options());
  for (int l = 0; l < digital.num_layers(); ++l) {
    const LinearLayer& layer = digital.layer(l);
    std::unique_ptr<LinearLayer> placed;
    if (const auto* tt = dynamic_cast<const TTLayer*>(&layer)) {
      placed = std::make_unique<TTLayer>(
          std::make_unique<PhotonicTTCores>(tt->shape(), tt->effective_cores(), options, l),
          tt->bias(), tt->forward_mode());
    } else if (dense == DenseRealisation::kPhotonicTiles) {
      placed = std::make_unique<PhotonicDenseLayer>(layer.dense_weight(), layer.bias(), options, l);
    } else {
      placed = layer.clone();
    }
    photonic.add_layer(std::move(placed), digital.activation(l));
  }
  return photonic;
}

}  // namespace tonnsim::tonn
