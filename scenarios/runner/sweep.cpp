#include "scenarios/runner/sweep.hpp"

#include <omp.h>

#include <cmath>
#include <filesystem>
#include <sstream>

#include "core/error.hpp"
#include "scenarios/runner/config_document.hpp"
#include "scenarios/runner/experiment.hpp"
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

}  // namespace

std::vector<std::string> SweepPoint::assignments() const {
  std::vector<std::string> out;
  for (const auto& [key, value] : values) out.push_back(key + "=" + value);
  return out;
}

SweepSpec load_sweep(const std::string& path, const std::vector<std::string>& extra_sets) {
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
  for (const auto& s : extra_sets) spec.sets.push_back(s);

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
    double count = 1.0;
    for (const auto& v : values) count *= static_cast<double>(v.size());
    if (count > limits::kSweepPoints)
      throw InputError(grid.location() + ": grid: " + detail::number_text(count) +
                       " points, above the ceiling " + std::to_string(limits::kSweepPoints) +
                       " (docs/scenario-reference.md, resource limits); split the sweep");
    // Cartesian product, last key fastest.
    std::vector<std::size_t> at(values.size(), 0);
    while (true) {
      SweepPoint p;
      for (std::size_t k = 0; k < values.size(); ++k) p.values.emplace_back(spec.keys[k], values[k][at[k]]);
      spec.points.push_back(std::move(p));
      std::size_t k = values.size();
      while (k > 0 && ++at[k - 1] == values[k - 1].size()) at[--k] = 0;
      if (k == 0) break;
    }
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

  // Every point is checked before any runs: a typo in the last point must not wait hours.
  for (const SweepPoint& p : spec.points) {
    ConfigDocument base = ConfigDocument::from_file(spec.base);
    base.set_all(spec.sets);
    base.set_all(p.assignments());
    bind_scenario(base);
  }
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
  const SweepPoint& point = spec.points.at(index);
  std::vector<std::string> sets = spec.sets;
  for (const auto& a : point.assignments()) sets.push_back(a);
  const double nan = std::nan("");
  auto row = [&](const tonn::HardwareComparison& h, Eigen::Index parameters, double programming,
                 double energy, double latency, const RunSummary* trained) {
    return std::vector<double>{static_cast<double>(parameters),
                               static_cast<double>(h.tonn.counts.mzis),
                               static_cast<double>(h.tonn.mesh_mzis()),
                               static_cast<double>(h.tonn.counts.tensor_cores),
                               static_cast<double>(h.tonn.counts.phase_shifters),
                               h.tonn.area_mm2,
                               h.tonn.static_power_w.value_or(nan),
                               static_cast<double>(h.dense.counts.mzis),
                               h.mzi_reduction,
                               programming,
                               energy,
                               latency,
                               trained ? trained->last.rel_l2 : nan,
                               trained ? trained->last.rel_l2_learned : nan,
                               trained ? trained->improvement : nan,
                               trained ? trained->last.loss : nan,
                               trained ? trained->last.wall_s : nan};
  };
  ConfigDocument doc = ConfigDocument::from_file(spec.base);
  doc.set_all(sets);
  const Scenario s = bind_scenario(doc);
  if (spec.mode == SweepMode::kHardware) {
    Experiment e = build_experiment(s);
    double energy = nan, latency = nan;
    if (const auto plan = planned_run(s, e)) {
      const auto chip = experiment_chip_model(s, e);
      const auto ledger =
          solvers::account_solve(solvers::planned_counts(chip, *plan), chip, s.chip.ledger);
      energy = ledger.total_energy_j;
      latency = ledger.total_time_s;
    }
    return row(e.hardware, e.spec.num_parameters(), programming_error(e), energy, latency,
               nullptr);
  }
  RunOptions run;
  run.scenario = spec.base;
  run.sets = sets;
  run.out = (std::filesystem::path(out_dir) / ("point_" + std::to_string(index) + ".h5")).string();
  run.force = true;  // point files belong to the sweep, whose own --out was claimed
  run.progress.mode = ProgressMode::kOff;
  std::ostringstream quiet;
  const RunSummary r = run_scenario(run, quiet, quiet);
  return row(r.hardware, network_spec(s).num_parameters(), r.programming_error, r.ledger ? r.ledger->total_energy_j : nan,
             r.ledger ? r.ledger->total_time_s : nan, &r);
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
