// Writes a run file and a sweep file in the documented layout (docs/hdf5-layout.md) from
// synthetic numbers, checks them, and leaves them in $TONNSIM_DEMO_DIR when that is set:
// the plotting scripts' tests (results/) run on them.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>

#include "scenarios/runner/checkpoint.hpp"
#include "scenarios/runner/hdf5_table.hpp"
#include "scenarios/runner/run_layout.hpp"
#include "scenarios/runner/run_metadata.hpp"
#include "scenarios/runner/version.hpp"
#include "scenarios/temp_path.hpp"

using namespace tonnsim;
using namespace tonnsim::runner;

namespace {
std::string demo_path(const std::string& name, std::unique_ptr<TempPath>& temp) {
  if (const char* dir = std::getenv("TONNSIM_DEMO_DIR")) {
    std::filesystem::create_directories(dir);
    return (std::filesystem::path(dir) / name).string();
  }
  temp = std::make_unique<TempPath>(name);
  return temp->str();
}
}  // namespace

TEST_CASE("Demo files: a run file in the documented layout") {
  std::unique_ptr<TempPath> temp;
  const std::string path = demo_path("demo_run.h5", temp);
  constexpr std::int64_t kIterations = 200;
  {
    Hdf5File f = Hdf5File::create(path);
    RunMetadata m;
    m.scenario_file = "demo.yaml";
    m.scenario_text = "device: {}\n";
    m.effective_scenario = "device: {}\n";
    m.code_version = code_version();
    m.seed = 1;
    m.choices = {{"chip.topology", "clements"}};
    write_run_metadata(f, m);
    TraceWriter trace(f, layout::kTrace, layout::training_trace_columns(), {50, 1.0});
    for (std::int64_t i = 0; i < kIterations; ++i) {
      const double t = static_cast<double>(i);
      const double rel = i % 10 == 0 ? 0.05 * std::exp(-t / 80.0) : NAN;
      // rel_l2_learned = rel_l2 / 0.05 (||u - g|| / ||u|| = 0.05), max_abs_error = 2 rel_l2.
      trace.append({i, std::exp(-t / 40.0) + 1e-3, rel, rel / 0.05, 2.0 * rel,
                    std::exp(-t / 60.0), 1e-3, (i + 1) * 1851 * 100, (i + 1) * 56,
                    1e-4 * (t + 1), 1e-4 * (t + 1), std::int64_t{0}, std::int64_t{0},
                    std::int64_t{0}, 17.9});
    }
    trace.flush();
    f.write("/final/parameters", std::vector<double>(56, 0.5));
    // The final metrics of the last evaluated row (iteration 190), in the documented names.
    const double final_rel = 0.05 * std::exp(-190.0 / 80.0);
    f.set_attribute(layout::kFinal, "iterations", kIterations);
    f.set_attribute(layout::kFinal, "rel_l2", final_rel);
    f.set_attribute(layout::kFinal, "rel_l2_learned", final_rel / 0.05);
    f.set_attribute(layout::kFinal, "wall_s", 12.5);
    f.set_attribute(layout::kFinal, "best_baseline", "constant");
    f.set_attribute(layout::kFinal, "baseline_constant_rel_l2_learned", 0.2);
    f.set_attribute(layout::kFinal, "improvement_over_best_baseline", 0.2 / (final_rel / 0.05));
    Table ledger;
    ledger.add("component", std::vector<std::string>{"laser", "modulators_dacs", "detectors_adcs",
                                                     "nonlinearity", "retuning", "static_heaters",
                                                     "control"});
    ledger.add("energy_j", std::vector<double>{0.02, 0.3, 0.2, 0.01, 0.5, 0.3, 0.03});
    ledger.add("latency_s", std::vector<double>{0, 0.2, 0.1, 0.01, 0.8, 0, 0.005});
    write_table(f, layout::kLedger, ledger);
    f.set_attribute(layout::kLedger, "total_energy_j", 1.36);
    f.set_attribute(layout::kLedger, "total_latency_s", 1.115);
    f.create_group(layout::kHardware);
    f.set_attribute(layout::kHardware, "mzis", std::int64_t{1288});
    f.set_attribute(layout::kHardware, "area_mm2", 23.2);
    Checkpoint c;
    c.iteration = kIterations;
    c.trace_rows = kIterations;
    c.parameters = Vec::Constant(56, 0.5);
    write_checkpoint(f, c);
  }
  const Hdf5File f = Hdf5File::open(path);
  for (const auto& column : layout::training_trace_columns())
    CHECK(f.shape(std::string(layout::kTrace) + "/" + column.name) ==
          std::vector<std::int64_t>{kIterations});
  CHECK(f.list("/") == std::vector<std::string>{"checkpoint", "final", "hardware", "ledger",
                                                "meta", "scenario", "trace"});
  CHECK(read_table(f, layout::kLedger).rows() == 7);
}

TEST_CASE("Demo files: a sweep file in the documented layout") {
  std::unique_ptr<TempPath> temp;
  const std::string path = demo_path("demo_sweep.h5", temp);
  {
    Hdf5File f = Hdf5File::create(path);
    Table inputs, outputs;
    std::vector<std::int64_t> n;
    std::vector<std::string> topology;
    std::vector<double> mzis, area;
    for (const char* t : {"clements", "reck"})
      for (std::int64_t k = 4; k <= 64; k *= 2) {
        n.push_back(k);
        topology.emplace_back(t);
        mzis.push_back(static_cast<double>(k * (k - 1) / 2));
        area.push_back(0.018 * static_cast<double>(k * (k - 1) / 2));
      }
    inputs.add("mesh_n", n);
    inputs.add("topology", topology);
    outputs.add("mzis", mzis);
    outputs.add("area_mm2", area);
    write_table(f, layout::kSweepInputs, inputs);
    write_table(f, layout::kSweepOutputs, outputs);
  }
  const Hdf5File f = Hdf5File::open(path);
  CHECK(read_table(f, layout::kSweepInputs).rows() == read_table(f, layout::kSweepOutputs).rows());
}
