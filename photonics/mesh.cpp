#include "photonics/mesh.hpp"

#include <algorithm>
#include <cmath>
#include <string>

namespace tonnsim::photonics {

MeshLayout::MeshLayout(Topology topology, int n) : topology_(topology), n_(n) {
  require(n >= 2, "mesh modes N", n, "must be >= 2 (an MZI couples a mode pair)");
  switch (topology) {
    case Topology::kClements:
      for (int c = 0; c < n; ++c)
        for (int m = c % 2; m + 1 < n; m += 2) sites_.push_back({m, c});
      break;
    case Topology::kReck:
      for (int k = 0; k + 2 <= n; ++k)
        for (int m = 0; m <= n - 2 - k; ++m) sites_.push_back({m, 2 * k + m});
      break;
  }
  std::sort(sites_.begin(), sites_.end(), [](const MziSite& a, const MziSite& b) {
    return a.column != b.column ? a.column < b.column : a.top_mode < b.top_mode;
  });
  const int columns = sites_.back().column + 1;
  column_begin_.assign(columns + 1, 0);
  for (const auto& s : sites_) ++column_begin_[s.column + 1];
  for (int c = 0; c < columns; ++c) column_begin_[c + 1] += column_begin_[c];
  index_.assign(static_cast<std::size_t>(columns) * n, -1);
  idle_modes_.resize(columns);
  for (int c = 0; c < columns; ++c) {
    std::vector<bool> busy(n, false);
    for (int k = column_begin_[c]; k < column_begin_[c + 1]; ++k) {
      const int m = sites_[k].top_mode;
      busy[m] = busy[m + 1] = true;
      index_[static_cast<std::size_t>(c) * n + m] = k;
    }
    for (int m = 0; m < n; ++m)
      if (!busy[m]) idle_modes_[c].push_back(m);
  }
}

int MeshLayout::index_of(int column, int top_mode) const {
  if (column < 0 || column >= num_columns() || top_mode < 0 || top_mode >= n_) return -1;
  return index_[static_cast<std::size_t>(column) * n_ + top_mode];
}

void apply_mesh(const MeshLayout& layout, const Eigen::Ref<const Vec>& theta_rad,
                const Eigen::Ref<const Vec>& phi_rad, const Eigen::Ref<const Vec>& screen_rad,
                const MeshHardware& hardware, Eigen::Ref<CMat> x) {
  const auto& sites = layout.sites();
  const auto& begin = layout.column_begin();
  const bool per_mzi = !hardware.mzi.empty();
  const MziHardware ideal;
  for (int c = 0; c < layout.num_columns(); ++c) {
    for (int k = begin[c]; k < begin[c + 1]; ++k) {
      const MziHardware& hw = per_mzi ? hardware.mzi[k] : ideal;
      apply_2x2(mzi_transfer(theta_rad[k], phi_rad[k], hw), x, sites[k].top_mode);
    }
    if (hardware.idle_amplitude != 1.0)
      for (int m : layout.idle_modes(c)) x.row(m) *= hardware.idle_amplitude;
  }
  for (int m = 0; m < layout.modes(); ++m) x.row(m) *= std::polar(1.0, screen_rad[m]);
}

Mesh::Mesh(Topology topology, int n) : Mesh(MeshLayout(topology, n)) {}

Mesh::Mesh(MeshLayout layout)
    : layout_(std::move(layout)),
      theta_(Vec::Zero(layout_.num_mzis())),
      phi_(Vec::Zero(layout_.num_mzis())),
      screen_(Vec::Zero(layout_.modes())) {}

void Mesh::ensure_hardware_vector() {
  if (hardware_.mzi.empty()) hardware_.mzi.assign(num_mzis(), MziHardware{});
}

void Mesh::set_uniform_loss_db(double loss_db) {
  const double a = loss_db_to_amplitude(loss_db);
  ensure_hardware_vector();
  for (auto& h : hardware_.mzi) h.amplitude = a;
  hardware_.idle_amplitude = a;
}

void Mesh::set_mzi_loss_db(int mzi, double loss_db) {
  require(mzi >= 0 && mzi < num_mzis(), "mzi index", mzi,
          "must be in [0, " + std::to_string(num_mzis()) + ")");
  const double a = loss_db_to_amplitude(loss_db);
  ensure_hardware_vector();
  hardware_.mzi[mzi].amplitude = a;
}

void Mesh::set_coupler_ratios(int mzi, double kappa_in, double kappa_out) {
  require(mzi >= 0 && mzi < num_mzis(), "mzi index", mzi,
          "must be in [0, " + std::to_string(num_mzis()) + ")");
  ensure_hardware_vector();
  hardware_.mzi[mzi].in = DirectionalCoupler::from_ratio(kappa_in);
  hardware_.mzi[mzi].out = DirectionalCoupler::from_ratio(kappa_out);
}

double Mesh::balanced_transmission(double loss_db) const {
  return std::pow(10.0, -loss_db * layout_.num_columns() / 10.0);
}

CMat Mesh::matrix() const {
  CMat m = CMat::Identity(modes(), modes());
  apply(m);
  return m;
}

void Mesh::apply(CMat& x) const {
  if (x.rows() != modes())  // guarded: the message strings would allocate per call
    require(false, "batch rows", x.rows(),
            "must equal the mesh modes N = " + std::to_string(modes()));
  apply_mesh(layout_, theta_, phi_, screen_, hardware_, x);
}

}  // namespace tonnsim::photonics
