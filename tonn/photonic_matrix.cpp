#include "tonn/photonic_matrix.hpp"

#include <string>

#include "core/error.hpp"
#include "photonics/mzi.hpp"

namespace tonnsim::tonn {

using Index = Eigen::Index;

PhotonicMatrix::PhotonicMatrix(const Mat& w, const PhotonicOptions& options,
                               std::uint64_t fabrication_seed, std::uint64_t fabrication_index)
    : s_max_headroom_((options.validate(), options.s_max_headroom)),
      array_(static_cast<int>(w.rows()), static_cast<int>(w.cols()), options.core_size,
             options.topology),
      chip_(array_, options.non_idealities, options.device, fabrication_seed, fabrication_index),
      phases_per_core_(array_.grid().phases_per_core()) {
  program(w);
}

void PhotonicMatrix::program(const Mat& w) {
  require(w.rows() == rows() && w.cols() == cols(), "programmed matrix shape",
          std::to_string(w.rows()) + " x " + std::to_string(w.cols()),
          "must equal the photonic matrix shape " + std::to_string(rows()) + " x " +
              std::to_string(cols()));
  const int k = array_.grid().core_size;
  Mat tile(k, k);
  for (int t = 0; t < array_.num_cores(); ++t) {
    const auto s = array_.grid().tile(t);
    tile.setZero();
    tile.topLeftCorner(s.rows, s.cols) = w.block(s.row0, s.col0, s.rows, s.cols);
    photonics::SvdBlock& core = array_.core(t);
    core.program_real(tile);  // s_max = sigma_max of the tile
    if (s_max_headroom_ != 1.0) core.program_real(tile, s_max_headroom_ * core.s_max());
  }
  // The heaters hold wrapped phases; storing them wrapped makes the chip's own wrapping
  // exact, so an ideal chip reproduces ideal_matrix() bit for bit.
  phases_ = array_.phases().unaryExpr([](double p) { return photonics::wrap_phase(p); });
  array_.set_phases(phases_);
}

void PhotonicMatrix::set_phases(const double* phases_rad) {
  std::copy(phases_rad, phases_rad + phases_.size(), phases_.data());
}

double PhotonicMatrix::heater_power_w() const {
  photonics::ChipWorkspace ws;
  return chip_.heater_power_w(array_, phases_, ws);
}

Mat PhotonicMatrix::ideal_matrix() const {
  photonics::TensorCoreArray programmed = array_;
  programmed.set_phases(phases_);
  return programmed.real_matrix();
}

void PhotonicMatrix::effective_matrix(Rng& noise, Eigen::Ref<Mat> out) {
  // The loop of ArrayChip::effective_real_matrix with the per-core phase count cached:
  // TileGrid::phases_per_core() builds a BlockStructure (meshes and all) on every call,
  // about 120 heap allocations per tile, which this hot path must not pay.
  if (out.rows() != rows() || out.cols() != cols())  // guarded: the message would allocate
    require(false, "effective matrix shape",
            std::to_string(out.rows()) + " x " + std::to_string(out.cols()),
            "must equal the photonic matrix shape " + std::to_string(rows()) + " x " +
                std::to_string(cols()));
  const int k = array_.grid().core_size;
  tile_.resize(k, k);
  for (int t = 0; t < array_.num_cores(); ++t) {
    chip_.core(t).effective_real_matrix(
        phases_.segment(Index(t) * phases_per_core_, phases_per_core_), array_.core(t).s_max(),
        noise, ws_, tile_);
    array_.place_tile(t, tile_, out);
    effective_.resize(phases_.size());
    effective_.segment(Index(t) * phases_per_core_, phases_per_core_) = ws_.effective;
  }
}

std::vector<Index> PhotonicMatrix::attenuator_phase_indices() const {
  std::vector<Index> indices;
  for (int t = 0; t < array_.num_cores(); ++t) {
    const photonics::BlockStructure& s = array_.core(t).structure();
    for (int c = 0; c < s.channels(); ++c)
      indices.push_back(Index(t) * phases_per_core_ + s.sigma_offset() + c);
  }
  return indices;
}

void PhotonicMatrix::attenuator_gradient(const Eigen::Ref<const Mat>& dl_dw,
                                         Eigen::Ref<Vec> grad) const {
  require(effective_.size() == phases_.size(), "photonic matrix state", "not realised",
          "attenuator_gradient needs a realised state (effective_matrix first)");
  require(dl_dw.rows() == rows() && dl_dw.cols() == cols() && grad.size() == num_phases(),
          "attenuator gradient shapes",
          std::to_string(dl_dw.rows()) + " x " + std::to_string(dl_dw.cols()) + ", " +
              std::to_string(grad.size()),
          "must be the matrix shape and num_phases()");
  grad.setZero();
  const int k = array_.grid().core_size;
  Mat g(k, k);
  photonics::BlockFactors factors;
  for (int t = 0; t < array_.num_cores(); ++t) {
    const auto span = array_.grid().tile(t);
    g.setZero();
    g.topLeftCorner(span.rows, span.cols) = dl_dw.block(span.row0, span.col0, span.rows, span.cols);
    const photonics::SvdBlock& core = array_.core(t);
    const photonics::ChipInstance& chip = chip_.core(t);
    photonics::block_factors(core.structure(),
                             effective_.segment(Index(t) * phases_per_core_, phases_per_core_),
                             core.s_max(), chip.hardware(), factors);
    Vec d_effective(core.structure().channels());
    photonics::attenuator_phase_gradient(factors, g, d_effective);
    grad.segment(Index(t) * phases_per_core_ + core.structure().sigma_offset(), d_effective.size()) =
        chip.attenuator_jacobian().transpose() * d_effective;
  }
}

}  // namespace tonnsim::tonn
