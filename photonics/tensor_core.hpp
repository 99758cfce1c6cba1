#pragma once
// Photonic tensor cores: fixed-size k x k SVD blocks (default 8 x 8) that larger matrices
// are tiled onto (the TONN reference setup uses one 8 x 8 core U Sigma V^T per TT core,
// design notes).
#include <vector>

#include "core/types.hpp"
#include "photonics/svd_block.hpp"

namespace tonnsim::photonics {

inline constexpr int kDefaultCoreSize = 8;

/// How an R x C matrix lands on k x k cores: zero-padded to ceil(R/k) k x ceil(C/k) k,
/// tile (i, j) holds rows [i k, (i+1) k) and cols [j k, (j+1) k). Partial products of a
/// tile row are summed electronically after detection.
struct TileGrid {
  int rows = 0, cols = 0, core_size = kDefaultCoreSize;

  /// Throws InputError unless rows, cols >= 1 and core_size >= 2.
  static TileGrid make(int rows, int cols, int core_size = kDefaultCoreSize);
  int tile_rows() const { return (rows + core_size - 1) / core_size; }
  int tile_cols() const { return (cols + core_size - 1) / core_size; }
  int num_cores() const { return tile_rows() * tile_cols(); }
  /// k(k-1) + k MZIs per core (two k-mode meshes and k attenuators).
  int mzis_per_core() const { return SvdBlock::mzi_count(core_size, core_size); }
  /// Heaters per core: 2 per mesh MZI (2 k(k-1)/2 per mesh, either topology), k + k screen
  /// shifters, k attenuators = 2k^2 + k, i.e. BlockStructure(k, k).num_phases() (k >= 2, so
  /// both meshes exist) in closed form: read-out paths call this per tile and per
  /// programmed state, and building the BlockStructure costs ~50 heap allocations.
  int phases_per_core() const { return 2 * core_size * core_size + core_size; }
  int num_mzis() const { return num_cores() * mzis_per_core(); }
  /// The part of the matrix tile `index` (tile-row-major) covers, without padding.
  struct Span {
    int row0, col0, rows, cols;
  };
  Span tile(int index) const;
  int num_phase_shifters() const { return num_cores() * phases_per_core(); }
};

/// A grid of k x k tensor cores programmed with one R x C real matrix. Phases of all cores
/// form one flat vector, core after core in tile-row-major order, each core in the
/// SvdBlock layout. Every core keeps its own s_max (its largest singular value).
class TensorCoreArray {
 public:
  TensorCoreArray(int rows, int cols, int core_size = kDefaultCoreSize,
                  Topology topology = Topology::kClements);
  static TensorCoreArray from_real_matrix(const Mat& w, int core_size = kDefaultCoreSize,
                                          Topology topology = Topology::kClements);
  /// Zero-pads each tile to k x k and programs it (SvdBlock::program_real).
  void program_real(const Mat& w);

  const TileGrid& grid() const { return grid_; }
  int num_cores() const { return grid_.num_cores(); }
  const SvdBlock& core(int index) const { return cores_[index]; }
  SvdBlock& core(int index) { return cores_[index]; }
  const std::vector<SvdBlock>& cores() const { return cores_; }
  /// Offset of core `index` in the flat phase vector.
  int phase_offset(int index) const { return index * grid_.phases_per_core(); }

  int num_phases() const { return grid_.num_phase_shifters(); }
  Vec phases() const;
  /// Throws InputError unless phases.size() == num_phases().
  void set_phases(const Vec& phases_rad);

  /// Reassembles Re(U Sigma V^H) of every core into the R x C effective matrix.
  Mat real_matrix() const;
  /// Writes core `index`'s k x k effective matrix into its place in `out` (R x C),
  /// cropping the zero padding. Shared by the ideal and the noisy chip paths.
  void place_tile(int index, const Eigen::Ref<const Mat>& tile, Eigen::Ref<Mat> out) const;

 private:
  TileGrid grid_;
  std::vector<SvdBlock> cores_;
};

}  // namespace tonnsim::photonics
