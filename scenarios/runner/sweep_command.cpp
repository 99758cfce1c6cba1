#include <omp.h>

#include <algorithm>
#include <cmath>
#include <csignal>
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
#include "scenarios/runner/progress.hpp"
#include "scenarios/runner/resource_limits.hpp"
#include "scenarios/runner/run_layout.hpp"
#include "scenarios/runner/run_metadata.hpp"
#include "scenarios/runner/sweep.hpp"
#include "scenarios/runner/version.hpp"

namespace tonnsim::runner {

namespace {

using Row = std::vector<double>;  // [point index, outputs in sweep_output_columns() order]

/// /scenario and /meta of a sweep file: the base scenario, every override, and the seed
/// the points ran with.
RunMetadata sweep_metadata(const SweepSpec& spec) {
  RunMetadata meta;
  meta.scenario_file = spec.base;
  meta.scenario_text = ConfigDocument::from_file(spec.base).text();
  meta.effective_scenario = meta.scenario_text;
  meta.overrides = spec.sets;
  meta.overrides.insert(meta.overrides.end(), spec.overrides.begin(), spec.overrides.end());
  meta.code_version = code_version();
  meta.seed = spec.seeds.empty() ? 0 : spec.seeds.front();
  meta.threads = omp_get_max_threads();
  meta.choices = {{"sweep.mode", to_string(spec.mode)}};
  return meta;
}

bool seeds_vary(const SweepSpec& spec) {
  return std::any_of(spec.seeds.begin(), spec.seeds.end(),
                     [&](std::uint64_t s) { return s != spec.seeds.front(); });
}

void write_sweep_file(OutputClaim& claim, const SweepSpec& spec, const RunMetadata& meta,
                      std::vector<Row> rows) {
  std::sort(rows.begin(), rows.end());  // by point index
  std::vector<std::size_t> points;
  std::vector<std::vector<double>> outputs;
  for (const auto& r : rows) {
    points.push_back(static_cast<std::size_t>(r[0]));
    outputs.emplace_back(r.begin() + 1, r.end());
  }
  claim.write_whole([&](Hdf5File& f) {
    write_run_metadata(f, meta);
    if (seeds_vary(spec))
      f.set_attribute(layout::kMeta, "seed_note",
                      std::string("run.seed differs between points (a swept key sets it); /meta/seed "
                                  "is point 0's"));
    f.set_attribute(layout::kScenario, "sweep_file", spec.file);
    f.set_attribute(layout::kScenario, "sweep_text", spec.text);
    write_table(f, layout::kSweepInputs, sweep_inputs_table(spec, points));
    write_table(f, layout::kSweepOutputs, sweep_outputs_table(outputs));
  });
}

/// The finished rows of an earlier run of this same sweep in `path` (a point is finished
/// when its row has outputs: a failed point's row is NaN and runs again).
std::vector<Row> finished_rows(const std::string& path, const SweepSpec& spec,
                               const RunMetadata& meta) {
  const Hdf5File f = Hdf5File::open(path, Hdf5Mode::kReadOnly);
  const RunMetadata stored = read_run_metadata(f);
  const std::string text = f.has_attribute(layout::kScenario, "sweep_text")
                               ? f.string_attribute(layout::kScenario, "sweep_text")
                               : std::string();
  std::string differs;
  if (text != spec.text) differs = "the sweep (" + spec.file + ")";
  else if (stored.scenario_text != meta.scenario_text) differs = "the base scenario " + spec.base;
  else if (stored.overrides != meta.overrides) differs = "the overrides (--set, key=value, --seed)";
  if (!differs.empty())
    throw InputError(path + ": was written by another sweep (" + differs +
                     " differs); not resumed: give the same sweep, or --force to start over");
  const Table in = read_table(f, layout::kSweepInputs);
  const Table out = read_table(f, layout::kSweepOutputs);
  if (out.names() != sweep_output_columns())
    throw InputError(path + ": /sweep/outputs has other columns than this tonnsim writes; not "
                            "resumed: --force to start over");
  std::vector<Row> rows;
  for (std::size_t i = 0; i < in.rows(); ++i) {
    const std::int64_t point = in.ints("point")[i];
    if (point < 0 || static_cast<std::size_t>(point) >= spec.points.size())
      throw InputError(path + ": /sweep/inputs point " + std::to_string(point) +
                       " is not a point of this sweep; not resumed");
    Row r{static_cast<double>(point)};
    for (const auto& name : out.names()) r.push_back(out.doubles(name)[i]);
    if (!std::isnan(r[1])) rows.push_back(std::move(r));  // column 1: parameters
  }
  return rows;
}

std::string describe(const SweepPoint& p) {
  std::string s;
  for (const auto& [key, value] : p.values) s += (s.empty() ? "" : ", ") + key + "=" + value;
  return s;
}

}  // namespace

int execute_sweep(const SweepSpec& spec, const SweepOptions& options, const std::string& path,
                  std::ostream& out, std::ostream& err) {
  MpiSession mpi;
  require(options.max_iterations >= 0, "--max-iterations", options.max_iterations,
          "must be >= 1 (or 0: no limit)");
  require(options.max_iterations == 0 || spec.mode == SweepMode::kTraining, "--max-iterations",
          options.max_iterations, "applies to training sweeps; a hardware sweep trains nothing");
  if (options.threads) {
    require(*options.threads >= 1 && *options.threads <= limits::kThreads, "--threads",
            *options.threads, "must be in [1, " + std::to_string(limits::kThreads) + "]");
    omp_set_num_threads(*options.threads);
  }
  const std::string point_dir = (std::filesystem::path(path).parent_path() /
                                 (std::filesystem::path(path).stem().string() + "_points"))
                                    .string();
  const RunMetadata meta = sweep_metadata(spec);
  const bool training = spec.mode == SweepMode::kTraining;

  // Rank 0 alone claims the output (output_claim.hpp), reads what an earlier run finished
  // and tells every rank which points those are; a refusal there ends every rank.
  std::optional<OutputClaim> claim;
  std::vector<Row> kept;
  std::vector<std::int64_t> done;
  std::exception_ptr refusal;
  if (mpi.rank() == 0) {
    try {
      std::vector<std::string> inputs{spec.base};
      if (spec.file != "multirun") inputs.push_back(spec.file);
      claim.emplace(path, options.force || options.resume, inputs);
      std::error_code ec;
      if (options.resume && std::filesystem::exists(path, ec))
        kept = finished_rows(path, spec, meta);
      else if (options.resume)
        err << "note: " << path << " does not exist yet; nothing to resume, every point runs\n";
      for (const auto& r : kept) done.push_back(static_cast<std::int64_t>(r[0]));
      if (training) std::filesystem::create_directories(point_dir);
    } catch (...) {
      refusal = std::current_exception();
      done = {-1};
    }
  }
  done = mpi.broadcast(done);
  if (refusal) std::rethrow_exception(refusal);
  if (done.size() == 1 && done[0] == -1)
    throw RunError("rank 0 could not start the sweep (see its error)");
  if (training && mpi.distributed())
    std::filesystem::create_directories(point_dir);  // any rank may get there first

  std::vector<bool> finished(spec.points.size(), false);
  for (const auto p : done) finished.at(static_cast<std::size_t>(p)) = true;
  std::vector<std::size_t> remaining, mine;
  for (std::size_t i = 0; i < spec.points.size(); ++i)
    if (!finished[i]) remaining.push_back(i);
  for (std::size_t j = static_cast<std::size_t>(mpi.rank()); j < remaining.size();
       j += static_cast<std::size_t>(mpi.size()))
    mine.push_back(remaining[j]);
  if (!kept.empty())
    err << "note: " << path << ": " << kept.size() << " of " << spec.points.size()
        << " points finished earlier are kept; " << remaining.size() << " run now\n";

  const std::size_t width = sweep_output_columns().size() + 1;
  const auto nan_row = [&](std::size_t index) {
    Row r(width, std::nan(""));
    r[0] = static_cast<double>(index);
    return r;
  };
  const auto failure_text = [&](std::size_t index, const std::exception& e) {
    return "point " + std::to_string(index) + " (" + describe(spec.points[index]) + "): " + e.what();
  };
  std::vector<Row> rows;              // this rank's finished points
  std::vector<std::string> failures;  // one line per failed point
  int stop_signal = 0;
  bool budget_spent = false;
  if (!training) {
    // Points are independent and each builds its own experiment; nested loops inside a
    // point then run on one thread. The bar counts points.
    Progress progress = Progress::on_stderr(static_cast<std::int64_t>(mine.size()), options.progress);
    rows.resize(mine.size());
    failures.resize(mine.size());
    std::int64_t count = 0;
#pragma omp parallel for schedule(dynamic, 1)
    for (long j = 0; j < static_cast<long>(mine.size()); ++j) {
      const std::size_t index = mine[static_cast<std::size_t>(j)];
      Row& r = rows[static_cast<std::size_t>(j)];
      try {
        r = evaluate_sweep_point(spec, index, point_dir);
        r.insert(r.begin(), static_cast<double>(index));
      } catch (const std::exception& e) {
        failures[static_cast<std::size_t>(j)] = failure_text(index, e);
        r = nan_row(index);
      }
#pragma omp critical(tonnsim_sweep_progress)
      progress.update(++count, std::nan(""), std::nan(""));
    }
    progress.finish();
  } else {
    // The bar counts the iterations of this rank's points; a point continued from its
    // checkpoint counts the iterations done before as done (not in the ETA's rate).
    std::int64_t total = 0;
    for (const auto index : mine) total += spec.iterations.at(index);
    Progress progress = Progress::on_stderr(total, options.progress);
    const long budget = options.max_iterations;
    long performed = 0;
    std::int64_t offset = 0;
    for (const auto index : mine) {
      if (budget > 0 && performed >= budget) {
        budget_spent = true;
        break;
      }
      if (progress.mode() != ProgressMode::kBar)
        err << "[rank " << mpi.rank() << "] point " << index << " (" << index + 1 << "/"
            << spec.points.size() << ")"
            << ": " << describe(spec.points[index]) << "\n";
      bool first_row = true;
      std::int64_t accounted = 0;  // iterations of this point skipped or run
      try {
        const TrainingPointResult r = run_training_point(
            spec, index, point_dir, options.resume, budget > 0 ? budget - performed : 0,
            [&](long iteration, double loss, double rel_l2) {
              if (first_row) {
                progress.skip(iteration);
                accounted += iteration;
              }
              first_row = false;
              ++performed;
              ++accounted;
              progress.update(offset + iteration + 1, loss, rel_l2);
            });
        if (r.row) {
          rows.push_back(*r.row);
          rows.back().insert(rows.back().begin(), static_cast<double>(index));
        }
        if (r.resumed && progress.mode() != ProgressMode::kBar)
          err << "[rank " << mpi.rank() << "] point " << index << " continued from its checkpoint\n";
        if (r.stop_signal) stop_signal = r.stop_signal;
      } catch (const std::exception& e) {
        failures.push_back(failure_text(index, e));
        rows.push_back(nan_row(index));
      }
      offset += spec.iterations.at(index);
      progress.skip(spec.iterations.at(index) - accounted);  // read back or stopped early
      if (mpi.rank() == 0) {  // finished points survive an interruption (--resume)
        std::vector<Row> so_far = kept;
        so_far.insert(so_far.end(), rows.begin(), rows.end());
        write_sweep_file(*claim, spec, meta, so_far);
      }
      if (stop_signal) break;
    }
    if (budget > 0 && performed >= budget && rows.size() < mine.size()) budget_spent = true;
    progress.finish();
  }
  for (const auto& f : failures)
    if (!f.empty()) err << "error: " << f << "\n";
  const bool failed = std::any_of(failures.begin(), failures.end(),
                                  [](const std::string& f) { return !f.empty(); });
  std::vector<Row> all = mpi.gather_rows(rows, width);
  const int stopped_status = stop_signal ? 128 + stop_signal : 0;
  if (mpi.rank() != 0) return stopped_status ? stopped_status : failed ? 1 : 0;
  all.insert(all.end(), kept.begin(), kept.end());
  write_sweep_file(*claim, spec, meta, all);
  out << "tonnsim sweep: " << spec.points.size() << " points (" << to_string(spec.mode) << ", "
      << mpi.size() << " rank" << (mpi.size() > 1 ? "s" : "") << ") -> " << path << "\n";
  if (all.size() < spec.points.size()) {
    out << "  stopped        " << all.size() << " of " << spec.points.size() << " points finished";
    if (stop_signal) out << " (" << (stop_signal == SIGINT ? "SIGINT" : "SIGTERM") << ")";
    if (budget_spent) out << " (--max-iterations " << options.max_iterations << " reached)";
    out << "; continue with the same command and --resume\n";
  }
  if (failed) throw RunError("some sweep points failed (see above); their rows are NaN in " + path);
  return stopped_status;
}

int command_sweep(const SweepOptions& options, std::ostream& out, std::ostream& err) {
  std::vector<std::string> sets = options.sets;
  if (options.seed) sets.push_back("run.seed=" + std::to_string(*options.seed));
  const SweepSpec spec = load_sweep(options.sweep, sets, options.overrides);
  const std::string path =
      options.out.empty()
          ? (std::filesystem::path("results") / std::filesystem::path(options.sweep).stem())
                    .string() + ".h5"
          : options.out;
  return execute_sweep(spec, options, path, out, err);
}

}  // namespace tonnsim::runner
