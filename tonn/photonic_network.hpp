#pragma once
// A network put on photonic tensor cores: every TT layer's cores become phases
// (PhotonicTTCores), dense layers stay digital or are tiled (DenseRealisation).
#include <optional>
#include <vector>

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

/// Restarts the dynamic phase-noise stream of every photonic layer at programmed state
/// `state` (e.g. iteration x perturbations + perturbation): layer l then draws from
/// make_rng(make_rng(seed, kPhaseNoise, l)(), kPhaseNoise, state), seed = its chip seed.
/// Clones copy the stream state, so parallel copies of one network draw the same noise
/// unless each is reseeded with its own state index. Returns the number of layers reseeded.
int reseed_phase_noise(Network& net, std::uint64_t state);

/// A run of heater phases in a network's flat parameter vector, with its heater range top
/// phi_max = gamma V_max^2 (photonics/heater_power.hpp).
struct HeaterSpan {
  Eigen::Index offset = 0;
  Eigen::Index size = 0;
  double max_phase_rad = 0.0;
};

/// The parameter groups of `net` that are heater phases (photonic TT cores, photonic dense
/// weights), in parameter order; empty for a digital network.
std::vector<HeaterSpan> heater_spans(const Network& net);

/// The non-idealities (calibration included) of the chip the network's photonic layers run
/// on (all share the network's PhotonicOptions); nullopt for a digital network.
std::optional<photonics::NonIdealityOptions> chip_non_idealities(const Network& net);

/// The chip options of a photonic layer (TT cores or dense matrix on the chip); null for a
/// digital layer.
const PhotonicOptions* photonic_options(const LinearLayer& layer);

/// Heater power (W) of every photonic layer holding its current phases on its chip
/// (calibration and quantisation included); nullopt when the network has none.
std::optional<double> chip_heater_power_w(const Network& net);

}  // namespace tonnsim::tonn
