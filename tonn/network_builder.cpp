#include "tonn/network_builder.hpp"

#include <string>

#include "core/error.hpp"
#include "core/rng.hpp"
#include "tonn/dense_layer.hpp"

namespace tonnsim::tonn {

using Index = Eigen::Index;

Index LayerSpec::output_dim() const {
  if (type == LayerType::kDense) return out_dim;
  Index p = 1;
  for (int n : out_modes) p *= n;
  return p;
}

void NetworkSpec::validate() const {
  require(input_dim >= 1, "input_dim", input_dim, "must be >= 1");
  require(!layers.empty(), "layers", 0, "must list at least one layer");
  options.validate();
  Index width = input_dim;
  for (std::size_t l = 0; l < layers.size(); ++l) {
    const LayerSpec& s = layers[l];
    const std::string at = "layers[" + std::to_string(l) + "].";
    // A message names the layer's field ("layers[1].omega0"), so the scenario binder can
    // locate it in the file.
    try {
      s.activation.validate();
    } catch (const InputError& e) {
      throw InputError(at + e.what());
    }
    if (s.type == LayerType::kDense) {
      require(s.out_dim >= 1, at + "out_dim", s.out_dim, "must be >= 1");
    } else {
      require(!s.in_modes.empty(), at + "in_modes", 0, "must list at least one mode");
      require(s.out_modes.size() == s.in_modes.size(), at + "out_modes", s.out_modes.size(),
              "modes given; must be as many as in_modes (" + std::to_string(s.in_modes.size()) +
                  ")");
      for (std::size_t k = 0; k < s.in_modes.size(); ++k) {
        require(s.in_modes[k] >= 1, at + "in_modes[" + std::to_string(k) + "]", s.in_modes[k],
                "must be >= 1");
        require(s.out_modes[k] >= 1, at + "out_modes[" + std::to_string(k) + "]",
                s.out_modes[k], "must be >= 1");
      }
      require(s.tt_rank >= 1, at + "tt_rank", s.tt_rank, "must be >= 1");
      TTShape::with_rank(s.in_modes, s.out_modes, s.tt_rank);  // validates modes and rank
      Index m = 1;
      for (int v : s.in_modes) m *= v;
      require(m == width, at + "in_modes", m,
              "is the product of the modes; must equal the previous layer width " +
                  std::to_string(width));
      require(s.out_dim == 0 || s.out_dim == s.output_dim(), at + "out_dim", s.out_dim,
              "must be 0 or the product of out_modes " + std::to_string(s.output_dim()));
    }
    width = s.output_dim();
  }
}

Index NetworkSpec::num_parameters() const {
  validate();
  Index total = 0, width = input_dim;
  for (const LayerSpec& s : layers) {
    total += s.type == LayerType::kDense
                 ? width * s.out_dim
                 : TTShape::with_rank(s.in_modes, s.out_modes, s.tt_rank).num_core_entries();
    total += s.output_dim();
    width = s.output_dim();
  }
  return total;
}

Network build_network(const NetworkSpec& spec) {
  spec.validate();
  Network net(spec.input_dim, spec.options);
  Index width = spec.input_dim;
  double omega = 1.0;
  for (std::size_t l = 0; l < spec.layers.size(); ++l) {
    const LayerSpec& s = spec.layers[l];
    if (s.activation.kind == ActivationKind::kSine) omega = s.activation.omega0;
    Rng rng = make_rng(spec.seed, Stream::kInit, l);
    const double a = init_weight_bound(spec.init, omega, width, s.output_dim(), l == 0);
    Vec bias = uniform_matrix(s.output_dim(), 1, init_bias_bound(width), rng);
    if (s.type == LayerType::kDense) {
      net.add_layer(std::make_unique<DenseLayer>(uniform_matrix(s.out_dim, width, a, rng), bias),
                    s.activation);
    } else {
      TTShape shape = TTShape::with_rank(s.in_modes, s.out_modes, s.tt_rank);
      std::vector<Mat> cores = init_tt_cores(shape, a, rng);
      net.add_layer(std::make_unique<TTLayer>(std::make_unique<DigitalCores>(shape, std::move(cores)),
                                              bias, spec.tt_forward),
                    s.activation);
    }
    width = s.output_dim();
  }
  return net;
}

NetworkSpec dense_equivalent(const NetworkSpec& spec) {
  NetworkSpec d = spec;
  for (LayerSpec& s : d.layers) {
    s.out_dim = s.output_dim();
    s.type = LayerType::kDense;
  }
  return d;
}

}  // namespace tonnsim::tonn
