#include "scenarios/runner/run_records.hpp"

#include <cmath>

namespace tonnsim::runner {

namespace {
std::int64_t count(long v) { return static_cast<std::int64_t>(v); }
}  // namespace

std::vector<Record> hardware_records(const tonn::HardwareComparison& h) {
  return {
      {"mzis", count(h.tonn.counts.mzis), "count", "MZIs of the TONN chip, attenuators included"},
      {"mesh_mzis", count(h.tonn.mesh_mzis()), "count", "MZIs of the TONN's U and V meshes"},
      {"tensor_cores", count(h.tonn.counts.tensor_cores), "count", "k x k tensor cores"},
      {"phase_shifters", count(h.tonn.counts.phase_shifters), "count", "thermal phase shifters"},
      {"area_mm2", h.tonn.area_mm2, "mm^2", "chip area"},
      {"static_power_w", h.tonn.static_power_w.value_or(std::nan("")), "W",
       "heater power holding the phases as programmed at the start"},
      {"digital_multiply_adds", h.tonn.digital_multiply_adds, "count",
       "digital multiply-adds per inference"},
      {"dense_mzis", count(h.dense.counts.mzis), "count",
       "MZIs of the dense optical network of the same layer sizes"},
      {"dense_mesh_mzis", count(h.dense.mesh_mzis()), "count", "mesh MZIs of the dense network"},
      {"dense_area_mm2", h.dense.area_mm2, "mm^2", "area of the dense network"},
      {"mzi_reduction", h.mzi_reduction, "1", "dense_mzis / mzis"},
      {"mesh_mzi_reduction", h.mesh_mzi_reduction, "1",
       "dense_mesh_mzis / mesh_mzis (the published convention)"},
      {"dense_matched_mzis", count(h.dense_matched_counts.mzis), "count",
       "MZIs of the dense network without the layers the TONN computes digitally"},
      {"dense_matched_mesh_mzis", count(h.dense_matched_mesh_mzis()), "count",
       "mesh MZIs of the matched dense network"},
      {"mzi_reduction_matched", h.mzi_reduction_matched, "1", "dense_matched_mzis / mzis"},
      {"mesh_mzi_reduction_matched", h.mesh_mzi_reduction_matched, "1",
       "dense_matched_mesh_mzis / mesh_mzis"},
  };
}

std::vector<RecordColumn> ledger_columns(const solvers::LedgerBreakdown& l) {
  std::vector<std::string> names;
  std::vector<double> energy, time;
  for (const auto& line : l.lines) {
    names.push_back(to_string(line.component));
    energy.push_back(line.energy_j);
    time.push_back(line.active_time_s);
  }
  return {{"component", names, "1", "ledger component (solvers/energy_ledger.hpp)"},
          {"energy_j", energy, "J", "energy the component consumed over the solve so far"},
          {"latency_s", time, "s", "the component's active time over the solve so far"}};
}

std::vector<Record> ledger_records(const solvers::LedgerBreakdown& l) {
  return {
      {"total_energy_j", l.total_energy_j, "J", "sum of the components' energies"},
      {"total_latency_s", l.total_time_s, "s", "inference + retune + control time"},
      {"inference_time_s", l.inference_time_s, "s", "time computing inferences"},
      {"retune_time_s", l.retune_time_s, "s", "time waiting for heaters to settle"},
      {"control_time_s", l.control_time_s, "s", "digital control overhead"},
      {"organisation", to_string(l.organisation), "1",
       "chip organisation charged (chip.accounting)"},
      {"energy_per_inference_j", l.energy_per_inference_j, "J",
       "laser + converters + nonlinearity + digital, per inference"},
      {"static_power_w", l.static_power_w, "W",
       "time-averaged heater power charged for the programs the run held"},
  };
}

}  // namespace tonnsim::runner
