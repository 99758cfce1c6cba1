#include "solvers/chip_model.hpp"

#include <algorithm>
#include <string>

#include "core/error.hpp"
#include "photonics/non_idealities.hpp"
#include "tonn/network.hpp"
#include "tonn/photonic_network.hpp"

namespace tonnsim::solvers {

namespace {

using tonn::CoreReshape;
using tonn::TTShape;

double product(const std::vector<int>& v, int from, int to) {  // prod v[from..to)
  double p = 1.0;
  for (int l = from; l < to; ++l) p *= v[l];
  return p;
}

PhotonicStage tt_stage(const TTShape& s, int k, CoreReshape reshape) {
  const int d = s.order();
  PhotonicStage st;
  st.tt_core = k;
  if (reshape == CoreReshape::kOperator) {
    st.inputs = long(s.in_modes[k]) * s.ranks[k + 1];
    st.outputs = long(s.ranks[k]) * s.out_modes[k];
    st.mvms_per_inference = product(s.in_modes, 0, k) * product(s.out_modes, k + 1, d);
  } else {
    st.inputs = long(s.in_modes[k]) * s.ranks[k];
    st.outputs = long(s.out_modes[k]) * s.ranks[k + 1];
    st.mvms_per_inference = product(s.in_modes, k + 1, d) * product(s.out_modes, 0, k);
  }
  return st;
}

/// sum over `items` of f(item).
template <class Items, class F>
double sum(const Items& items, F f) {
  double total = 0.0;
  for (const auto& item : items) total += f(item);
  return total;
}

void place(PhotonicStage& st, const tonn::HardwareAccounting& a) {
  const bool tiled = a.tt == tonn::TTAccounting::kTiled;
  st.tile_inputs = tiled ? a.core_size : st.inputs;
  st.tile_outputs = tiled ? a.core_size : st.outputs;
  const photonics::HardwareCounts c = tiled ? tonn::tiled_counts(st.outputs, st.inputs, a.core_size)
                                            : tonn::svd_block_counts(st.outputs, st.inputs);
  st.tiles = c.tensor_cores;
  st.heaters = c.phase_shifters;
}

}  // namespace

void ChipModel::validate() const {
  require(core_size >= 2, "core_size", core_size, "must be >= 2");
  require(!layers.empty(), "layers.size()", layers.size(), "must be >= 1");
  require(network_inputs >= 0, "network_inputs", network_inputs, "must be >= 0");
  require(network_outputs >= 0, "network_outputs", network_outputs, "must be >= 0");
  for (std::size_t i = 0; i < stages.size(); ++i) {
    const PhotonicStage& s = stages[i];
    const std::string f = "stages[" + std::to_string(i) + "].";
    require(s.layer >= 0 && s.layer < long(layers.size()), f + "layer", s.layer,
            "must name a layer in [0, " + std::to_string(layers.size()) + ")");
    require(s.inputs >= 1, f + "inputs", s.inputs, "must be >= 1");
    require(s.outputs >= 1, f + "outputs", s.outputs, "must be >= 1");
    require(s.tile_inputs >= 1, f + "tile_inputs", s.tile_inputs, "must be >= 1");
    require(s.tile_outputs >= 1, f + "tile_outputs", s.tile_outputs, "must be >= 1");
    require(s.tiles == s.row_blocks() * s.col_blocks(), f + "tiles", s.tiles,
            "must equal ceil(outputs / tile_outputs) ceil(inputs / tile_inputs) = " +
                std::to_string(s.row_blocks() * s.col_blocks()));
    require(s.mvms_per_inference >= 0, f + "mvms_per_inference", s.mvms_per_inference,
            "must be >= 0");
    require(s.heaters >= 0, f + "heaters", s.heaters, "must be >= 0");
    require(s.static_power_w >= 0, f + "static_power_w", s.static_power_w, "must be >= 0 W");
  }
  for (std::size_t l = 0; l < layers.size(); ++l) {
    const LayerLoad& y = layers[l];
    const std::string f = "layers[" + std::to_string(l) + "].";
    require(y.nonlinear_units >= 0, f + "nonlinear_units", y.nonlinear_units, "must be >= 0");
    require(y.digital_multiply_adds >= 0, f + "digital_multiply_adds", y.digital_multiply_adds,
            "must be >= 0");
    long stage_heaters = 0;
    for (const PhotonicStage& s : stages)
      if (s.layer == long(l)) stage_heaters += s.heaters;
    require(y.heaters == stage_heaters, f + "heaters", y.heaters,
            "must equal the heaters of the layer's stages, " + std::to_string(stage_heaters));
  }
  device.validate();
}

double ChipModel::tile_mvms_per_inference() const {
  return sum(stages, [](const PhotonicStage& s) { return s.mvms_per_inference * double(s.tiles); });
}

double ChipModel::busiest_tile_mvms() const {
  double n = 0.0;
  for (const PhotonicStage& s : stages) n = std::max(n, s.mvms_per_inference);
  return n;
}

double ChipModel::input_symbols_per_inference() const {
  return sum(stages, [](const PhotonicStage& s) {
    return s.mvms_per_inference * double(s.row_blocks()) * double(s.inputs);
  });
}

double ChipModel::output_samples_per_inference() const {
  return sum(stages, [](const PhotonicStage& s) {
    return s.mvms_per_inference * double(s.col_blocks()) * double(s.outputs);
  });
}

long ChipModel::nonlinear_units() const {
  return long(sum(layers, [](const LayerLoad& l) { return double(l.nonlinear_units); }));
}

double ChipModel::digital_multiply_adds() const {
  return sum(layers, [](const LayerLoad& l) { return l.digital_multiply_adds; });
}

long ChipModel::total_tiles() const {
  return long(sum(stages, [](const PhotonicStage& s) { return double(s.tiles); }));
}

long ChipModel::total_heaters() const {
  return long(sum(stages, [](const PhotonicStage& s) { return double(s.heaters); }));
}

double ChipModel::static_power_w() const {
  return sum(stages, [](const PhotonicStage& s) { return s.static_power_w; });
}

long ChipModel::heaters_per_tile() const {
  long n = 0;
  for (const PhotonicStage& s : stages) n = std::max(n, s.tiles > 0 ? s.heaters / s.tiles : 0L);
  return n;
}

ChipModel chip_model(const std::vector<tonn::LayerShape>& layers,
                     const std::vector<bool>& nonlinear, const tonn::HardwareAccounting& accounting,
                     const photonics::DeviceParameters& device, double static_power_w) {
  accounting.validate();
  require(nonlinear.size() == layers.size(), "nonlinear.size()", nonlinear.size(),
          "must equal the number of layers " + std::to_string(layers.size()));
  require(static_power_w >= 0, "static_power_w", static_power_w, "must be >= 0 W");
  ChipModel chip;
  chip.tiled = accounting.tt == tonn::TTAccounting::kTiled;
  chip.core_size = accounting.core_size;
  chip.device = device;
  const bool photonic_dense = accounting.dense == tonn::DenseRealisation::kPhotonicTiles;
  for (std::size_t l = 0; l < layers.size(); ++l) {
    const tonn::LayerShape& shape = layers[l];
    LayerLoad load;
    load.nonlinear_units = nonlinear[l] ? long(shape.out_dim) : 0;
    std::vector<PhotonicStage> stages;
    if (shape.type == tonn::LayerType::kTT) {
      for (int k = 0; k < shape.tt.order(); ++k)
        stages.push_back(tt_stage(shape.tt, k, accounting.reshape));
    } else if (photonic_dense) {
      PhotonicStage st;
      st.inputs = long(shape.in_dim);
      st.outputs = long(shape.out_dim);
      st.mvms_per_inference = 1.0;
      stages.push_back(st);
    } else {
      load.digital_multiply_adds = double(shape.in_dim) * double(shape.out_dim);
    }
    for (PhotonicStage& st : stages) {
      st.layer = int(l);
      place(st, accounting);
      load.heaters += st.heaters;
      chip.stages.push_back(st);
    }
    chip.layers.push_back(load);
  }
  chip.network_inputs = long(layers.front().in_dim);
  chip.network_outputs = long(layers.back().out_dim);
  const long heaters = chip.total_heaters();
  for (PhotonicStage& st : chip.stages)
    st.static_power_w = heaters > 0 ? static_power_w * double(st.heaters) / double(heaters) : 0.0;
  chip.validate();
  return chip;
}

ChipModel chip_model(const tonn::NetworkSpec& spec, const tonn::HardwareAccounting& accounting,
                     const photonics::DeviceParameters& device, double static_power_w) {
  std::vector<bool> nonlinear;
  for (const tonn::LayerSpec& l : spec.layers)
    nonlinear.push_back(l.activation.kind != tonn::ActivationKind::kIdentity);
  return chip_model(tonn::layer_shapes(spec), nonlinear, accounting, device, static_power_w);
}

ChipModel chip_model(tonn::Network& net, const tonn::HardwareAccounting& accounting,
                     const photonics::DeviceParameters& device) {
  const tonn::NetworkHardware hw = tonn::tonn_hardware(net, accounting, device);
  std::vector<bool> nonlinear;
  for (int l = 0; l < net.num_layers(); ++l)
    nonlinear.push_back(net.activation(l).kind != tonn::ActivationKind::kIdentity);
  ChipModel chip = chip_model(tonn::layer_shapes(net), nonlinear, accounting, device,
                              hw.static_power_w.value_or(0.0));
  chip.crosstalk = network_crosstalk(net);
  return chip;
}

photonics::CrosstalkCompensation network_crosstalk(const tonn::Network& net) {
  const auto options = tonn::chip_non_idealities(net);
  return options ? photonics::retune_compensation(*options)
                 : photonics::CrosstalkCompensation::kIgnore;
}

}  // namespace tonnsim::solvers
