#include "tonn/photonic_tt_cores.hpp"

#include <algorithm>
#include <string>

#include "core/error.hpp"

namespace tonnsim::tonn {

using Index = Eigen::Index;

Index photonic_rows(const TTShape& s, int k, CoreReshape reshape) {
  return reshape == CoreReshape::kOperator ? Index(s.ranks[k]) * s.out_modes[k] : s.core_rows(k);
}

Index photonic_cols(const TTShape& s, int k, CoreReshape reshape) {
  return reshape == CoreReshape::kOperator ? Index(s.in_modes[k]) * s.ranks[k + 1] : s.core_cols(k);
}

namespace {

// Visits every (a, i, j, c) of core k with its storage and operator positions.
template <class F>
void for_each_entry(const TTShape& s, int k, F&& f) {
  const int ra = s.ranks[k], m = s.in_modes[k], n = s.out_modes[k], rc = s.ranks[k + 1];
  for (int c = 0; c < rc; ++c)
    for (int j = 0; j < n; ++j)
      for (int i = 0; i < m; ++i)
        for (int a = 0; a < ra; ++a)
          f(Index(a) * m + i, Index(j) * rc + c, Index(a) * n + j, Index(i) * rc + c);
}

void check_photonic_shape(const TTShape& s, int k, CoreReshape reshape, Index rows, Index cols) {
  if (rows != photonic_rows(s, k, reshape) || cols != photonic_cols(s, k, reshape))
    require(false, "photonic core " + std::to_string(k) + " shape",
            std::to_string(rows) + " x " + std::to_string(cols),
            "must be " + std::to_string(photonic_rows(s, k, reshape)) + " x " +
                std::to_string(photonic_cols(s, k, reshape)) + " (" + to_string(reshape) +
                " reshape)");
}

}  // namespace

void core_to_photonic(const TTShape& s, int k, CoreReshape reshape, const Mat& core,
                      Eigen::Ref<Mat> p) {
  check_photonic_shape(s, k, reshape, p.rows(), p.cols());
  if (reshape == CoreReshape::kStorage) {
    p = core;
    return;
  }
  for_each_entry(s, k, [&](Index sr, Index sc, Index pr, Index pc) { p(pr, pc) = core(sr, sc); });
}

void photonic_to_core(const TTShape& s, int k, CoreReshape reshape, const Eigen::Ref<const Mat>& p,
                      Mat& core) {
  check_photonic_shape(s, k, reshape, p.rows(), p.cols());
  core.resize(s.core_rows(k), s.core_cols(k));
  if (reshape == CoreReshape::kStorage) {
    core = p;
    return;
  }
  for_each_entry(s, k, [&](Index sr, Index sc, Index pr, Index pc) { core(sr, sc) = p(pr, pc); });
}

PhotonicTTCores::PhotonicTTCores(TTShape shape, const std::vector<Mat>& cores,
                                 const PhotonicOptions& options, std::uint64_t chip_index)
    : shape_(std::move(shape)),
      options_(options),
      noise_(make_rng(options.seed, Stream::kPhaseNoise, chip_index)) {
  shape_.validate();
  options_.validate();
  check_cores(shape_, cores);
  Rng die = make_rng(options_.seed, Stream::kFabrication, chip_index);
  matrices_.reserve(shape_.order());
  for (int k = 0; k < shape_.order(); ++k) {
    photonic_.emplace_back(photonic_rows(shape_, k, options_.reshape),
                           photonic_cols(shape_, k, options_.reshape));
    core_to_photonic(shape_, k, options_.reshape, cores[k], photonic_[k]);
    matrices_.emplace_back(photonic_[k], options_, die());
  }
}

std::unique_ptr<CoreProvider> PhotonicTTCores::clone() const {
  return std::make_unique<PhotonicTTCores>(*this);
}

std::vector<GroupSpec> PhotonicTTCores::parameter_groups() const {
  std::vector<GroupSpec> groups;
  for (int k = 0; k < order(); ++k)
    groups.push_back({"core" + std::to_string(k), matrices_[k].num_phases()});
  return groups;
}

void PhotonicTTCores::get_parameters(double* out) const {
  for (const PhotonicMatrix& m : matrices_)
    out = std::copy(m.phases().data(), m.phases().data() + m.num_phases(), out);
}

void PhotonicTTCores::set_parameters(const double* in) {
  for (PhotonicMatrix& m : matrices_) {
    m.set_phases(in);
    in += m.num_phases();
  }
}

void PhotonicTTCores::realize(std::vector<Mat>& cores) {
  cores.resize(order());
  for (int k = 0; k < order(); ++k) {
    matrices_[k].effective_matrix(noise_, photonic_[k]);
    photonic_to_core(shape_, k, options_.reshape, photonic_[k], cores[k]);
  }
}

void PhotonicTTCores::program(const std::vector<Mat>& cores) {
  check_cores(shape_, cores);
  for (int k = 0; k < order(); ++k) {
    core_to_photonic(shape_, k, options_.reshape, cores[k], photonic_[k]);
    matrices_[k].program(photonic_[k]);
  }
}

std::vector<Mat> PhotonicTTCores::ideal_cores() const {
  std::vector<Mat> cores(order());
  for (int k = 0; k < order(); ++k)
    photonic_to_core(shape_, k, options_.reshape, matrices_[k].ideal_matrix(), cores[k]);
  return cores;
}

int PhotonicTTCores::num_tensor_cores() const {
  int n = 0;
  for (const PhotonicMatrix& m : matrices_) n += m.array().num_cores();
  return n;
}

double PhotonicTTCores::heater_power_w() const {
  double power_w = 0.0;
  for (const PhotonicMatrix& m : matrices_) power_w += m.heater_power_w();
  return power_w;
}

Vec PhotonicTTCores::phases() const {
  Vec p(num_parameters());
  get_parameters(p.data());
  return p;
}

}  // namespace tonnsim::tonn
