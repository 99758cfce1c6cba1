#include "tonn/attenuator_gradient.hpp"

#include "core/error.hpp"
#include "tonn/dense_layer.hpp"
#include "tonn/photonic_dense_layer.hpp"
#include "tonn/photonic_tt_cores.hpp"
#include "tonn/tt_layer.hpp"

namespace tonnsim::tonn {

using Index = Eigen::Index;

namespace {

const PhotonicTTCores* photonic_cores(const LinearLayer& layer) {
  const auto* tt = dynamic_cast<const TTLayer*>(&layer);
  return tt ? dynamic_cast<const PhotonicTTCores*>(&tt->provider()) : nullptr;
}

// "layer<l>/core<k>" -> k; -1 for any other group.
int core_index(const std::string& name) {
  const auto slash = name.find("/core");
  return slash == std::string::npos ? -1 : std::stoi(name.substr(slash + 5));
}

// The photonic matrix behind group `g` of a chip network and, for a TT core, its index.
const PhotonicMatrix* group_matrix(const Network& chip, const ParameterGroup& g, int& core) {
  core = -1;
  const LinearLayer& layer = chip.layer(g.layer);
  if (const PhotonicTTCores* p = photonic_cores(layer)) {
    core = core_index(g.name);
    return core >= 0 ? &p->core_matrix(core) : nullptr;
  }
  if (const auto* d = dynamic_cast<const PhotonicDenseLayer*>(&layer))
    return g.name.size() >= 7 && g.name.compare(g.name.size() - 7, 7, "/weight") == 0 ? &d->matrix()
                                                                                      : nullptr;
  return nullptr;
}

}  // namespace

Network realised_network(Network& chip) {
  chip.realize_stale();
  Network realised(chip.input_dim(), chip.options());
  for (int l = 0; l < chip.num_layers(); ++l) {
    const LinearLayer& layer = chip.layer(l);
    std::unique_ptr<LinearLayer> copy;
    if (const auto* tt = dynamic_cast<const TTLayer*>(&layer); tt && photonic_cores(layer))
      copy = std::make_unique<TTLayer>(std::make_unique<DigitalCores>(tt->shape(), tt->effective_cores()),
                                       tt->bias(), tt->forward_mode());
    else if (dynamic_cast<const PhotonicDenseLayer*>(&layer))
      copy = std::make_unique<DenseLayer>(layer.dense_weight(), layer.bias());
    else
      copy = layer.clone();
    realised.add_layer(std::move(copy), chip.activation(l));
  }
  return realised;
}

void attenuator_gradient(const Network& chip, const Network& realised, const Vec& realised_grad,
                         Vec& grad) {
  require(realised_grad.size() == realised.num_parameters(), "realised gradient size",
          realised_grad.size(), "must equal the realised network's parameter count");
  grad.setZero(chip.num_parameters());
  Mat p;
  for (const ParameterGroup& g : chip.parameter_groups()) {
    const ParameterGroup& r = realised.parameter_groups()[realised.group_index(g.name)];
    const Eigen::Ref<const Vec> dr = realised_grad.segment(r.offset, r.size);
    int core = -1;
    const PhotonicMatrix* m = group_matrix(chip, g, core);
    if (!m) {  // electronic: the same parameters in both networks
      grad.segment(g.offset, g.size) = dr;
      continue;
    }
    if (core >= 0) {  // dL/dG_k -> dL/dP_k: the reshape is a permutation of entries
      const PhotonicTTCores& cores = *photonic_cores(chip.layer(g.layer));
      const TTShape& s = cores.shape();
      p.resize(photonic_rows(s, core, cores.options().reshape),
               photonic_cols(s, core, cores.options().reshape));
      const Mat dcore = Eigen::Map<const Mat>(dr.data(), s.core_rows(core), s.core_cols(core));
      core_to_photonic(s, core, cores.options().reshape, dcore, p);
    } else {  // a dense weight, column-major out x in in both networks
      p = Eigen::Map<const Mat>(dr.data(), m->rows(), m->cols());
    }
    m->attenuator_gradient(p, grad.segment(g.offset, g.size));
  }
}

std::vector<Index> subspace_parameter_indices(const Network& chip) {
  std::vector<Index> indices;
  for (const ParameterGroup& g : chip.parameter_groups()) {
    int core = -1;
    const PhotonicMatrix* m = group_matrix(chip, g, core);
    if (!m) {
      for (Index i = 0; i < g.size; ++i) indices.push_back(g.offset + i);
      continue;
    }
    for (Index i : m->attenuator_phase_indices()) indices.push_back(g.offset + i);
  }
  return indices;
}

}  // namespace tonnsim::tonn
