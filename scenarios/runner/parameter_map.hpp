#pragma once
// Which entries of a run's parameter vector (/final/parameters, /checkpoint/parameters)
// belong to which layer, group (TT core "coreK", dense "weight", "bias"), k x k tile and
// mesh of the chip: the map stored as the table /final/parameter_map, so the summary's
// "N weights, trained as M chip phases" can be checked against the file.
//
// A photonic group (the phases of a tonn::PhotonicMatrix) is tiles of k x k tensor cores in
// tile-row-major order, each in the SvdBlock layout (photonics/tensor_core.hpp):
// [U theta | U phi | U screen] (k^2 heaters), [Sigma psi] (k), [V^H theta | V^H phi |
// V^H screen] (k^2): 2 k^2 + k phases per tile.
#include <cstdint>
#include <string>
#include <vector>

#include "scenarios/runner/hdf5_table.hpp"
#include "tonn/network.hpp"

namespace tonnsim::runner {

struct ParameterSegment {
  int layer = 0;
  std::string group;           // the layer's local group name: "core2", "weight", "bias"
  std::int64_t tile = -1;      // k x k tile within the group; -1 for a digital group
  std::string mesh;            // "U", "Sigma", "V"; "-" for a digital group
  std::string kind;            // "phase" (rad, a heater), "weight" (digital), "bias"
  std::int64_t offset = 0;     // first index in the parameter vector
  std::int64_t size = 0;
};

/// Contiguous segments covering [0, model.num_parameters()) exactly once, in order.
std::vector<ParameterSegment> parameter_map(const tonn::Network& model);
/// The segments as a table (columns layer, group, tile, mesh, kind, offset, size).
Table parameter_map_table(const std::vector<ParameterSegment>& segments);

}  // namespace tonnsim::runner
