#pragma once
// How a network's weights are put on photonic tensor cores: tile size, mesh topology, the
// fixed optical gain s_max, the TT-core reshape, and the simulated chip (non-idealities,
// device constants, seed).
#include <array>
#include <cstdint>
#include <utility>

#include "core/enum_names.hpp"
#include "photonics/device_parameters.hpp"
#include "photonics/mesh.hpp"
#include "photonics/non_idealities.hpp"
#include "photonics/tensor_core.hpp"

namespace tonnsim::tonn {

/// Which matrix a TT core G_k (r_{k-1}, m_k, n_k, r_k) becomes on the chip (m_k input
/// modes, n_k output modes, tonn/tt_shape.hpp):
///   kOperator: P_k((a, j), (i, c)) = G_k(a, i, j, c), shape (r_{k-1} n_k) x (m_k r_k), row
///              a n_k + j, column i r_k + c. It is the linear map one contraction step
///              applies (inputs: input mode x right rank; outputs: left rank x output mode),
///              so light enters on the columns and leaves on the rows. In the papers'
///              naming (first core index = output mode) this is the "(r_{k-1} m_k) x
///              (n_k r_k)" reshape; for the HJB model every P_k is at most 8 x 8 (one
///              tensor core per TT core, as published).
///   kStorage:  the core as tonn stores it, (r_{k-1} m_k) x (n_k r_k) with m_k = input
///              mode (row a m_k + i, column j r_k + c). Same numbers, transposed mode
///              pairing; the HJB cores become 1 x 16, 14 x 4, ... and need 12 tiles, not 8.
enum class CoreReshape { kOperator, kStorage };

/// How a dense layer of a TONN is realised (the HJB model's 512 -> 1 output layer):
///   kDigitalReadout: a dot product in the readout electronics after the last photonic
///                    layer's detectors (no MZIs; in x out digital multiply-adds/sample);
///   kPhotonicTiles:  the out x in weight tiled onto k x k tensor cores like a TT core.
enum class DenseRealisation { kDigitalReadout, kPhotonicTiles };

}  // namespace tonnsim::tonn

namespace tonnsim {
template <>
struct EnumNames<tonn::CoreReshape> {
  static constexpr const char* type = "TT core reshape";
  static constexpr std::array<std::pair<tonn::CoreReshape, const char*>, 2> names{
      {{tonn::CoreReshape::kOperator, "operator"}, {tonn::CoreReshape::kStorage, "storage"}}};
};
template <>
struct EnumNames<tonn::DenseRealisation> {
  static constexpr const char* type = "dense layer realisation";
  static constexpr std::array<std::pair<tonn::DenseRealisation, const char*>, 2> names{
      {{tonn::DenseRealisation::kDigitalReadout, "digital_readout"},
       {tonn::DenseRealisation::kPhotonicTiles, "photonic_tiles"}}};
};
}  // namespace tonnsim

namespace tonnsim::tonn {

struct PhotonicOptions {
  // Tensor-core size k (k x k U Sigma V^H blocks); published reference chip: 8.
  int core_size = photonics::kDefaultCoreSize;
  // Mesh topology of U and V^H; Clements is balanced and shallower (published: Clements).
  photonics::Topology topology = photonics::Topology::kClements;
  // s_max of each tensor core = headroom x the largest singular value of its tile at
  // programming time. s_max is the core's optical/electronic gain (laser power, TIA gain):
  // fixed once programmed, NOT a trainable parameter, because Sigma_k = s_max cos(psi_k)
  // and only the phases psi_k are tuned. With headroom 1 (published practice: scale by
  // sigma_max) the largest singular value sits at psi = 0 and can only shrink during
  // training; > 1 leaves room to grow at the price of dynamic range.
  double s_max_headroom = 1.0;
  CoreReshape reshape = CoreReshape::kOperator;
  // Effects acting on the chip; ideal() by default.
  photonics::NonIdealityOptions non_idealities;
  photonics::DeviceParameters device;
  // Chip seed: fabrication draws make_rng(seed, kFabrication, layer), dynamic phase noise
  // make_rng(seed, kPhaseNoise, layer).
  std::uint64_t seed = 0;

  /// Throws InputError naming the first field that breaks its rule.
  void validate() const;
};

}  // namespace tonnsim::tonn
