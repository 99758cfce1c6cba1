#include "scenarios/runner/parameter_map.hpp"

#include "core/error.hpp"
#include "tonn/photonic_dense_layer.hpp"
#include "tonn/photonic_tt_cores.hpp"
#include "tonn/tt_layer.hpp"

namespace tonnsim::runner {

namespace {
/// The core size k of a layer realised on the chip, or 0 for a digital layer.
int photonic_core_size(const tonn::LinearLayer& layer) {
  if (const auto* dense = dynamic_cast<const tonn::PhotonicDenseLayer*>(&layer))
    return dense->options().core_size;
  if (const auto* tt = dynamic_cast<const tonn::TTLayer*>(&layer))
    if (const auto* cores = dynamic_cast<const tonn::PhotonicTTCores*>(&tt->provider()))
      return cores->options().core_size;
  return 0;
}
}  // namespace

std::vector<ParameterSegment> parameter_map(const tonn::Network& model) {
  std::vector<ParameterSegment> out;
  for (const auto& g : model.parameter_groups()) {
    const std::string local = g.name.substr(g.name.find('/') + 1);
    const int k = local == "bias" ? 0 : photonic_core_size(model.layer(g.layer));
    const std::int64_t per_tile = 2 * std::int64_t{k} * k + k;
    if (k == 0 || g.size % per_tile != 0) {
      require(k == 0, "parameter group " + g.name + " size", g.size,
              "must be a multiple of the 2k^2 + k phases of a k x k tile");
      out.push_back({g.layer, local, -1, "-", local == "bias" ? "bias" : "weight", g.offset,
                     g.size});
      continue;
    }
    std::int64_t offset = g.offset;
    for (std::int64_t t = 0; t < g.size / per_tile; ++t)
      for (const auto& [mesh, size] : {std::make_pair("U", std::int64_t{k} * k),
                                       std::make_pair("Sigma", std::int64_t{k}),
                                       std::make_pair("V", std::int64_t{k} * k)}) {
        out.push_back({g.layer, local, t, mesh, "phase", offset, size});
        offset += size;
      }
  }
  return out;
}

Table parameter_map_table(const std::vector<ParameterSegment>& segments) {
  std::vector<std::int64_t> layer, tile, offset, size;
  std::vector<std::string> group, mesh, kind;
  for (const auto& s : segments) {
    layer.push_back(s.layer);
    group.push_back(s.group);
    tile.push_back(s.tile);
    mesh.push_back(s.mesh);
    kind.push_back(s.kind);
    offset.push_back(s.offset);
    size.push_back(s.size);
  }
  Table t;
  t.add("layer", layer, "1", "network layer (0-based)");
  t.add("group", group, "1", "the layer's parameter group: TT core coreK, dense weight, bias");
  t.add("tile", tile, "1", "k x k tensor core (tile) within the group; -1: digital");
  t.add("mesh", mesh, "1", "U, Sigma or V mesh of the tile; -: digital");
  t.add("kind", kind, "1", "phase (rad, one heater), weight (digital) or bias");
  t.add("offset", offset, "1", "first index of the segment in /final/parameters");
  t.add("size", size, "count", "entries of the segment");
  return t;
}

}  // namespace tonnsim::runner
