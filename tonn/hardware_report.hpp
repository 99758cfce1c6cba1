#pragma once
// Hardware of a TONN against a dense optical network of the same layer sizes: MZIs,
// photonic tensor cores, phase shifters, attenuators, chip area and static heater power,
// and the MZI reduction factor (issue 3; docs/mzi-count.md explains the numbers).
//
// Counts per photonic matrix of R x C (out x in):
//   right-sized SVD block U Sigma V^H (Miller 2013; Shen et al. 2017), Clements meshes:
//     MZIs = R(R-1)/2 + C(C-1)/2 + min(R, C)       (the last term: Sigma attenuators)
//     phase shifters = R(R-1) + [R >= 2] R + C(C-1) + [C >= 2] C + min(R, C)
//       (two heaters per mesh MZI, an output phase screen per mesh, one heater per
//        attenuator; a 1-wide side has no mesh and no screen, photonics/svd_block.hpp)
//   k x k tiling: ceil(R/k) ceil(C/k) tensor cores of k(k-1) + k MZIs and 2k^2 + k shifters.
// Area: photonics::chip_area_um2 (MZI cell footprint + standalone shifters).
// Static power: sum over heaters of P_pi (phi mod 2 pi) / pi for the programmed phases
// (photonics/heater_power.hpp) -- only when the weights, hence the phases, are known.
#include <array>
#include <optional>
#include <utility>
#include <vector>

#include "photonics/power_area.hpp"
#include "tonn/network_builder.hpp"
#include "tonn/photonic_options.hpp"

namespace tonnsim::tonn {

/// How TT cores are counted on the TONN chip:
///   kTiled:      every photonic matrix (TT core P_k, or a photonic dense layer) on k x k
///                tensor cores, zero-padded -- what the chip is built from;
///   kRightSized: every photonic matrix on one SVD block of exactly its size (no padding)
///                -- the least hardware a U Sigma V^H realisation of the same cores needs.
enum class TTAccounting { kTiled, kRightSized };

}  // namespace tonnsim::tonn

namespace tonnsim {
template <>
struct EnumNames<tonn::TTAccounting> {
  static constexpr const char* type = "TT hardware accounting";
  static constexpr std::array<std::pair<tonn::TTAccounting, const char*>, 2> names{
      {{tonn::TTAccounting::kTiled, "tiled"}, {tonn::TTAccounting::kRightSized, "right_sized"}}};
};
}  // namespace tonnsim

namespace tonnsim::tonn {

struct HardwareAccounting {
  TTAccounting tt = TTAccounting::kTiled;
  DenseRealisation dense = DenseRealisation::kDigitalReadout;
  CoreReshape reshape = CoreReshape::kOperator;  // which matrix a TT core becomes
  int core_size = photonics::kDefaultCoreSize;   // tensor-core size k for kTiled

  /// Throws InputError unless core_size >= 2.
  void validate() const;
};

/// One affine layer as the hardware sees it.
struct LayerShape {
  LayerType type = LayerType::kDense;
  TTShape tt;  // TT layers only
  Eigen::Index in_dim = 0, out_dim = 0;
};
std::vector<LayerShape> layer_shapes(const NetworkSpec& spec);
std::vector<LayerShape> layer_shapes(const Network& net);

/// Counts of one right-sized R x C SVD block (closed forms above).
photonics::HardwareCounts svd_block_counts(Eigen::Index rows, Eigen::Index cols);
/// Counts of an R x C matrix tiled onto k x k tensor cores.
photonics::HardwareCounts tiled_counts(Eigen::Index rows, Eigen::Index cols, int core_size);

struct LayerHardware {
  photonics::HardwareCounts counts;
  double digital_multiply_adds = 0.0;  // per sample, in the readout electronics
};

struct NetworkHardware {
  std::vector<LayerHardware> layers;
  photonics::HardwareCounts counts;  // totals over layers
  double area_mm2 = 0.0;
  std::optional<double> static_power_w;  // set when programmed phases are known
  double digital_multiply_adds = 0.0;    // per sample
  /// MZIs inside U and V^H meshes, i.e. without the Sigma attenuators.
  long mesh_mzis() const { return counts.mzis - counts.attenuators; }
};

/// The TONN chip under `accounting`, from layer shapes (no static power).
NetworkHardware tonn_hardware(const std::vector<LayerShape>& layers,
                              const HardwareAccounting& accounting,
                              const photonics::DeviceParameters& device);
/// The dense optical network: each layer one right-sized out x in SVD block (no power).
NetworkHardware dense_optical_hardware(const std::vector<LayerShape>& layers,
                                       const photonics::DeviceParameters& device);

/// As above, plus the static heater power of the network's realised weights programmed on
/// that organisation. TT layers running on PhotonicTTCores (and PhotonicDenseLayer) whose
/// grid matches the accounting report the phases they hold; every other matrix is
/// decomposed here (for the dense optical network: one SVD + two Clements decompositions
/// per layer, O(N^3), about a second per 512-wide layer).
NetworkHardware tonn_hardware(Network& net, const HardwareAccounting& accounting,
                              const photonics::DeviceParameters& device);
NetworkHardware dense_optical_hardware(Network& net, const photonics::DeviceParameters& device);

/// The TONN against the dense optical network under two MZI conventions and two dense
/// baselines (docs/mzi-count.md):
///   all MZIs (mesh MZIs plus Sigma attenuators) or mesh MZIs only (U and V meshes; the
///   convention that gives the published 1.17e3 for HJB-20: 523,474 / 448);
///   the dense network all optical, or "matched": the dense network computes in the readout
///   electronics exactly the layers the TONN reads out digitally (HJB-20: the 512 -> 1
///   output layer, whose 1 x 512 block is 130,817 MZIs of the all-optical baseline).
struct HardwareComparison {
  NetworkHardware tonn, dense;
  double mzi_reduction = 0.0;       // dense.counts.mzis / tonn.counts.mzis
  double mesh_mzi_reduction = 0.0;  // dense.mesh_mzis() / tonn.mesh_mzis()
  // The matched dense baseline: dense minus the blocks of the layers the TONN computes
  // digitally (those layers cost in x out multiply-adds on both sides).
  photonics::HardwareCounts dense_matched_counts;
  double mzi_reduction_matched = 0.0;       // dense_matched_counts.mzis / tonn.counts.mzis
  double mesh_mzi_reduction_matched = 0.0;  // dense matched mesh MZIs / tonn.mesh_mzis()
  long dense_matched_mesh_mzis() const {
    return dense_matched_counts.mzis - dense_matched_counts.attenuators;
  }
};
/// Throws InputError unless both have the same number of layers. Reductions are NaN when the
/// TONN has no MZIs (every layer dense and read out digitally).
HardwareComparison compare(NetworkHardware tonn, NetworkHardware dense);

}  // namespace tonnsim::tonn
