#include "scenarios/runner/sweep.hpp"

#include <omp.h>

#include <cmath>
#include <filesystem>
#include <sstream>

#include "core/error.hpp"
#include "scenarios/runner/config_document.hpp"
#include "scenarios/runner/checkpoint.hpp"
#include "scenarios/runner/experiment.hpp"
#include "scenarios/runner/hdf5_file.hpp"
#include "scenarios/runner/run_layout.hpp"
#include "scenarios/runner/run_metadata.hpp"
#include "scenarios/runner/resource_limits.hpp"
#include "scenarios/runner/training_run.hpp"
#include "solvers/energy_ledger.hpp"

namespace tonnsim::runner {

namespace {

/// A YAML value as --set text: scalars as written, lists and maps in flow style.
std::string yaml_text(const YAML::Node& node) {
  if (node.IsScalar()) return node.Scalar();
  YAML::Emitter e;
  e << YAML::Flow << node;
  return e.c_str();
}

bool is_number(const std::string& text) {
  if (text.empty()) return false;
  char* end = nullptr;
  std::strtod(text.c_str(), &end);
  return end == text.c_str() + text.size();
}

std::string key_of(const std::string& assignment) { return assignment.substr(0, assignment.find('=')); }

/// "a.b" and "a.b.c" (or "a.b" itself) name overlapping values.
bool overlaps(const std::string& a, const std::string& b) {
  const auto under = [](const std::string& x, const std::string& prefix) {
    return x.size() > prefix.size() && x.compare(0, prefix.size(), prefix) == 0 &&
           x[prefix.size()] == '.';
  };
  return a == b || under(a, b) || under(b, a);
}

/// The Cartesian product of `values` (one list per key), last key fastest; `where` names
/// the grid when the count is above the ceiling.
std::vector<SweepPoint> grid_points(const std::vector<std::string>& keys,
                                    const std::vector<std::vector<std::string>>& values,
                                    const std::string& where) {
  double count = 1.0;
  for (const auto& v : values) count *= static_cast<double>(v.size());
  if (count > limits::kSweepPoints)
    throw InputError(where + ": " + detail::number_text(count) + " points, above the ceiling " +
                     std::to_string(limits::kSweepPoints) +
                     " (docs/scenario-reference.md, resource limits); split the sweep");
  std::vector<SweepPoint> points;
  std::vector<std::size_t> at(values.size(), 0);
  while (true) {
    SweepPoint p;
    for (std::size_t k = 0; k < values.size(); ++k) p.values.emplace_back(keys[k], values[k][at[k]]);
    points.push_back(std::move(p));
    std::size_t k = values.size();
    while (k > 0 && ++at[k - 1] == values[k - 1].size()) at[--k] = 0;
    if (k == 0) break;
  }
  return points;
}

/// The checks every sweep gets before anything runs: no fixed value for a swept key (it
/// would be replaced at every point without a word), and every point binds.
void check_points(SweepSpec& spec) {
  const auto refuse = [&](const std::string& assignment, const std::string& origin) {
    for (const auto& key : spec.keys)
      if (overlaps(key_of(assignment), key))
        throw InputError(origin + " " + assignment + ": " + key + " is swept by " + spec.file +
                         " (" + std::to_string(spec.points.size()) +
                         " points); a fixed value would be replaced at every point: drop one of "
                         "the two");
  };
  for (std::size_t i = 0; i < spec.sets.size(); ++i)
    refuse(spec.sets[i], i < spec.file_sets ? spec.file + ": set:" : "--set");
  for (const auto& o : spec.overrides) refuse(o, "override");
  // Every point is checked before any runs: a typo in the last point must not wait hours.
  spec.seeds.clear();
  spec.iterations.clear();
  for (std::size_t i = 0; i < spec.points.size(); ++i) {
    const Scenario s = bind_scenario(spec.document(i));
    spec.seeds.push_back(s.run.seed);
    spec.iterations.push_back(s.run.trainer.iterations);
  }
}

}  // namespace

ConfigDocument SweepSpec::document(std::size_t index) const {
  ConfigDocument doc = ConfigDocument::from_file(base);
  doc.set_all(sets);
  doc.set_all(overrides, "override");
  doc.set_all(points.at(index).assignments(), point_origin(index));
  return doc;
}

std::string SweepSpec::point_origin(std::size_t index) const {
  return file + " point " + std::to_string(index);
}

std::vector<std::string> SweepPoint::assignments() const {
  std::vector<std::string> out;
  for (const auto& [key, value] : values) out.push_back(key + "=" + value);
  return out;
}

SweepSpec load_sweep(const std::string& path, const std::vector<std::string>& extra_sets,
                     const std::vector<std::string>& overrides) {
  const ConfigDocument doc = ConfigDocument::from_file(path);
  ConfigNode root = doc.root();
  SweepSpec spec;
  spec.file = path;
  spec.text = doc.text();
  root.get("description", spec.description);
  if (!root.get("base", spec.base))
    throw InputError(path + ": base: missing; name the base scenario (relative to " + path + ")");
  const auto folder = std::filesystem::path(path).parent_path();
  spec.base = (folder / spec.base).lexically_normal().string();
  root.get("mode", spec.mode);

  ConfigNode set = root.child("set");
  for (const std::string& key : set.keys()) {
    spec.sets.push_back(key + "=" + yaml_text(set.yaml()[key]));
    set.skip(key);
  }
  spec.file_sets = spec.sets.size();
  for (const auto& s : extra_sets) spec.sets.push_back(s);
  spec.overrides = overrides;

  const bool has_grid = root.has("grid"), has_points = root.has("points");
  if (has_grid == has_points)
    throw InputError(root.location() + ": a sweep needs exactly one of `grid:` (values per key, "
                                       "Cartesian product) or `points:` (a list of maps)");
  if (has_grid) {
    ConfigNode grid = root.child("grid");
    std::vector<std::vector<std::string>> values;
    for (const std::string& key : grid.keys()) {
      const YAML::Node list = grid.yaml()[key];
      if (!list.IsSequence() || list.size() == 0)
        grid.fail(key, "must be a non-empty list of values [a, b, ...]");
      spec.keys.push_back(key);
      values.emplace_back();
      for (const auto& v : list) values.back().push_back(yaml_text(v));
      grid.skip(key);
    }
    if (spec.keys.empty()) throw InputError(grid.location() + ": grid: needs at least one key");
    spec.points = grid_points(spec.keys, values, grid.location() + ": grid");
  } else {
    const auto items = root.child_list("points");
    if (static_cast<long>(items.size()) > limits::kSweepPoints)
      throw InputError(root.location("points") + ": points: " + std::to_string(items.size()) +
                       " points, above the ceiling " + std::to_string(limits::kSweepPoints) +
                       " (docs/scenario-reference.md, resource limits); split the sweep");
    for (ConfigNode item : items) {
      SweepPoint p;
      for (const std::string& key : item.keys()) {
        p.values.emplace_back(key, yaml_text(item.yaml()[key]));
        item.skip(key);
      }
      if (spec.points.empty()) {
        for (const auto& kv : p.values) spec.keys.push_back(kv.first);
      } else {
        std::vector<std::string> keys;
        for (const auto& kv : p.values) keys.push_back(kv.first);
        if (keys != spec.keys)
          throw InputError(item.location() + ": " + item.path() +
                           ": every point must set the same keys as points[0], in the same order");
      }
      spec.points.push_back(std::move(p));
    }
    if (spec.points.empty()) throw InputError(root.location("points") + ": points: is empty");
  }
  root.finish();
  check_points(spec);
  return spec;
}

SweepSpec multirun_sweep(const std::string& scenario, const std::vector<std::string>& sets,
                         const MultirunOverrides& overrides) {
  SweepSpec spec;
  spec.file = "multirun";
  spec.base = scenario;
  spec.mode = SweepMode::kTraining;
  spec.description = "multirun of `tonnsim run` from the command line";
  spec.sets = sets;
  spec.overrides = overrides.plain;
  // The text a sweep file of the same points would hold, recorded as /scenario/sweep_text.
  YAML::Emitter text;
  text << YAML::BeginMap << YAML::Key << "description" << YAML::Value << spec.description
       << YAML::Key << "base" << YAML::Value << scenario << YAML::Key << "mode" << YAML::Value
       << "training" << YAML::Key << "grid" << YAML::Value << YAML::BeginMap;
  std::vector<std::vector<std::string>> values;
  for (const auto& [key, list] : overrides.axes) {
    spec.keys.push_back(key);
    values.push_back(list);
    text << YAML::Key << key << YAML::Value << YAML::Flow << YAML::BeginSeq;
    for (const auto& v : list) text << v;
    text << YAML::EndSeq;
  }
  text << YAML::EndMap << YAML::EndMap;
  spec.text = std::string(text.c_str()) + "\n";
  spec.points = grid_points(spec.keys, values, "multirun");
  check_points(spec);
  return spec;
}

const std::vector<std::string>& sweep_output_columns() {
  static const std::vector<std::string> columns{
      "parameters",  "mzis",          "mesh_mzis",     "tensor_cores", "phase_shifters",
      "area_mm2",    "static_power_w", "dense_mzis",   "mzi_reduction", "programming_error",
      "energy_j",    "latency_s",     "rel_l2",        "rel_l2_learned", "improvement",
      "loss",        "wall_s"};
  return columns;
}

std::vector<double> evaluate_sweep_point(const SweepSpec& spec, std::size_t index,
                                         const std::string& out_dir) {
  if (spec.mode == SweepMode::kTraining) {
    const TrainingPointResult r = run_training_point(spec, index, out_dir, false, 0, {});
    if (!r.row) throw RunError("point " + std::to_string(index) + " stopped before its end");
    return *r.row;
  }
  const double nan = std::nan("");
  const Scenario s = bind_scenario(spec.document(index));
  Experiment e = build_experiment(s);
  double energy = nan, latency = nan;
  if (const auto plan = planned_run(s, e)) {
    const auto chip = experiment_chip_model(s, e);
    const auto ledger =
        solvers::account_solve(solvers::planned_counts(chip, *plan), chip, s.chip.ledger);
    energy = ledger.total_energy_j;
    latency = ledger.total_time_s;
  }
  const tonn::HardwareComparison& h = e.hardware;
  return {static_cast<double>(e.spec.num_parameters()),
          static_cast<double>(h.tonn.counts.mzis),
          static_cast<double>(h.tonn.mesh_mzis()),
          static_cast<double>(h.tonn.counts.tensor_cores),
          static_cast<double>(h.tonn.counts.phase_shifters),
          h.tonn.area_mm2,
          h.tonn.static_power_w.value_or(nan),
          static_cast<double>(h.dense.counts.mzis),
          h.mzi_reduction,
          programming_error(e),
          energy,
          latency,
          nan, nan, nan, nan, nan};  // no training in hardware mode
}

namespace {

/// The outputs of a finished training point, read back from its run file (the numbers
/// the run wrote, so a point read again is bit-identical to the point as run).
std::vector<double> training_row(const Hdf5File& f, const Scenario& s) {
  const double nan = std::nan("");
  const auto number = [&](const char* object, const char* name) {
    if (!f.exists(object) || !f.has_attribute(object, name)) return nan;
    return f.double_attribute(object, name);
  };
  const auto count = [&](const char* object, const char* name) {
    if (!f.exists(object) || !f.has_attribute(object, name)) return nan;
    return static_cast<double>(f.int_attribute(object, name));
  };
  const char* hw = layout::kHardware;
  const char* fin = layout::kFinal;
  return {static_cast<double>(network_spec(s).num_parameters()),
          count(hw, "mzis"),
          count(hw, "mesh_mzis"),
          count(hw, "tensor_cores"),
          count(hw, "phase_shifters"),
          number(hw, "area_mm2"),
          number(hw, "static_power_w"),
          count(hw, "dense_mzis"),
          number(hw, "mzi_reduction"),
          number(fin, "programming_error"),
          number(layout::kLedger, "total_energy_j"),
          number(layout::kLedger, "total_latency_s"),
          number(fin, "rel_l2"),
          number(fin, "rel_l2_learned"),
          number(fin, "improvement_over_best_baseline"),
          number(fin, "loss"),
          number(fin, "wall_s")};
}

enum class PointFile { kNone, kComplete, kResumable };

/// What a point's existing run file holds, if it is a run of exactly this point.
PointFile point_file_state(const std::string& path, const std::string& effective) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) return PointFile::kNone;
  try {
    const Hdf5File f = Hdf5File::open(path, Hdf5Mode::kReadOnly);
    if (read_run_metadata(f).effective_scenario != effective) return PointFile::kNone;
    if (f.exists(layout::kFinal) && f.has_attribute(layout::kFinal, "complete") &&
        f.int_attribute(layout::kFinal, "complete") == 1)
      return PointFile::kComplete;
    return has_checkpoint(f) ? PointFile::kResumable : PointFile::kNone;
  } catch (const std::exception&) {
    return PointFile::kNone;  // damaged or foreign: the point runs again from the start
  }
}

}  // namespace

TrainingPointResult run_training_point(
    const SweepSpec& spec, std::size_t index, const std::string& out_dir, bool reuse,
    long max_iterations,
    const std::function<void(long iteration, double loss, double rel_l2)>& on_iteration) {
  const ConfigDocument doc = spec.document(index);
  const Scenario s = bind_scenario(doc);
  const std::string file =
      (std::filesystem::path(out_dir) / ("point_" + std::to_string(index) + ".h5")).string();
  TrainingPointResult result;
  const PointFile state = reuse ? point_file_state(file, doc.effective_text()) : PointFile::kNone;
  if (state != PointFile::kComplete) {
    RunOptions run;
    if (state == PointFile::kResumable) {
      run.resume = file;
      result.resumed = true;
    } else {
      run.scenario = spec.base;
      run.sets = spec.sets;
      run.overrides = spec.overrides;
      for (const auto& a : spec.points.at(index).assignments()) run.overrides.push_back(a);
      run.out = file;
      run.force = true;  // point files belong to the sweep, whose own --out was claimed
    }
    run.max_iterations = max_iterations;
    run.progress.mode = ProgressMode::kOff;
    RunEmbedding embedding;
    embedding.on_row = [&](const std::vector<TraceValue>& row) {
      ++result.iterations;
      if (on_iteration)
        on_iteration(static_cast<long>(std::get<std::int64_t>(row[0])), std::get<double>(row[1]),
                     std::get<double>(row[2]));
      return false;
    };
    std::ostringstream quiet;
    const RunSummary r = run_scenario(run, std::move(embedding), quiet, quiet);
    result.stop_signal = r.stop_signal;
    if (r.stop_signal || r.last.iteration + 1 < s.run.trainer.iterations) return result;
  }
  result.row = training_row(Hdf5File::open(file, Hdf5Mode::kReadOnly), s);
  return result;
}

Table sweep_inputs_table(const SweepSpec& spec, const std::vector<std::size_t>& points) {
  Table t;
  std::vector<std::int64_t> index(points.begin(), points.end());
  t.add("point", index);
  for (std::size_t k = 0; k < spec.keys.size(); ++k) {
    bool numeric = true;
    for (std::size_t p : points) numeric = numeric && is_number(spec.points[p].values[k].second);
    if (numeric) {
      std::vector<double> v;
      for (std::size_t p : points) v.push_back(std::stod(spec.points[p].values[k].second));
      t.add(spec.keys[k], v);
    } else {
      std::vector<std::string> v;
      for (std::size_t p : points) v.push_back(spec.points[p].values[k].second);
      t.add(spec.keys[k], v);
    }
  }
  return t;
}

Table sweep_outputs_table(const std::vector<std::vector<double>>& rows) {
  Table t;
  const auto& names = sweep_output_columns();
  for (std::size_t c = 0; c < names.size(); ++c) {
    std::vector<double> v;
    for (const auto& r : rows) v.push_back(r.at(c));
    t.add(names[c], v);
  }
  return t;
}

}  // namespace tonnsim::runner
