#pragma once
// Shared pieces of the Python module `tonnsim` (docs/python.md): one bind_* function per
// layer, defined in bind_<layer>.cpp and called from module.cpp, and the conversions
// every layer needs (Python values <-> scenario YAML, numpy batches <-> Eigen columns).
#include <pybind11/eigen.h>
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <string>
#include <vector>

#include "core/types.hpp"
#include "scenarios/runner/config_document.hpp"
#include "scenarios/runner/scenario.hpp"
#include "solvers/energy_ledger.hpp"
#include "tonn/hardware_report.hpp"

namespace tonnsim::python {

namespace py = pybind11;

void bind_scenarios(py::module_& m);  // Scenario, run, sweep (bind_scenarios.cpp)
void bind_photonics(py::module_& m);  // meshes, blocks, tensor cores, chips, thermal
void bind_networks(py::module_& m);   // Experiment: network, PINN loss, ledger; Pde

/// A scenario as the command line sees it: the YAML text under its name, the overrides in
/// order, and the checked result of binding both.
struct ScenarioSource {
  std::string name, text;
  std::vector<std::string> overrides;
  runner::Scenario bound;

  /// The parsed text without the overrides (a run applies them, as `tonnsim run --set`).
  runner::ConfigDocument base_document() const {
    return runner::ConfigDocument::from_string(text, name);
  }
  runner::ConfigDocument document() const {
    auto doc = base_document();
    doc.set_all(overrides);
    return doc;
  }
  static ScenarioSource make(std::string text, std::string name, std::vector<std::string> sets) {
    ScenarioSource s{std::move(name), std::move(text), std::move(sets), {}};
    s.bound = runner::bind_scenario(s.document());
    return s;
  }
};

/// A Python value as YAML text: dicts and lists in flow style, bool as true/false, None as
/// null, numbers in their shortest round-trip form (repr), strings as given.
std::string yaml_text(const py::handle& value);
/// A dict of sections as a YAML document (block style, one key per line, so messages point
/// at a line).
std::string yaml_document(const py::dict& sections);
/// "key=value" assignments from a dict {key.path: value}, a list of "key=value" strings, or
/// None (no overrides).
std::vector<std::string> override_list(const py::object& overrides);
/// A scenario bound from a dict of sections (as in a scenario file), with the defaults of
/// every section not given. Raises InputError naming `what` and the offending key.
runner::Scenario scenario_from_sections(const py::dict& sections, const std::string& what);

/// A batch of points given as numpy (B x D, C order: one point per row) viewed without a
/// copy as the D x B column-major matrix the C++ layers take. Raises ValueError unless it
/// is 2-D with `dim` columns (dim < 0: any).
using RowBatch = py::array_t<double, py::array::c_style | py::array::forcecast>;
Eigen::Map<const Mat> batch_columns(const RowBatch& points, long dim, const char* what);

/// The /ledger table and attributes of a run file as a dict (component names, energy_j and
/// latency_s arrays, totals).
py::dict ledger_dict(const solvers::LedgerBreakdown& ledger);
/// The /hardware attributes of a run file as a dict.
py::dict hardware_dict(const tonn::HardwareComparison& hardware);

}  // namespace tonnsim::python
