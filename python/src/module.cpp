// The Python module `tonnsim` (compiled part `tonnsim._tonnsim`; docs/python.md).
#include <cmath>

#include <yaml-cpp/yaml.h>

#include "core/error.hpp"
#include "python/src/bindings.hpp"
#include "scenarios/runner/version.hpp"

namespace tonnsim::python {

namespace {

YAML::Node to_node(const py::handle& value) {
  if (value.is_none()) return YAML::Node(YAML::NodeType::Null);
  if (py::isinstance<py::bool_>(value)) return YAML::Node(value.cast<bool>() ? "true" : "false");
  if (py::isinstance<py::int_>(value)) return YAML::Node(py::str(value).cast<std::string>());
  if (py::isinstance<py::float_>(value)) {
    const double v = value.cast<double>();
    if (std::isnan(v)) return YAML::Node(".nan");
    if (std::isinf(v)) return YAML::Node(v > 0 ? ".inf" : "-.inf");
    return YAML::Node(py::repr(value).cast<std::string>());  // shortest round trip
  }
  if (py::isinstance<py::str>(value)) return YAML::Node(value.cast<std::string>());
  if (py::isinstance<py::dict>(value)) {
    YAML::Node map(YAML::NodeType::Map);
    for (const auto& [k, v] : value.cast<py::dict>()) map[py::str(k).cast<std::string>()] = to_node(v);
    return map;
  }
  if (py::isinstance<py::list>(value) || py::isinstance<py::tuple>(value) ||
      py::isinstance<py::array>(value)) {
    YAML::Node seq(YAML::NodeType::Sequence);
    const py::object items = py::isinstance<py::array>(value) ? value.attr("tolist")()
                                                               : py::reinterpret_borrow<py::object>(value);
    for (const auto& item : items) seq.push_back(to_node(item));
    return seq;
  }
  if (py::hasattr(value, "item")) return to_node(value.attr("item")());  // numpy scalars
  throw py::type_error("cannot express a " +
                       py::str(py::type::of(value).attr("__name__")).cast<std::string>() +
                       " as a scenario value (use numbers, strings, bools, lists and dicts)");
}

}  // namespace

std::string yaml_text(const py::handle& value) {
  YAML::Emitter out;
  out << YAML::Flow << to_node(value);
  return out.c_str();
}

std::string yaml_document(const py::dict& sections) {
  YAML::Emitter out;
  out << to_node(sections);
  return std::string(out.c_str()) + "\n";
}

std::vector<std::string> override_list(const py::object& overrides) {
  std::vector<std::string> sets;
  if (overrides.is_none()) return sets;
  if (py::isinstance<py::dict>(overrides)) {
    for (const auto& [k, v] : overrides.cast<py::dict>())
      // A string is YAML text as after --set key=TEXT ("[1, 2]" is a list); other values
      // are converted.
      sets.push_back(py::str(k).cast<std::string>() + "=" +
                     (py::isinstance<py::str>(v) ? v.cast<std::string>() : yaml_text(v)));
    return sets;
  }
  if (py::isinstance<py::str>(overrides))
    throw py::type_error("overrides: give a dict {key.path: value} or a list of 'key=value'");
  for (const auto& item : overrides) sets.push_back(py::str(item).cast<std::string>());
  return sets;
}

runner::Scenario scenario_from_sections(const py::dict& sections, const std::string& what) {
  const auto doc = runner::ConfigDocument::from_string(yaml_document(sections), what);
  return runner::bind_scenario(doc);
}

Eigen::Map<const Mat> batch_columns(const RowBatch& points, long dim, const char* what) {
  if (points.ndim() != 2 || (dim >= 0 && points.shape(1) != dim)) {
    std::string shape;
    for (py::ssize_t i = 0; i < points.ndim(); ++i)
      shape += (i ? ", " : "") + std::to_string(points.shape(i));
    throw py::value_error(std::string(what) + ": expected a 2-D array of points, one per row" +
                          (dim >= 0 ? ", with " + std::to_string(dim) + " columns" : "") +
                          "; got shape (" + shape + ")");
  }
  return Eigen::Map<const Mat>(points.data(), points.shape(1), points.shape(0));
}

}  // namespace tonnsim::python

PYBIND11_MODULE(_tonnsim, m) {
  namespace py = pybind11;
  m.doc() = "tonnsim: photonic tensorized neural networks trained in situ (C++ core)";
  // Bad input (scenario keys and values, shapes, names): the message names the file, line
  // and column, or the field, its value and the rule, exactly as the command line prints it.
  static py::exception<tonnsim::InputError> input_error(m, "InputError", PyExc_ValueError);
  // A failure while running (diverged training, an unwritable file).
  static py::exception<tonnsim::RunError> run_error(m, "RunError", PyExc_RuntimeError);
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const tonnsim::InputError& e) {
      input_error(e.what());
    } catch (const tonnsim::RunError& e) {
      run_error(e.what());
    }
  });
  m.attr("__version__") = tonnsim::runner::code_version();
  tonnsim::python::bind_scenarios(m);
  tonnsim::python::bind_photonics(m);
  tonnsim::python::bind_networks(m);
}
