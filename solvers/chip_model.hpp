#pragma once
// What the energy/latency ledger (solvers/energy_ledger.hpp) needs to know about the chip
// a network runs on: every photonic matrix ("stage") with its tiles, the matrix-vector
// products (MVMs) one network inference makes it perform, its heaters and static heater
// power, plus the electronic work per inference (nonlinearities, digital read-out).
//
// MVMs per inference of a TT core (Oseledets 2011; the sweep of tonn/tt_contraction.hpp).
// A TT layer with cores G_k (r_{k-1}, m_k, n_k, r_k) is applied core by core; the step of
// core k maps one vector over (input mode, rank) to one over (rank, output mode) and is
// repeated for every value of the indices it does not touch:
//   kOperator reshape, P_k = (r_{k-1} n_k) x (m_k r_k), right-to-left sweep:
//     MVMs_k = prod_{l<k} m_l * prod_{l>k} n_l,  inputs m_k r_k,  outputs r_{k-1} n_k;
//   kStorage reshape, the left-to-right sweep:
//     MVMs_k = prod_{l>k} m_l * prod_{l<k} n_l,  inputs m_k r_{k-1},  outputs n_k r_k.
// For the HJB-20 model (layer 0 [1,1,3,7] -> [8,4,4,4], layer 1 [4,4,4,8] -> [8,4,4,4],
// rank 2, operator reshape) that is 3, 4, 16, 64 MVMs for layer 0's cores and 64 for each of
// layer 1's: 343 MVMs of an 8 x 8 tensor core per inference, 64 on the busiest core.
// A photonic dense layer makes one MVM of its (tiled) weight per inference.
//
// An R x C matrix tiled onto k x k cores occupies ceil(R/k) x ceil(C/k) tiles; one MVM of it
// is one MVM of every tile. Each tile modulates the inputs of its column block and detects
// the outputs of its row block (partial sums of a row of tiles are added after detection),
// so one MVM takes ceil(R/k) C input symbols and ceil(C/k) R output samples; zero-padded
// channels are left dark and cost nothing. A right-sized block (TTAccounting::kRightSized)
// is one tile of exactly R x C.
#include <vector>

#include "photonics/device_parameters.hpp"
#include "photonics/thermal_dynamics.hpp"
#include "tonn/hardware_report.hpp"

namespace tonnsim::solvers {

/// One photonic matrix: a TT core's P_k, or a dense weight put on tiles.
struct PhotonicStage {
  int layer = 0;          // network layer it belongs to (the ZO block of layer-wise ZO)
  int tt_core = -1;       // core index in its TT layer; -1 for a photonic dense layer
  long inputs = 0;        // input width C of one MVM (light enters on C channels)
  long outputs = 0;       // output width R of one MVM
  long tile_inputs = 0;   // input width of one tile: k, or C when right-sized
  long tile_outputs = 0;  // output width of one tile: k, or R when right-sized
  long tiles = 0;         // tiles it occupies: ceil(R / tile_outputs) ceil(C / tile_inputs)
  double mvms_per_inference = 0.0;  // MVMs of this matrix per network inference (see above)
  long heaters = 0;                 // programmable phase shifters over its tiles
  double static_power_w = 0.0;      // heater power holding its program, W

  long row_blocks() const { return (outputs + tile_outputs - 1) / tile_outputs; }
  long col_blocks() const { return (inputs + tile_inputs - 1) / tile_inputs; }
};

/// Electronic work and parameters of one network layer.
struct LayerLoad {
  long nonlinear_units = 0;            // activations evaluated after the layer (0 for identity)
  double digital_multiply_adds = 0.0;  // per inference, a dense layer read out digitally
  long heaters = 0;  // heaters of its photonic stages (what perturbing it retunes)
};

struct ChipModel {
  std::vector<PhotonicStage> stages;  // in network order, layer after layer
  std::vector<LayerLoad> layers;      // one per network layer
  bool tiled = true;                  // k x k tiles (TTAccounting::kTiled) or right-sized
  int core_size = 8;                  // k of the tiles
  // Widths at the network's boundary: what an all-optical chip would modulate and detect per
  // inference (the published-assumption accounting, solvers/energy_ledger.hpp). HJB-20: 21, 1.
  long network_inputs = 0;   // first layer's in_dim
  long network_outputs = 0;  // last layer's out_dim
  photonics::DeviceParameters device;
  // How the chip's controller drives heaters against crosstalk: from the chip's calibration
  // (photonics::retune_compensation of its NonIdealityOptions); chip_model(Network&) reads
  // it from the network's photonic layers. No chip effects (a digital model): kIgnore.
  photonics::CrosstalkCompensation crosstalk = photonics::CrosstalkCompensation::kIgnore;

  /// Throws InputError naming the first inconsistent field (stages[i].tiles, ...).
  void validate() const;

  // Totals per network inference.
  double tile_mvms_per_inference() const;       // sum_s MVMs_s tiles_s
  double busiest_tile_mvms() const;             // max_s MVMs_s (each tile of s does MVMs_s)
  double input_symbols_per_inference() const;   // sum_s MVMs_s row_blocks_s C_s
  double output_samples_per_inference() const;  // sum_s MVMs_s col_blocks_s R_s
  long nonlinear_units() const;
  double digital_multiply_adds() const;

  long total_tiles() const;
  long total_heaters() const;
  double static_power_w() const;  // sum over stages
  /// Heaters of one tile: 2k^2 + k for a k x k core; the largest stage's when right-sized.
  long heaters_per_tile() const;
};

/// The chip of a network with these layer shapes and activations (nonlinear[l]: layer l's
/// activation is not the identity) under `accounting`. `static_power_w` (the whole chip's
/// heater power for its program, e.g. tonn_hardware(net, ...).static_power_w) is split over
/// the stages in proportion to their heaters (assumption: heaters of every stage hold
/// similar phases on average); set stages[i].static_power_w afterwards where known exactly.
ChipModel chip_model(const std::vector<tonn::LayerShape>& layers,
                     const std::vector<bool>& nonlinear, const tonn::HardwareAccounting& accounting,
                     const photonics::DeviceParameters& device, double static_power_w);

/// From a spec (activations from its layers).
ChipModel chip_model(const tonn::NetworkSpec& spec, const tonn::HardwareAccounting& accounting,
                     const photonics::DeviceParameters& device, double static_power_w);

/// From a network: static power of its realised weights as tonn_hardware(net, accounting,
/// device) reports it (the chip's own heater drive for photonic layers, decomposition onto
/// an ideal chip otherwise) and the crosstalk treatment of its photonic layers' calibration.
ChipModel chip_model(tonn::Network& net, const tonn::HardwareAccounting& accounting,
                     const photonics::DeviceParameters& device);

/// The retune drive of a network's chip: retune_compensation of its photonic layers'
/// non-idealities (kIgnore for a digital network).
photonics::CrosstalkCompensation network_crosstalk(const tonn::Network& net);

}  // namespace tonnsim::solvers
