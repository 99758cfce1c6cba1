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

int reseed_phase_noise(Network& net, std::uint64_t state) {
  int reseeded = 0;
  for (int l = 0; l < net.num_layers(); ++l) {
    Rng* noise = nullptr;
    std::uint64_t seed = 0;
    if (auto* tt = dynamic_cast<TTLayer*>(&net.layer(l))) {
      if (auto* p = dynamic_cast<PhotonicTTCores*>(&tt->provider())) {
        noise = &p->noise_rng();
        seed = p->options().seed;
      }
    } else if (auto* d = dynamic_cast<PhotonicDenseLayer*>(&net.layer(l))) {
      noise = &d->noise_rng();
      seed = d->options().seed;
    }
    if (!noise) continue;
    *noise = make_rng(make_rng(seed, Stream::kPhaseNoise, l)(), Stream::kPhaseNoise, state);
    ++reseeded;
  }
  return reseeded;
}

}  // namespace tonnsim::tonn
