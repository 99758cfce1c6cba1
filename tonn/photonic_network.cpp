#include "tonn/photonic_network.hpp"

#include "photonics/heater_power.hpp"
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

const PhotonicOptions* photonic_options(const LinearLayer& layer) {
  if (const auto* tt = dynamic_cast<const TTLayer*>(&layer)) {
    if (const auto* p = dynamic_cast<const PhotonicTTCores*>(&tt->provider()))
      return &p->options();
  } else if (const auto* d = dynamic_cast<const PhotonicDenseLayer*>(&layer)) {
    return &d->options();
  }
  return nullptr;
}

std::vector<HeaterSpan> heater_spans(const Network& net) {
  std::vector<HeaterSpan> spans;
  for (const ParameterGroup& g : net.parameter_groups()) {
    const PhotonicOptions* o = photonic_options(net.layer(g.layer));
    const bool bias = g.name.size() >= 5 && g.name.compare(g.name.size() - 5, 5, "/bias") == 0;
    if (!o || bias) continue;
    spans.push_back({g.offset, g.size, photonics::max_heater_phase_rad(o->device.phase_shifter)});
  }
  return spans;
}

std::optional<photonics::NonIdealityOptions> chip_non_idealities(const Network& net) {
  for (int l = 0; l < net.num_layers(); ++l)
    if (const PhotonicOptions* o = photonic_options(net.layer(l))) return o->non_idealities;
  return std::nullopt;
}

std::optional<double> chip_heater_power_w(const Network& net) {
  std::optional<double> total;
  for (int l = 0; l < net.num_layers(); ++l) {
    const LinearLayer& layer = net.layer(l);
    if (const auto* tt = dynamic_cast<const TTLayer*>(&layer)) {
      if (const auto* p = dynamic_cast<const PhotonicTTCores*>(&tt->provider()))
        total = total.value_or(0.0) + p->heater_power_w();
    } else if (const auto* d = dynamic_cast<const PhotonicDenseLayer*>(&layer)) {
      total = total.value_or(0.0) + d->matrix().heater_power_w();
    }
  }
  return total;
}

}  // namespace tonnsim::tonn
