#pragma once
// The photonic realisation of a TT layer's cores: every TT core on its own grid of k x k
// photonic tensor cores, the MZI phases as the trainable parameters (issue 3; design
// notes, "Photonic realisation").
//
// Core k (tonn/tt_shape.hpp storage) is reshaped to P_k (CoreReshape, default kOperator:
// (r_{k-1} n_k) x (m_k r_k), P_k(a n_k + j, i r_k + c) = G_k(a, i, j, c)), programmed on a
// PhotonicMatrix (SVD + Clements per tile) and read back as the chip's effective matrix,
// then reshaped back. For the HJB reference model every P_k is at most 8 x 8, so each TT
// core is exactly one 8 x 8 tensor core.
//
// Parameters: group "core<k>" per TT core (the same names as DigitalCores, so a network's
// "layer<l>/core<k>" selects one core in either realisation), each the PhotonicMatrix
// phase layout of that core (rad).
//
// Programmed state: realize() evaluates every core on the chip once, drawing dynamic
// phase noise once for this state from the provider's own kPhaseNoise stream; TTLayer then
// reuses the cores for every batch. Allocation-free after the first realize().
#include <cstdint>
#include <vector>

#include "tonn/core_provider.hpp"
#include "tonn/photonic_matrix.hpp"

namespace tonnsim::tonn {

/// Shape of P_k for core k of `s` under `reshape`.
Eigen::Index photonic_rows(const TTShape& s, int k, CoreReshape reshape);
Eigen::Index photonic_cols(const TTShape& s, int k, CoreReshape reshape);

/// p (photonic_rows x photonic_cols) = P_k of the stored core (a permutation of entries).
void core_to_photonic(const TTShape& s, int k, CoreReshape reshape, const Mat& core,
                      Eigen::Ref<Mat> p);
/// The inverse: core (resized to core_rows x core_cols) from P_k. Allocates only when
/// `core` has another shape.
void photonic_to_core(const TTShape& s, int k, CoreReshape reshape, const Eigen::Ref<const Mat>& p,
                      Mat& core);

class PhotonicTTCores final : public CoreProvider {
 public:
  /// Programs `cores` (trained digital cores, tonn storage) into phases. The chip of layer
  /// `chip_index`: TT core k's tensor-core grid is fabricated from the k-th draw of
  /// make_rng(options.seed, kFabrication, chip_index); dynamic noise comes from
  /// make_rng(options.seed, kPhaseNoise, chip_index). Same seed and index, same chip.
  PhotonicTTCores(TTShape shape, const std::vector<Mat>& cores, const PhotonicOptions& options,
                  std::uint64_t chip_index = 0);

  std::unique_ptr<CoreProvider> clone() const override;
  const TTShape& shape() const override { return shape_; }
  std::vector<GroupSpec> parameter_groups() const override;
  void get_parameters(double* out) const override;
  void set_parameters(const double* in) override;
  void realize(std::vector<Mat>& cores) override;

  /// Re-programs digital cores (decomposition); keeps the chip.
  void program(const std::vector<Mat>& cores);
  /// Cores read back from the programmed phases without chip effects (allocates).
  std::vector<Mat> ideal_cores() const;

  const PhotonicOptions& options() const { return options_; }
  int order() const { return shape_.order(); }
  const PhotonicMatrix& core_matrix(int k) const { return matrices_.at(k); }
  /// Photonic tensor cores over all TT cores.
  int num_tensor_cores() const;
  /// All phases, core after core (the flat parameter vector), rad.
  Vec phases() const;
  /// Heater power (W) of every core's grid holding its programmed phases on this chip.
  double heater_power_w() const;
  /// The dynamic-noise stream (checkpoint or reseed it for reproducible runs; clone()
  /// copies its state, see reseed_phase_noise in tonn/photonic_network.hpp).
  Rng& noise_rng() { return noise_; }

 private:
  TTShape shape_;
  PhotonicOptions options_;
  std::vector<PhotonicMatrix> matrices_;
  std::vector<Mat> photonic_;  // P_k buffers of realize()
  Rng noise_;
};

}  // namespace tonnsim::tonn
