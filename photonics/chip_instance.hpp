#pragma once
// One fabricated chip: the static random draws of the non-idealities for an SVD block (or
// a tensor-core array), and the map programmed phases -> effective transfer matrix.
#include <cstdint>
#include <vector>

#include "core/rng.hpp"
#include "core/types.hpp"
#include "photonics/device_parameters.hpp"
#include "photonics/non_idealities.hpp"
#include "photonics/svd_block.hpp"
#include "photonics/tensor_core.hpp"

namespace tonnsim::photonics {

/// Caller-owned buffers for ChipInstance evaluations (one per thread); after the first
/// call with a given block shape, evaluations allocate nothing.
struct ChipWorkspace {
  Vec drive;      // nominal heater phases the DACs set (gamma V^2 with nominal gamma), rad
  Vec heater;     // phases the heaters produce (drive x per-heater gamma factor), rad
  Vec effective;  // phases the light sees, rad
  CMat field;     // work_rows x cols transfer being built
};

/// Static draws of one chip for one BlockStructure, made from its fabrication stream
/// make_rng(seed, Stream::kFabrication, index). Each effect draws from its own sub-stream,
/// so switching one effect on or off leaves the others' draws unchanged.
///
/// Programmed phase p_i -> effective phase (in this order, each step only when enabled):
///   r_i = range(p_i)                     into the heater range [0, phi_max] by whole 2 pi
///                                        (phi_max = gamma V_max^2; heater_power.hpp)
///   d_i = Q(r_i)                         DAC quantisation (voltage or phase domain), or with
///                                        a crosstalk-compensating calibration the drive that
///                                        solves d_i + sum_j c^_ij d_j = r_i (mod 2 pi), d_i
///                                        quantised and in range (Gauss-Seidel sweeps, the
///                                        quantiser inside; c^ = c exactly or as measured)
///   h_i = d_i (1 + e_i)                  heater efficiency (gamma) variation, static
///   phi_i = h_i + c sum_{j in nb(i)} h_j thermal crosstalk within a heater column
///   phi_i <- phi_i + s_i                 static fabrication phase error
///   phi_i <- phi_i + n_i, n_i ~ N(0, s^2) dynamic noise from the caller's kPhaseNoise stream
/// Heater columns (crosstalk neighbourhoods), per mesh: the theta heaters of one MZI
/// column, the phi heaters of one MZI column, the output screen; plus the Sigma column.
/// Neighbours are the crosstalk_neighbours nearest heaters on each side in that column.
/// Couplers (imbalance) and loss enter through BlockHardware. The heaters dissipate
/// block_heater_power_w(d) (heater_power.hpp): the ledger charges the drive d this chip
/// actually holds, pre-distorted when the calibration compensates crosstalk.
/// Calibration kMeasured draws its coupling errors from a fourth fabrication sub-stream.
class ChipInstance {
 public:
  /// Validates options and device (InputError naming field, value and rule).
  ChipInstance(const BlockStructure& structure, const NonIdealityOptions& options,
               const DeviceParameters& device, std::uint64_t seed, std::uint64_t index = 0);
  /// Draws from a given fabrication generator (ArrayChip seeds one per core).
  ChipInstance(const BlockStructure& structure, const NonIdealityOptions& options,
               const DeviceParameters& device, Rng fabrication);

  const BlockStructure& structure() const { return structure_; }
  const NonIdealityOptions& options() const { return options_; }
  const BlockHardware& hardware() const { return hardware_; }
  const Vec& static_phase_error_rad() const { return static_error_; }  // empty when off
  const Vec& gamma_factor() const { return gamma_factor_; }            // empty when off
  /// Heaters that couple to heater i: neighbours()[begin[i] .. begin[i+1]).
  const std::vector<int>& neighbour_begin() const { return nb_begin_; }
  const std::vector<int>& neighbours() const { return nb_index_; }

  /// The heater drive d (ws.drive) for programmed phases under this chip's calibration.
  void drive_phases(const Eigen::Ref<const Vec>& programmed_rad, ChipWorkspace& ws) const;
  /// Electrical power (W) of the heaters holding programmed phases (their drive d).
  double heater_power_w(const Eigen::Ref<const Vec>& programmed_rad, ChipWorkspace& ws) const;
  /// The coupling the controller assumes for neighbour entry j (parallel to neighbours()):
  /// c exactly, or c (1 + e_j) as measured; empty unless crosstalk is compensated.
  const Vec& assumed_coupling() const { return assumed_coupling_; }

  /// Effective phases for programmed phases (size num_phases()); draws dynamic noise
  /// from `noise` only when phase_noise is on.
  void effective_phases(const Eigen::Ref<const Vec>& programmed_rad, Rng& noise,
                        ChipWorkspace& ws) const;
  /// The complex M x N transfer this chip realises for programmed phases and s_max.
  void effective_matrix(const Eigen::Ref<const Vec>& programmed_rad, double s_max, Rng& noise,
                        ChipWorkspace& ws, CMat& out) const;
  /// Re(...) of effective_matrix: what coherent detection of a real input sees.
  void effective_real_matrix(const Eigen::Ref<const Vec>& programmed_rad, double s_max, Rng& noise,
                             ChipWorkspace& ws, Eigen::Ref<Mat> out) const;
  /// Convenience (allocates): the block's phases and s_max on this chip.
  Mat effective_real_matrix(const SvdBlock& block, Rng& noise) const;

  /// J (K x K) = d phi_k / d p_j for the attenuator (Sigma) column: how the effective phases
  /// of the column move with its programmed phases on this chip. The column is its own
  /// crosstalk neighbourhood, so with X = I + c N (crosstalk), H = diag(gamma factors) and
  /// D = (I + C^)^{-1} (a compensating calibration; I otherwise):  J = X H D.
  /// Quantisation is taken as the identity (straight-through: the DAC rounds each programmed
  /// phase, and its derivative is 0 almost everywhere) and so are range wraps (whole turns).
  Mat attenuator_jacobian() const;

  /// Detector noise std relative to the full-scale signal (0 when off).
  double detector_noise_std() const { return detector_relative_std_; }
  /// y += N(0, (detector_noise_std() full_scale)^2) per entry, per inference; `noise`
  /// should be a Stream::kDetector generator. No-op when detector noise is off.
  void add_detector_noise(Eigen::Ref<Mat> y, double full_scale, Rng& noise) const;

 private:
  void build_neighbours(int neighbours);
  // Effective phases, then the transfer into ws.field (top rows() rows).
  void evaluate(const Eigen::Ref<const Vec>& programmed_rad, double s_max, Rng& noise,
                ChipWorkspace& ws) const;
  BlockStructure structure_;
  NonIdealityOptions options_;
  PhaseShifterParams shifter_;
  double max_phase_rad_ = 0.0;  // heater range top, gamma V_max^2
  double crosstalk_factor_ = 0.0;
  Vec assumed_coupling_;        // controller's c^_ij per neighbour entry (compensating only)
  Vec static_error_, gamma_factor_;
  std::vector<int> nb_begin_, nb_index_;
  BlockHardware hardware_;
  double detector_relative_std_ = 0.0;
};

/// One ChipInstance per core of a TensorCoreArray; core t is seeded by the t-th draw of
/// the array's fabrication stream make_rng(seed, Stream::kFabrication, index).
class ArrayChip {
 public:
  ArrayChip(const TensorCoreArray& array, const NonIdealityOptions& options,
            const DeviceParameters& device, std::uint64_t seed, std::uint64_t index = 0);
  const ChipInstance& core(int i) const { return cores_[i]; }
  /// Heater power (W) of the array holding a flat phase vector (array layout).
  double heater_power_w(const TensorCoreArray& array, const Eigen::Ref<const Vec>& phases_rad,
                        ChipWorkspace& ws) const;
  int num_cores() const { return static_cast<int>(cores_.size()); }
  /// The array's R x C effective real matrix for a flat phase vector (array layout), each
  /// core with its own s_max from `array`. `tile` is a k x k scratch.
  void effective_real_matrix(const TensorCoreArray& array, const Eigen::Ref<const Vec>& phases_rad,
                             Rng& noise, ChipWorkspace& ws, Mat& tile, Eigen::Ref<Mat> out) const;
  Mat effective_real_matrix(const TensorCoreArray& array, Rng& noise) const;

 private:
  std::vector<ChipInstance> cores_;
};

}  // namespace tonnsim::photonics
