#pragma once
// One real matrix on one fabricated grid of k x k photonic tensor cores: the unit that TT
// cores and photonic dense layers are built from.
//
// Programming (decomposition): W (R x C) is zero-padded to k x k tiles, each tile
// T = U Sigma V^H by SVD and Clements decomposition (photonics/svd_block.hpp) with
// Sigma_k = s_max cos(psi_k); the trainable state is the flat phase vector of all tiles
// (photonics/tensor_core.hpp layout: tile-row-major, each tile [U theta | U phi | U screen |
// Sigma psi | V^H theta | V^H phi | V^H screen]), stored wrapped to [0, 2 pi) -- what the
// heaters hold. s_max per tile is fixed by programming (tonn/photonic_options.hpp).
//
// Read-out: the effective matrix W_eff = [Re(U Sigma V^H)] of every tile on this chip
// (quantisation, gamma variation, crosstalk, static errors, dynamic noise: ChipInstance),
// cropped and placed, once per programmed state. Tiles of one row are summed
// electronically after detection, which the placement into one matrix expresses.
#include <cstdint>
#include <vector>

#include "core/rng.hpp"
#include "photonics/chip_instance.hpp"
#include "tonn/photonic_options.hpp"

namespace tonnsim::tonn {

class PhotonicMatrix {
 public:
  /// Builds the R x C grid, fabricates its chip from make_rng(fabrication_seed,
  /// kFabrication, fabrication_index) (ArrayChip) and programs `w`.
  PhotonicMatrix(const Mat& w, const PhotonicOptions& options, std::uint64_t fabrication_seed,
                 std::uint64_t fabrication_index = 0);

  /// Decomposes `w` (same shape) into phases and per-tile s_max (options' headroom).
  void program(const Mat& w);

  int rows() const { return array_.grid().rows; }
  int cols() const { return array_.grid().cols; }
  const photonics::TensorCoreArray& array() const { return array_; }
  const photonics::ArrayChip& chip() const { return chip_; }
  Eigen::Index num_phases() const { return phases_.size(); }
  const Vec& phases() const { return phases_; }
  /// Programs num_phases() phases (rad); takes effect at the next effective().
  void set_phases(const double* phases_rad);
  /// Electrical power (W) of this grid's heaters holding the programmed phases: the drive
  /// the chip's calibration sets (photonics::ChipInstance::heater_power_w). Allocates.
  double heater_power_w() const;

  /// The ideal read-out Re(U Sigma V^H) of the programmed phases (no chip effects).
  /// Allocates; for tests and reports.
  Mat ideal_matrix() const;
  /// out (R x C) = effective matrix on this chip for the programmed phases; draws the
  /// dynamic noise from `noise` (Stream::kPhaseNoise) when it is on. Allocates nothing
  /// after the first call.
  void effective_matrix(Rng& noise, Eigen::Ref<Mat> out);

  /// Positions of the attenuator (Sigma) phases in phases(), tile after tile.
  std::vector<Eigen::Index> attenuator_phase_indices() const;
  /// grad (num_phases()) = dL/dp for the attenuator phases of every tile, 0 for the mesh
  /// phases, given dl_dw = dL/dW_eff (R x C) of the state effective_matrix() realised last
  /// (its noise draw included): per tile, the chip's realised factors U, t, V^H at the
  /// effective phases (photonics::block_factors), dL/dphi_k = Re(t'_k u_k^T G v_k)
  /// (photonics::attenuator_phase_gradient) and dL/dp = J^T dL/dphi with J the chip's
  /// attenuator-column response (photonics::ChipInstance::attenuator_jacobian). Throws
  /// InputError before any realisation.
  void attenuator_gradient(const Eigen::Ref<const Mat>& dl_dw, Eigen::Ref<Vec> grad) const;

 private:
  double s_max_headroom_;
  photonics::TensorCoreArray array_;
  photonics::ArrayChip chip_;
  Eigen::Index phases_per_core_;
  Vec phases_;
  photonics::ChipWorkspace ws_;
  Mat tile_;
  Vec effective_;  // effective phases of the last realised state, phases() layout
};

}  // namespace tonnsim::tonn
