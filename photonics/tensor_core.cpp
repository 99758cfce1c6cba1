#include "photonics/tensor_core.hpp"

#include <algorithm>
#include <string>

namespace tonnsim::photonics {

TileGrid TileGrid::make(int rows, int cols, int core_size) {
  require(rows >= 1 && cols >= 1, "tiled matrix shape",
          std::to_string(rows) + " x " + std::to_string(cols), "needs rows >= 1 and cols >= 1");
  require(core_size >= 2, "core_size", core_size, "must be >= 2 (a core mesh needs two modes)");
  return {rows, cols, core_size};
}

TileGrid::Span TileGrid::tile(int index) const {
  const int r0 = (index / tile_cols()) * core_size, c0 = (index % tile_cols()) * core_size;
  return {r0, c0, std::min(core_size, rows - r0), std::min(core_size, cols - c0)};
}

TensorCoreArray::TensorCoreArray(int rows, int cols, int core_size, Topology topology)
    : grid_(TileGrid::make(rows, cols, core_size)) {
  cores_.reserve(grid_.num_cores());
  for (int t = 0; t < grid_.num_cores(); ++t) cores_.emplace_back(core_size, core_size, topology);
}

TensorCoreArray TensorCoreArray::from_real_matrix(const Mat& w, int core_size, Topology topology) {
  TensorCoreArray a(static_cast<int>(w.rows()), static_cast<int>(w.cols()), core_size, topology);
  a.program_real(w);
  return a;
}

void TensorCoreArray::program_real(const Mat& w) {
  require(w.rows() == grid_.rows && w.cols() == grid_.cols, "matrix shape",
          std::to_string(w.rows()) + " x " + std::to_string(w.cols()),
          "must equal the array shape " + std::to_string(grid_.rows) + " x " +
              std::to_string(grid_.cols));
  const int k = grid_.core_size;
  Mat tile(k, k);
  for (int t = 0; t < num_cores(); ++t) {
    const auto s = grid_.tile(t);
    tile.setZero();
    tile.topLeftCorner(s.rows, s.cols) = w.block(s.row0, s.col0, s.rows, s.cols);
    cores_[t].program_real(tile);
  }
}

Vec TensorCoreArray::phases() const {
  Vec p(num_phases());
  for (int t = 0; t < num_cores(); ++t)
    p.segment(phase_offset(t), grid_.phases_per_core()) = cores_[t].phases();
  return p;
}

void TensorCoreArray::set_phases(const Vec& phases_rad) {
  require(phases_rad.size() == num_phases(), "phase vector size", phases_rad.size(),
          "must equal num_phases() = " + std::to_string(num_phases()));
  for (int t = 0; t < num_cores(); ++t)
    cores_[t].set_phases(phases_rad.segment(phase_offset(t), grid_.phases_per_core()));
}

void TensorCoreArray::place_tile(int index, const Eigen::Ref<const Mat>& tile,
                                 Eigen::Ref<Mat> out) const {
  const auto s = grid_.tile(index);
  out.block(s.row0, s.col0, s.rows, s.cols) = tile.topLeftCorner(s.rows, s.cols);
}

Mat TensorCoreArray::real_matrix() const {
  Mat out(grid_.rows, grid_.cols);
  for (int t = 0; t < num_cores(); ++t) place_tile(t, cores_[t].real_matrix(), out);
  return out;
}

}  // namespace tonnsim::photonics
