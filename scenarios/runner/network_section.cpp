#include "scenarios/runner/section_binders.hpp"

namespace tonnsim::runner {

namespace {
tonn::LayerSpec bind_layer(ConfigNode node) {
  tonn::LayerSpec layer;
  node.get("type", layer.type);
  node.get("out_dim", layer.out_dim);
  node.get("in_modes", layer.in_modes);
  node.get("out_modes", layer.out_modes);
  node.get("tt_rank", layer.tt_rank);
  node.get("activation", layer.activation.kind);
  node.get("omega0", layer.activation.omega0);
  node.finish();
  return layer;
}
}  // namespace

void bind_network_section(ConfigNode node, Scenario& s) {
  auto& n = s.network;
  if (node.keys().empty()) return;  // no network: fine for `check`, refused by network_spec()
  node.get("reference", n.reference);
  node.get("tt_rank", n.hjb20.tt_rank);
  node.get("omega0", n.hjb20.omega0);
  n.input_dim_given = node.get("input_dim", n.spec.input_dim);
  node.get("init", n.spec.init);
  node.get("tt_forward", n.spec.tt_forward);
  node.get("block_rows", n.spec.options.block_rows);
  node.get("seed", n.seed);
  node.get("initial_parameters", n.initial_parameters);
  const bool has_layers = node.has("layers");
  for (ConfigNode layer : node.child_list("layers")) n.spec.layers.push_back(bind_layer(layer));
  node.finish();
  // The expanded scenario holds the keys of the mode in use (and input_dim only when
  // given: it defaults to the PDE's inputs).
  if (!n.input_dim_given) node.omit_from_expanded("input_dim");
  for (const char* key : {"tt_rank", "omega0"})
    if (n.reference == ReferenceNetwork::kNone) node.omit_from_expanded(key);
  if (n.reference != ReferenceNetwork::kNone) {
    if (has_layers) node.fail("layers", "must be absent when network.reference is set");
    if (n.input_dim_given) node.fail("input_dim", "must be absent when network.reference is set");
  } else {
    if (node.has("tt_rank")) node.fail("tt_rank", "applies to network.reference only; set "
                                                  "tt_rank per layer in network.layers");
    if (node.has("omega0")) node.fail("omega0", "applies to network.reference only; set "
                                                "omega0 per layer in network.layers");
    if (!has_layers)
      throw InputError(node.location() + ": network: needs `layers:` (a list) or `reference: " +
                       std::string(to_string(ReferenceNetwork::kHjb20)) + "`");
  }
  node.validate([&] { n.spec.options.validate(); });
}

}  // namespace tonnsim::runner
