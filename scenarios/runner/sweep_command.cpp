#include <omp.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <optional>
#include <ostream>
#include <string>

#include "core/error.hpp"
#include "scenarios/runner/commands.hpp"
#include "scenarios/runner/config_document.hpp"
#include "scenarios/runner/hdf5_file.hpp"
#include "scenarios/runner/mpi_session.hpp"
#include "scenarios/runner/output_claim.hpp"
#include "scenarios/runner/run_layout.hpp"
#include "scenarios/runner/run_metadata.hpp"
#include "scenarios/runner/sweep.hpp"
#include "scenarios/runner/version.hpp"

namespace tonnsim::runner {

namespace {

void write_sweep_file(OutputClaim& claim, const SweepSpec& spec,
                      std::vector<std::vector<double>> rows) {
  std::sort(rows.begin(), rows.end());  // by point index
  std::vector<std::size_t> points;
  std::vector<std::vector<double>> outputs;
  for (const auto& r : rows) {
    points.push_back(static_cast<std::size_t>(r[0]));
    outputs.emplace_back(r.begin() + 1, r.end());
  }
  claim.write_whole([&](Hdf5File& f) {
  RunMetadata meta;
  meta.scenario_file = spec.base;
  meta.scenario_text = ConfigDocument::from_file(spec.base).text();
  meta.effective_scenario = meta.scenario_text;
  meta.overrides = spec.sets;
  meta.code_version = code_version();
  meta.threads = omp_get_max_threads();
  meta.choices = {{"sweep.mode", to_string(spec.mode)}};
  write_run_metadata(f, meta);
  f.set_attribute("/scenario", "sweep_file", spec.file);
  f.set_attribute("/scenario", "sweep_text", spec.text);
  write_table(f, layout::kSweepInputs, sweep_inputs_table(spec, points));
  write_table(f, layout::kSweepOutputs, sweep_outputs_table(outputs));
  });
}

std::string describe(const SweepPoint& p) {
  std::string s;
  for (const auto& [key, value] : p.values) s += (s.empty() ? "" : ", ") + key + "=" + value;
  return s;
}

}  // namespace

int command_sweep(const SweepOptions& options, std::ostream& out, std::ostream& err) {
  MpiSession mpi;
  const SweepSpec spec = load_sweep(options.sweep, options.sets);
  const std::string path =
      options.out.empty()
          ? (std::filesystem::path("results") / std::filesystem::path(options.sweep).stem())
                    .string() + ".h5"
          : options.out;
  const std::string point_dir = (std::filesystem::path(path).parent_path() /
                                 (std::filesystem::path(path).stem().string() + "_points"))
                                    .string();
  // Only rank 0 writes the table: it alone claims the output (output_claim.hpp).
  std::optional<OutputClaim> claim;
  if (mpi.rank() == 0) {
    claim.emplace(path, options.force, std::vector<std::string>{options.sweep, spec.base});
    if (spec.mode == SweepMode::kTraining) std::filesystem::create_directories(point_dir);
  }
  std::vector<std::size_t> mine;
  for (std::size_t i = static_cast<std::size_t>(mpi.rank()); i < spec.points.size();
       i += static_cast<std::size_t>(mpi.size()))
    mine.push_back(i);
  if (spec.mode == SweepMode::kTraining && mpi.distributed())
    std::filesystem::create_directories(point_dir);  // any rank may get there first

  const std::size_t width = sweep_output_columns().size() + 1;
  std::vector<std::vector<double>> rows(mine.size());
  std::vector<std::string> failures(mine.size());
  auto run_point = [&](std::size_t j) {
    try {
      rows[j] = evaluate_sweep_point(spec, mine[j], point_dir);
    } catch (const std::exception& e) {
      failures[j] = "point " + std::to_string(mine[j]) + " (" + describe(spec.points[mine[j]]) +
                    "): " + e.what();
      rows[j].assign(width - 1, std::nan(""));
    }
    rows[j].insert(rows[j].begin(), static_cast<double>(mine[j]));
  };
  if (spec.mode == SweepMode::kHardware) {
    // Points are independent and each builds its own experiment; nested loops inside a
    // point then run on one thread.
#pragma omp parallel for schedule(dynamic, 1)
    for (long j = 0; j < static_cast<long>(mine.size()); ++j) run_point(static_cast<std::size_t>(j));
  } else {
    for (std::size_t j = 0; j < mine.size(); ++j) {
      err << "[rank " << mpi.rank() << "] point " << mine[j] + 1 << "/" << spec.points.size()
          << ": " << describe(spec.points[mine[j]]) << "\n";
      run_point(j);
      if (!mpi.distributed()) {  // keep finished points if the sweep is interrupted
        std::vector<std::vector<double>> done(rows.begin(), rows.begin() + static_cast<long>(j + 1));
        write_sweep_file(*claim, spec, done);
      }
    }
  }
  for (const auto& f : failures)
    if (!f.empty()) err << "error: " << f << "\n";
  const bool failed = std::any_of(failures.begin(), failures.end(),
                                  [](const std::string& f) { return !f.empty(); });
  const auto all = mpi.gather_rows(rows, width);
  if (mpi.rank() != 0) return failed ? 1 : 0;
  write_sweep_file(*claim, spec, all);
  out << "tonnsim sweep: " << spec.points.size() << " points (" << to_string(spec.mode) << ", "
      << mpi.size() << " rank" << (mpi.size() > 1 ? "s" : "") << ") -> " << path << "\n";
  if (failed) throw RunError("some sweep points failed (see above); their rows are NaN in " + path);
  return 0;
}

}  // namespace tonnsim::runner
