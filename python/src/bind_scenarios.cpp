// Scenarios and runs from Python: the same loading, --set overrides, binders and run as the
// `tonnsim` command line (scenarios/runner/), so a scenario and seed give the same trace.
#include <csignal>
#include <exception>
#include <optional>
#include <sstream>

#include "python/src/bindings.hpp"
#include "scenarios/runner/run_records.hpp"
#include "scenarios/runner/commands.hpp"
#include "scenarios/runner/run_layout.hpp"
#include "scenarios/runner/training_run.hpp"

namespace tonnsim::python {

namespace {

ScenarioSource from_file(const std::string& path, const py::object& overrides) {
  const auto doc = runner::ConfigDocument::from_file(path);  // same read errors as the CLI
  return ScenarioSource::make(doc.text(), path, override_list(overrides));
}

ScenarioSource from_dict(const py::dict& sections, const std::string& name,
                         const py::object& overrides) {
  return ScenarioSource::make(yaml_document(sections), name, override_list(overrides));
}

py::dict metrics_dict(const pinn::TestMetrics& m) {
  py::dict d;
  d["rel_l2"] = m.rel_l2;
  d["rel_l2_learned"] = m.rel_l2_learned;
  d["max_abs_error"] = m.max_abs_error;
  return d;
}

py::dict final_dict(const runner::RunSummary& r) {
  py::dict d = metrics_dict(solvers::test_metrics(r.last));
  d["iterations"] = r.last.iteration + 1;
  d["loss"] = r.last.loss;
  d["initial_rel_l2"] = r.initial_rel_l2;
  d["programming_error"] = r.programming_error;
  d["improvement_over_best_baseline"] = r.improvement;
  d["best_baseline"] = r.baselines.scores.empty() ? std::string() : r.baselines.best().name;
  d["wall_s"] = r.last.wall_s;
  d["forward_evals"] = r.last.forward_evals;
  d["programmed_states"] = r.last.loss_evals;
  d["phase_retunes"] = r.last.phase_retunes;
  return d;
}

py::dict baselines_dict(const pinn::TrivialBaselines& b) {
  py::dict d;
  for (const auto& s : b.scores) {
    py::dict one = metrics_dict(s.metrics);
    one["description"] = s.description;
    d[py::str(s.name)] = one;
  }
  d["constant_value"] = b.constant_value;
  return d;
}

}  // namespace

/// Records (scenarios/runner/run_records.hpp) as a dict: the same names and values the
/// run file holds as attributes.
void add_records(py::dict& d, const std::vector<runner::Record>& records) {
  for (const auto& r : records)
    std::visit([&](const auto& v) { d[py::str(r.name)] = v; }, r.value);
}

py::dict hardware_dict(const tonn::HardwareComparison& h) {
  py::dict d;  // the /hardware attributes of a run file (docs/hdf5-layout.md)
  add_records(d, runner::hardware_records(h));
  return d;
}

py::dict ledger_dict(const solvers::LedgerBreakdown& l) {
  py::dict d;  // the /ledger table and its attributes
  for (const auto& c : runner::ledger_columns(l))
    std::visit(
        [&](const auto& v) {
          using V = std::decay_t<decltype(v)>;
          if constexpr (std::is_same_v<V, std::vector<std::string>>)
            d[py::str(c.name)] = v;
          else
            d[py::str(c.name)] = py::array_t<typename V::value_type>(v.size(), v.data());
        },
        c.values);
  add_records(d, runner::ledger_records(l));
  return d;
}

namespace {

/// The trace rows a run appends, column by column (layout::training_trace_columns()).
class TraceColumns {
 public:
  TraceColumns() : columns_(runner::layout::training_trace_columns()), data_(columns_.size()) {}
  void append(const std::vector<runner::TraceValue>& row) {
    for (std::size_t i = 0; i < row.size(); ++i) data_[i].push_back(row[i]);
  }
  py::dict row_dict(const std::vector<runner::TraceValue>& row) const {
    py::dict d;
    for (std::size_t i = 0; i < row.size(); ++i) d[py::str(columns_[i].name)] = to_py(row[i]);
    return d;
  }
  py::dict arrays() const {
    py::dict d;
    for (std::size_t i = 0; i < columns_.size(); ++i) {
      const auto& col = data_[i];
      if (columns_[i].type == runner::ColumnType::kInt) {
        py::array_t<std::int64_t> a(col.size());
        for (std::size_t r = 0; r < col.size(); ++r) a.mutable_at(r) = std::get<std::int64_t>(col[r]);
        d[py::str(columns_[i].name)] = a;
      } else {
        py::array_t<double> a(col.size());
        for (std::size_t r = 0; r < col.size(); ++r) a.mutable_at(r) = std::get<double>(col[r]);
        d[py::str(columns_[i].name)] = a;
      }
    }
    return d;
  }

 private:
  static py::object to_py(const runner::TraceValue& v) {
    return std::holds_alternative<double>(v) ? py::object(py::float_(std::get<double>(v)))
                                             : py::object(py::int_(std::get<std::int64_t>(v)));
  }
  std::vector<runner::TraceColumn> columns_;
  std::vector<std::vector<runner::TraceValue>> data_;
};

py::dict run(const ScenarioSource& s, const std::optional<std::string>& out,
             const py::object& callback, long max_iterations, std::optional<std::uint64_t> seed,
             std::optional<int> threads, const std::string& progress, bool profile) {
  runner::RunOptions options;
  options.scenario = s.name;
  options.out = out.value_or("");
  options.sets = s.overrides;
  options.seed = seed;
  options.threads = threads;
  options.max_iterations = max_iterations;
  options.profile = profile;
  options.progress.mode = runner::parse_enum_option<runner::ProgressMode>("progress", progress);
  runner::RunEmbedding embedding;
  embedding.document = s.base_document();
  embedding.in_memory = !out.has_value();
  TraceColumns trace;
  std::exception_ptr callback_error;
  embedding.on_row = [&](const std::vector<runner::TraceValue>& row) {
    trace.append(row);
    py::gil_scoped_acquire gil;
    try {
      if (PyErr_CheckSignals() != 0) throw py::error_already_set();  // Ctrl-C, Jupyter's stop
      if (callback.is_none()) return false;
      return py::bool_(callback(trace.row_dict(row))).cast<bool>();
    } catch (...) {
      callback_error = std::current_exception();
      return true;  // ends the run after this iteration; the error is raised below
    }
  };
  std::ostringstream summary_text, notes;
  runner::RunSummary summary;
  {
    py::gil_scoped_release release;  // the run is C++ only; the callback takes the GIL back
    summary = runner::run_scenario(options, std::move(embedding), summary_text, notes);
  }
  if (callback_error) std::rethrow_exception(callback_error);
  // The run caught Ctrl-C / SIGTERM itself (runner/stop_signal.hpp): it stopped at an
  // iteration boundary and wrote its checkpoint; Python then sees the interrupt as usual.
  if (summary.stop_signal == SIGINT) {
    PyErr_SetNone(PyExc_KeyboardInterrupt);
    throw py::error_already_set();
  }
  if (summary.stop_signal == SIGTERM) {
    PyErr_SetObject(PyExc_SystemExit, py::int_(128 + SIGTERM).ptr());
    throw py::error_already_set();
  }
  py::dict result;
  result["final"] = final_dict(summary);
  result["baselines"] = baselines_dict(summary.baselines);
  result["ledger"] = summary.ledger ? py::object(ledger_dict(*summary.ledger)) : py::none();
  result["hardware"] = hardware_dict(summary.hardware);
  result["trace"] = trace.arrays();
  result["summary"] = summary_text.str();
  result["notes"] = notes.str();
  result["out"] = out ? py::object(py::str(summary.out_path)) : py::none();
  return result;
}

std::string sweep(const std::string& file, const std::optional<std::string>& out,
                  const py::object& overrides) {
  runner::SweepOptions options;
  options.sweep = file;
  options.out = out.value_or("");
  options.sets = override_list(overrides);
  options.progress.mode = runner::ProgressMode::kOff;  // the per-point lines go to the notes
  std::ostringstream text, notes;
  {
    py::gil_scoped_release release;
    runner::command_sweep(options, text, notes);
  }
  return text.str() + notes.str();
}

py::dict choices(const runner::Scenario& s) {
  py::dict d;
  for (const auto& [key, value] : s.choices()) d[py::str(key)] = value;
  return d;
}

}  // namespace

void bind_scenarios(py::module_& m) {
  py::class_<ScenarioSource>(m, "Scenario", R"(A checked scenario: YAML text, its name and
the overrides applied to it, bound by the same section binders as `tonnsim check` and
`tonnsim run`. Build one with Scenario.from_file, Scenario.from_dict or Scenario.from_yaml
(or tonnsim.load_scenario); a bad key or value raises tonnsim.InputError with the command
line's message ("FILE:LINE:COL: key: rule", "FILE (from --set k=v): ...").)")
      .def_static("from_file", &from_file, py::arg("path"), py::arg("overrides") = py::none(),
                  "Reads a scenario file; overrides: {key.path: value} or ['key=value', ...]")
      .def_static("from_dict", &from_dict, py::arg("sections"), py::arg("name") = "<dict>",
                  py::arg("overrides") = py::none(),
                  "A scenario from a dict of sections, as in a file ({'pde': {...}, ...}); "
                  "`name` stands in for the file name in messages")
      .def_static(
          "from_yaml",
          [](const std::string& text, const std::string& name, const py::object& overrides) {
            return ScenarioSource::make(text, name, override_list(overrides));
          },
          py::arg("text"), py::arg("name") = "<string>", py::arg("overrides") = py::none())
      .def(
          "with_overrides",
          [](const ScenarioSource& s, const py::object& overrides) {
            auto sets = s.overrides;
            for (auto& o : override_list(overrides)) sets.push_back(std::move(o));
            return ScenarioSource::make(s.text, s.name, std::move(sets));
          },
          py::arg("overrides"), "A new scenario with more overrides applied after these")
      .def_readonly("name", &ScenarioSource::name, "the file name (or stand-in) in messages")
      .def_readonly("text", &ScenarioSource::text, "the YAML text as read")
      .def_readonly("overrides", &ScenarioSource::overrides, "'key=value' overrides, in order")
      .def_property_readonly("effective_yaml",
                             [](const ScenarioSource& s) { return s.document().effective_text(); },
                             "the tree after the overrides, as YAML")
      .def_property_readonly("description", [](const ScenarioSource& s) { return s.bound.description; })
      .def_property_readonly("iterations",
                             [](const ScenarioSource& s) { return s.bound.run.trainer.iterations; })
      .def_property_readonly("seed", [](const ScenarioSource& s) { return s.bound.run.seed; })
      .def_property_readonly("choices", [](const ScenarioSource& s) { return choices(s.bound); },
                             "every enum choice by key path, as recorded in /meta/choices")
      .def("__repr__", [](const ScenarioSource& s) {
        return "<tonnsim.Scenario " + s.name +
               (s.overrides.empty() ? "" : " with " + std::to_string(s.overrides.size()) + " override(s)") +
               ">";
      });

  m.def("_run", &run, py::arg("scenario"), py::arg("out") = py::none(),
        py::arg("callback") = py::none(), py::arg("max_iterations") = 0,
        py::arg("seed") = py::none(), py::arg("threads") = py::none(),
        py::arg("progress") = "off", py::arg("profile") = false,
        "`tonnsim run` on a Scenario; returns a dict (see tonnsim.run)");
  m.def("_sweep", &sweep, py::arg("sweep_file"), py::arg("out") = py::none(),
        py::arg("overrides") = py::none(), "`tonnsim sweep`; returns the printed text");
}

}  // namespace tonnsim::python
