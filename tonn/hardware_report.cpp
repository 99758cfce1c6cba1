#include "tonn/hardware_report.hpp"

#include <cmath>

#include "core/error.hpp"
#include "photonics/heater_power.hpp"
#include "photonics/mzi.hpp"
#include "photonics/svd_block.hpp"
#include "tonn/photonic_dense_layer.hpp"
#include "tonn/photonic_matrix.hpp"
#include "tonn/photonic_tt_cores.hpp"

namespace tonnsim::tonn {

using Index = Eigen::Index;
using photonics::HardwareCounts;

void HardwareAccounting::validate() const {
  require(core_size >= 2, "core_size", core_size, "must be >= 2 (a mesh needs two modes)");
}

std::vector<LayerShape> layer_shapes(const NetworkSpec& spec) {
  spec.validate();
  std::vector<LayerShape> shapes;
  Index width = spec.input_dim;
  for (const LayerSpec& l : spec.layers) {
    LayerShape s;
    s.type = l.type;
    if (l.type == LayerType::kTT) s.tt = TTShape::with_rank(l.in_modes, l.out_modes, l.tt_rank);
    s.in_dim = width;
    s.out_dim = l.output_dim();
    width = s.out_dim;
    shapes.push_back(std::move(s));
  }
  return shapes;
}

std::vector<LayerShape> layer_shapes(const Network& net) {
  std::vector<LayerShape> shapes;
  for (int l = 0; l < net.num_layers(); ++l) {
    const LinearLayer& layer = net.layer(l);
    LayerShape s;
    if (const auto* tt = dynamic_cast<const TTLayer*>(&layer)) {
      s.type = LayerType::kTT;
      s.tt = tt->shape();
    }
    s.in_dim = layer.in_dim();
    s.out_dim = layer.out_dim();
    shapes.push_back(std::move(s));
  }
  return shapes;
}

namespace {

long mesh_mzis(Index n) { return long(n) * long(n - 1) / 2; }
// Two heaters per MZI plus the output phase screen; a 1-mode side has no mesh.
long mesh_shifters(Index n) { return n >= 2 ? 2 * mesh_mzis(n) + long(n) : 0; }

HardwareCounts& operator+=(HardwareCounts& a, const HardwareCounts& b) {
  a.mzis += b.mzis;
  a.phase_shifters += b.phase_shifters;
  a.tensor_cores += b.tensor_cores;
  a.attenuators += b.attenuators;
  return a;
}

HardwareCounts matrix_counts(Index rows, Index cols, const HardwareAccounting& a) {
  return a.tt == TTAccounting::kTiled ? tiled_counts(rows, cols, a.core_size)
                                      : svd_block_counts(rows, cols);
}

bool photonic_dense(const HardwareAccounting& a) {
  return a.dense == DenseRealisation::kPhotonicTiles;
}

// The photonic matrices of one TONN layer (TT cores as P_k, or the dense weight), as
// shapes; none for a dense layer read out digitally.
std::vector<std::pair<Index, Index>> matrix_shapes(const LayerShape& l,
                                                   const HardwareAccounting& a) {
  std::vector<std::pair<Index, Index>> m;
  if (l.type == LayerType::kTT) {
    for (int k = 0; k < l.tt.order(); ++k)
      m.emplace_back(photonic_rows(l.tt, k, a.reshape), photonic_cols(l.tt, k, a.reshape));
  } else if (photonic_dense(a)) {
    m.emplace_back(l.out_dim, l.in_dim);
  }
  return m;
}

LayerHardware tonn_layer(const LayerShape& l, const HardwareAccounting& a) {
  LayerHardware h;
  for (const auto& [rows, cols] : matrix_shapes(l, a)) h.counts += matrix_counts(rows, cols, a);
  if (l.type == LayerType::kDense && !photonic_dense(a))
    h.digital_multiply_adds = double(l.in_dim) * double(l.out_dim);
  return h;
}

NetworkHardware summed(std::vector<LayerHardware> layers,
                       const photonics::DeviceParameters& device) {
  NetworkHardware n;
  for (const LayerHardware& l : layers) {
    n.counts += l.counts;
    n.digital_multiply_adds += l.digital_multiply_adds;
  }
  n.area_mm2 = photonics::chip_area_um2(n.counts, device) * 1e-6;
  n.layers = std::move(layers);
  return n;
}

// Heater power of w decomposed onto the organisation (tiled grid or right-sized block) on
// an ideal chip: every heater at its wrapped phase, attenuators at 2 psi.
double programmed_power_w(const Mat& w, const HardwareAccounting& a,
                          const photonics::DeviceParameters& device) {
  if (a.tt == TTAccounting::kRightSized) {
    const photonics::SvdBlock block = photonics::SvdBlock::from_real_matrix(w);
    const Vec wrapped = block.phases().unaryExpr([](double p) { return photonics::wrap_phase(p); });
    return photonics::block_heater_power_w(block.structure(), wrapped, device.phase_shifter);
  }
  PhotonicOptions o;
  o.core_size = a.core_size;
  o.device = device;
  return PhotonicMatrix(w, o, 0).heater_power_w();
}

// The heater power layer l draws on the TONN chip: the chip's own drive for the phases a
// photonic layer holds (its calibration and quantisation included), else the power of
// its weights decomposed onto an ideal chip.
double tonn_layer_power_w(const LinearLayer& layer, const HardwareAccounting& a,
                          const photonics::DeviceParameters& device) {
  double power_w = 0.0;
  if (const auto* tt = dynamic_cast<const TTLayer*>(&layer)) {
    const auto* held = dynamic_cast<const PhotonicTTCores*>(&tt->provider());
    if (held && a.tt == TTAccounting::kTiled && held->options().core_size == a.core_size &&
        held->options().reshape == a.reshape)
      return held->heater_power_w();
    const TTShape& s = tt->shape();
    for (int k = 0; k < s.order(); ++k) {
      Mat p(photonic_rows(s, k, a.reshape), photonic_cols(s, k, a.reshape));
      core_to_photonic(s, k, a.reshape, tt->effective_cores()[k], p);
      power_w += programmed_power_w(p, a, device);
    }
  } else if (photonic_dense(a)) {
    const auto* held = dynamic_cast<const PhotonicDenseLayer*>(&layer);
    if (held && a.tt == TTAccounting::kTiled &&
        held->matrix().array().grid().core_size == a.core_size)
      return held->matrix().heater_power_w();
    power_w += programmed_power_w(layer.dense_weight(), a, device);
  }
  return power_w;
}

}  // namespace

HardwareCounts svd_block_counts(Index rows, Index cols) {
  require(rows >= 1 && cols >= 1, "SVD block shape",
          std::to_string(rows) + " x " + std::to_string(cols), "needs rows >= 1 and cols >= 1");
  HardwareCounts c;
  c.attenuators = long(std::min(rows, cols));
  c.mzis = mesh_mzis(rows) + mesh_mzis(cols) + c.attenuators;
  c.phase_shifters = mesh_shifters(rows) + mesh_shifters(cols) + c.attenuators;
  c.tensor_cores = 1;
  return c;
}

HardwareCounts tiled_counts(Index rows, Index cols, int core_size) {
  require(core_size >= 2, "core_size", core_size, "must be >= 2 (a mesh needs two modes)");
  const HardwareCounts core = svd_block_counts(core_size, core_size);
  const long tiles =
      long((rows + core_size - 1) / core_size) * long((cols + core_size - 1) / core_size);
  require(tiles >= 1, "tiled matrix shape", std::to_string(rows) + " x " + std::to_string(cols),
          "needs rows >= 1 and cols >= 1");
  return {tiles * core.mzis, tiles * core.phase_shifters, tiles, tiles * core.attenuators};
}

NetworkHardware tonn_hardware(const std::vector<LayerShape>& layers,
                              const HardwareAccounting& accounting,
                              const photonics::DeviceParameters& device) {
  accounting.validate();
  std::vector<LayerHardware> per_layer;
  for (const LayerShape& l : layers) per_layer.push_back(tonn_layer(l, accounting));
  return summed(std::move(per_layer), device);
}

NetworkHardware dense_optical_hardware(const std::vector<LayerShape>& layers,
                                       const photonics::DeviceParameters& device) {
  std::vector<LayerHardware> per_layer;
  for (const LayerShape& l : layers) per_layer.push_back({svd_block_counts(l.out_dim, l.in_dim)});
  return summed(std::move(per_layer), device);
}

NetworkHardware tonn_hardware(Network& net, const HardwareAccounting& accounting,
                              const photonics::DeviceParameters& device) {
  net.realize();
  NetworkHardware h = tonn_hardware(layer_shapes(net), accounting, device);
  double power_w = 0.0;
  for (int l = 0; l < net.num_layers(); ++l)
    power_w += tonn_layer_power_w(net.layer(l), accounting, device);
  h.static_power_w = power_w;
  return h;
}

NetworkHardware dense_optical_hardware(Network& net, const photonics::DeviceParameters& device) {
  net.realize();
  NetworkHardware h = dense_optical_hardware(layer_shapes(net), device);
  double power_w = 0.0;
  for (int l = 0; l < net.num_layers(); ++l)
    power_w += programmed_power_w(net.layer(l).dense_weight(),
                                  {TTAccounting::kRightSized}, device);
  h.static_power_w = power_w;
  return h;
}

HardwareComparison compare(NetworkHardware tonn, NetworkHardware dense) {
  require(tonn.layers.size() == dense.layers.size(), "dense layers", dense.layers.size(),
          "must equal the TONN's layers (" + std::to_string(tonn.layers.size()) + ")");
  HardwareComparison c;
  // A network with no photonic layer (every layer read out digitally) has no reduction.
  const auto ratio = [](long dense_n, long tonn_n) {
    return tonn_n > 0 ? double(dense_n) / double(tonn_n) : std::nan("");
  };
  c.mzi_reduction = ratio(dense.counts.mzis, tonn.counts.mzis);
  c.mesh_mzi_reduction = ratio(dense.mesh_mzis(), tonn.mesh_mzis());
  // A TONN layer with no photonic hardware and digital multiply-adds is read out digitally.
  for (std::size_t l = 0; l < tonn.layers.size(); ++l) {
    const LayerHardware& t = tonn.layers[l];
    if (t.counts.mzis == 0 && t.digital_multiply_adds > 0) continue;
    c.dense_matched_counts += dense.layers[l].counts;
  }
  c.mzi_reduction_matched = ratio(c.dense_matched_counts.mzis, tonn.counts.mzis);
  c.mesh_mzi_reduction_matched = ratio(c.dense_matched_mesh_mzis(), tonn.mesh_mzis());
  c.tonn = std::move(tonn);
  c.dense = std::move(dense);
  return c;
}

}  // namespace tonnsim::tonn
