#include "photonics/chip_instance.hpp"

#include <algorithm>
#include <cmath>
#include <random>
#include <string>

#include "core/timer.hpp"
#include "photonics/heater_power.hpp"

namespace tonnsim::photonics {
namespace {

// Heater columns of one mesh whose phases start at `slots` (see ChipInstance doc).
void append_mesh_groups(const std::optional<MeshLayout>& layout,
                        const BlockStructure::MeshSlots& slots,
                        std::vector<std::vector<int>>& groups) {
  if (!layout) return;
  const auto& begin = layout->column_begin();
  for (int c = 0; c < layout->num_columns(); ++c) {
    std::vector<int> thetas, phis;
    for (int k = begin[c]; k < begin[c + 1]; ++k) {  // sorted by mode within the column
      thetas.push_back(slots.theta + k);
      phis.push_back(slots.phi + k);
    }
    groups.push_back(std::move(thetas));
    groups.push_back(std::move(phis));
  }
  std::vector<int> screen(layout->modes());
  for (int m = 0; m < layout->modes(); ++m) screen[m] = slots.screen + m;
  groups.push_back(std::move(screen));
}

MziHardware draw_mzi(bool imbalance, double mean_ratio, double ratio_std, double amplitude,
                     Rng& rng) {
  MziHardware hw;
  if (imbalance) {
    std::normal_distribution<double> g(mean_ratio, ratio_std);
    hw.in = DirectionalCoupler::from_ratio(std::clamp(g(rng), 0.0, 1.0));
    hw.out = DirectionalCoupler::from_ratio(std::clamp(g(rng), 0.0, 1.0));
  }
  hw.amplitude = amplitude;
  return hw;
}

}  // namespace

ChipInstance::ChipInstance(const BlockStructure& structure, const NonIdealityOptions& options,
                           const DeviceParameters& device, std::uint64_t seed, std::uint64_t index)
    : ChipInstance(structure, options, device, make_rng(seed, Stream::kFabrication, index)) {}

ChipInstance::ChipInstance(const BlockStructure& structure, const NonIdealityOptions& options,
                           const DeviceParameters& device, Rng fabrication)
    : structure_(structure), options_(options), shifter_(device.phase_shifter) {
  options.validate();
  device.validate();
  max_phase_rad_ = max_heater_phase_rad(shifter_);
  // One sub-stream per effect, drawn unconditionally, so toggling one effect keeps the
  // others' draws.
  Rng error_rng(fabrication()), gamma_rng(fabrication()), coupler_rng(fabrication());
  Rng calibration_rng(fabrication());
  const int n = structure.num_phases();
  if (options.fabrication_error) {
    std::normal_distribution<double> g(0.0, options.fabrication_phase_std_rad);
    static_error_.resize(n);
    for (int i = 0; i < n; ++i) static_error_[i] = g(error_rng);
  }
  if (options.gamma_variation) {
    std::normal_distribution<double> g(1.0, shifter_.gamma_variation_std);
    gamma_factor_.resize(n);
    for (int i = 0; i < n; ++i) gamma_factor_[i] = g(gamma_rng);
  }
  if (options.crosstalk) {
    crosstalk_factor_ = shifter_.crosstalk_factor;
    build_neighbours(shifter_.crosstalk_neighbours);
    if (options.calibration != Calibration::kNone) {
      assumed_coupling_ = Vec::Constant(Eigen::Index(nb_index_.size()), crosstalk_factor_);
      if (options.calibration == Calibration::kMeasured) {
        std::normal_distribution<double> g(0.0, options.crosstalk_calibration_error);
        for (Eigen::Index j = 0; j < assumed_coupling_.size(); ++j)
          assumed_coupling_[j] *= 1.0 + g(calibration_rng);
      }
    }
  }
  if (options.coupler_imbalance || options.insertion_loss) {
    const double a =
        options.insertion_loss ? loss_db_to_amplitude(device.mzi.insertion_loss_db) : 1.0;
    auto draw = [&] {
      return draw_mzi(options.coupler_imbalance, device.mzi.splitting_ratio,
                      options.coupler_ratio_std, a, coupler_rng);
    };
    for (auto [layout, mesh] : {std::pair{&structure.output_mesh(), &hardware_.output},
                                std::pair{&structure.input_mesh(), &hardware_.input}}) {
      if (!*layout) continue;
      for (int k = 0; k < (*layout)->num_mzis(); ++k) mesh->mzi.push_back(draw());
      mesh->idle_amplitude = a;
    }
    for (int c = 0; c < structure.channels(); ++c) hardware_.sigma.push_back(draw());
  }
  if (options.detector_noise) {
    const double power_w =
        1e-3 *
        std::pow(10.0, (device.detector.sensitivity_dbm + options.detector_power_margin_db) / 10.0);
    detector_relative_std_ = detector_noise_relative_std(device.detector, power_w);
  }
}

void ChipInstance::build_neighbours(int neighbours) {
  std::vector<std::vector<int>> groups;
  append_mesh_groups(structure_.output_mesh(), structure_.output_slots(), groups);
  std::vector<int> sigma(structure_.channels());
  for (int c = 0; c < structure_.channels(); ++c) sigma[c] = structure_.sigma_offset() + c;
  groups.push_back(std::move(sigma));
  append_mesh_groups(structure_.input_mesh(), structure_.input_slots(), groups);

  std::vector<std::vector<int>> adjacency(structure_.num_phases());
  for (const auto& g : groups) {
    const int size = static_cast<int>(g.size());
    for (int a = 0; a < size; ++a)
      for (int b = std::max(0, a - neighbours); b <= std::min(size - 1, a + neighbours); ++b)
        if (b != a) adjacency[g[a]].push_back(g[b]);
  }
  nb_begin_.assign(1, 0);
  for (const auto& list : adjacency) {
    nb_index_.insert(nb_index_.end(), list.begin(), list.end());
    nb_begin_.push_back(static_cast<int>(nb_index_.size()));
  }
}

void ChipInstance::drive_phases(const Eigen::Ref<const Vec>& programmed,
                                ChipWorkspace& ws) const {
  const int n = structure_.num_phases();
  if (programmed.size() != n)  // guarded: the message strings would allocate per call
    require(false, "phase vector size", programmed.size(),
            "must equal num_phases() = " + std::to_string(n));
  auto quantized = [&](double phase) {
    return options_.quantization ? quantize_phase(phase, options_.quantization_bits,
                                                  options_.quantization_domain, shifter_)
                                 : phase;
  };
  ws.drive.resize(n);
  for (int i = 0; i < n; ++i)
    ws.drive[i] = quantized(heater_range_phase_rad(programmed[i], max_phase_rad_));
  if (assumed_coupling_.size() == 0) return;
  // Pre-distortion: Gauss-Seidel on d_i = r_i - sum_j c^_ij d_j, wrapped into the heater
  // range and quantised, until no drive changes (contraction factor ~ 2 k c = 0.01).
  constexpr int kMaxSweeps = 50;
  for (int sweep = 0; sweep < kMaxSweeps; ++sweep) {
    double change = 0.0;
    for (int i = 0; i < n; ++i) {
      double leak = 0.0;
      for (int j = nb_begin_[i]; j < nb_begin_[i + 1]; ++j)
        leak += assumed_coupling_[j] * ws.drive[nb_index_[j]];
      const double target = heater_range_phase_rad(programmed[i], max_phase_rad_);
      const double d = quantized(heater_range_phase_rad(target - leak, max_phase_rad_));
      change = std::max(change, std::abs(d - ws.drive[i]));
      ws.drive[i] = d;
    }
    if (change <= 1e-13) break;
  }
}

Mat ChipInstance::attenuator_jacobian() const {
  const int k = structure_.channels(), first = structure_.sigma_offset();
  Mat x = Mat::Identity(k, k), d = Mat::Identity(k, k);
  for (int a = 0; a < k && options_.crosstalk; ++a)
    for (int j = nb_begin_[first + a]; j < nb_begin_[first + a + 1]; ++j) {
      const int b = nb_index_[j] - first;  // a neighbour in the Sigma column
      x(a, b) += crosstalk_factor_;
      if (assumed_coupling_.size() > 0) d(a, b) += assumed_coupling_[j];
    }
  if (assumed_coupling_.size() > 0) d = d.partialPivLu().inverse().eval();
  Vec h = Vec::Ones(k);
  if (options_.gamma_variation) h = gamma_factor_.segment(first, k);
  return x * h.asDiagonal() * d;
}

double ChipInstance::heater_power_w(const Eigen::Ref<const Vec>& programmed,
                                    ChipWorkspace& ws) const {
  drive_phases(programmed, ws);
  return block_heater_power_w(structure_, ws.drive, shifter_);
}

void ChipInstance::effective_phases(const Eigen::Ref<const Vec>& programmed, Rng& noise,
                                    ChipWorkspace& ws) const {
  const int n = structure_.num_phases();
  drive_phases(programmed, ws);
  ws.heater.resize(n);
  ws.effective.resize(n);
  for (int i = 0; i < n; ++i)
    ws.heater[i] = options_.gamma_variation ? ws.drive[i] * gamma_factor_[i] : ws.drive[i];
  if (options_.crosstalk) {
    for (int i = 0; i < n; ++i) {
      double sum = 0.0;
      for (int j = nb_begin_[i]; j < nb_begin_[i + 1]; ++j) sum += ws.heater[nb_index_[j]];
      ws.effective[i] = ws.heater[i] + crosstalk_factor_ * sum;
    }
  } else {
    ws.effective = ws.heater;
  }
  if (options_.fabrication_error) ws.effective += static_error_;
  if (options_.phase_noise) {
    std::normal_distribution<double> g(0.0, options_.phase_noise_std_rad);
    for (int i = 0; i < n; ++i) ws.effective[i] += g(noise);
  }
}

void ChipInstance::evaluate(const Eigen::Ref<const Vec>& programmed, double s_max, Rng& noise,
                            ChipWorkspace& ws) const {
  ScopedTimer timer("photonics/effective_matrix");
  effective_phases(programmed, noise, ws);
  ws.field.setIdentity(structure_.work_rows(), structure_.cols());
  apply_block(structure_, ws.effective, s_max, hardware_, ws.field);
}

void ChipInstance::effective_matrix(const Eigen::Ref<const Vec>& programmed, double s_max,
                                    Rng& noise, ChipWorkspace& ws, CMat& out) const {
  evaluate(programmed, s_max, noise, ws);
  out = ws.field.topRows(structure_.rows());
}

void ChipInstance::effective_real_matrix(const Eigen::Ref<const Vec>& programmed, double s_max,
                                         Rng& noise, ChipWorkspace& ws, Eigen::Ref<Mat> out) const {
  if (out.rows() != structure_.rows() || out.cols() != structure_.cols())
    require(false, "output shape", std::to_string(out.rows()) + " x " + std::to_string(out.cols()),
            "must equal the block shape " + std::to_string(structure_.rows()) + " x " +
                std::to_string(structure_.cols()));
  evaluate(programmed, s_max, noise, ws);
  out = ws.field.topRows(structure_.rows()).real();
}

Mat ChipInstance::effective_real_matrix(const SvdBlock& block, Rng& noise) const {
  ChipWorkspace ws;
  Mat out(block.rows(), block.cols());
  effective_real_matrix(block.phases(), block.s_max(), noise, ws, out);
  return out;
}

void ChipInstance::add_detector_noise(Eigen::Ref<Mat> y, double full_scale, Rng& noise) const {
  if (!options_.detector_noise) return;
  std::normal_distribution<double> g(0.0, detector_relative_std_ * full_scale);
  for (Eigen::Index j = 0; j < y.cols(); ++j)
    for (Eigen::Index i = 0; i < y.rows(); ++i) y(i, j) += g(noise);
}

ArrayChip::ArrayChip(const TensorCoreArray& array, const NonIdealityOptions& options,
                     const DeviceParameters& device, std::uint64_t seed, std::uint64_t index) {
  Rng fabrication = make_rng(seed, Stream::kFabrication, index);
  cores_.reserve(array.num_cores());
  for (int t = 0; t < array.num_cores(); ++t)
    cores_.emplace_back(array.core(t).structure(), options, device, Rng(fabrication()));
}

void ArrayChip::effective_real_matrix(const TensorCoreArray& array,
                                      const Eigen::Ref<const Vec>& phases, Rng& noise,
                                      ChipWorkspace& ws, Mat& tile, Eigen::Ref<Mat> out) const {
  if (phases.size() != array.num_phases())
    require(false, "phase vector size", phases.size(),
            "must equal num_phases() = " + std::to_string(array.num_phases()));
  const int k = array.grid().core_size, per_core = array.grid().phases_per_core();
  tile.resize(k, k);
  for (int t = 0; t < num_cores(); ++t) {
    cores_[t].effective_real_matrix(phases.segment(array.phase_offset(t), per_core),
                                    array.core(t).s_max(), noise, ws, tile);
    array.place_tile(t, tile, out);
  }
}

double ArrayChip::heater_power_w(const TensorCoreArray& array, const Eigen::Ref<const Vec>& phases,
                                 ChipWorkspace& ws) const {
  if (phases.size() != array.num_phases())
    require(false, "phase vector size", phases.size(),
            "must equal num_phases() = " + std::to_string(array.num_phases()));
  const int per_core = array.grid().phases_per_core();
  double power_w = 0.0;
  for (int t = 0; t < num_cores(); ++t)
    power_w += cores_[t].heater_power_w(phases.segment(array.phase_offset(t), per_core), ws);
  return power_w;
}

Mat ArrayChip::effective_real_matrix(const TensorCoreArray& array, Rng& noise) const {
  ChipWorkspace ws;
  Mat tile, out(array.grid().rows, array.grid().cols);
  effective_real_matrix(array, array.phases(), noise, ws, tile, out);
  return out;
}

}  // namespace tonnsim::photonics
