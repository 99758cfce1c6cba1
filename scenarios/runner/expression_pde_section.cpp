// `pde.expression:` a PDE written in the scenario (pinn/expression_pde.hpp), and the
// located, did-you-mean errors of its expressions.
#include "pinn/expression_pde.hpp"
#include "scenarios/runner/did_you_mean.hpp"
#include "scenarios/runner/resource_limits.hpp"
#include "scenarios/runner/section_binders.hpp"

namespace tonnsim::runner {

namespace {

void bind_ansatz(ConfigNode node, pinn::ExpressionAnsatz& a) {
  node.get("g", a.g);
  node.get("h", a.h);
  node.get("g_xi", a.g_xi);
  node.get("g_xixi", a.g_xixi);
  node.get("g_t", a.g_t);
  node.get("g_tt", a.g_tt);
  node.get("h_xi", a.h_xi);
  node.get("h_xixi", a.h_xixi);
  node.get("h_t", a.h_t);
  node.get("h_tt", a.h_tt);
}

void bind_condition(ConfigNode node, pinn::ExpressionCondition& c) {
  node.get("name", c.name);
  ConfigNode pin = node.child("pin");
  const auto vars = pin.keys();
  // `on` defaults to what the keys say: pinned with a pin, else the boundary.
  c.on = vars.empty() ? pinn::ConditionSet::kBoundary : pinn::ConditionSet::kPinned;
  node.get("on", c.on);
  node.get("value", c.value);
  node.get_non_negative("weight", c.weight);
  if (!vars.empty()) {
    if (vars.size() != 1 || c.on != pinn::ConditionSet::kPinned)
      node.fail("pin", vars.size() != 1 ? "must pin exactly one variable, e.g. {t: 0}"
                                        : "is for on: pinned only");
    c.pin_variable = vars[0];
    pin.get(vars[0], c.pin_value);
  }
}

// The YAML value of a dotted field ("conditions[1].value") under `map`, or an undefined
// node when it is not written there (e.g. it came from a default).
YAML::Node value_of(YAML::Node map, const std::string& field) {
  std::size_t start = 0;
  YAML::Node node = map;
  while (start <= field.size() && node.IsDefined()) {
    const auto dot = field.find('.', start);
    std::string part = field.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    int index = -1;
    if (const auto bracket = part.find('['); bracket != std::string::npos) {
      index = std::stoi(part.substr(bracket + 1));
      part = part.substr(0, bracket);
    }
    if (!node.IsMap()) return YAML::Node(YAML::NodeType::Undefined);
    YAML::Node next = node[part];
    if (index >= 0) next = next.IsSequence() ? next[std::size_t(index)] : YAML::Node(YAML::NodeType::Undefined);
    node = next;
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  return node;
}

// "FILE:L:C: pde.expression.residual = "...": unknown symbol 'lap'; did you mean 'lap_u'?"
// with the column of the offending character when the expression sits on one line.
[[noreturn]] void fail_expression(ConfigNode expression, const pinn::ExpressionError& e) {
  std::string field = e.field();
  const std::string prefix = "expression.";
  if (field.rfind(prefix, 0) == 0) field = field.substr(prefix.size());
  const std::string first = field.substr(0, field.find_first_of(".["));
  std::string where = expression.location(first);
  const YAML::Node value = value_of(expression.yaml(), field);
  if (where.find("(from --set") == std::string::npos && value.IsDefined() && value.IsScalar()) {
    const YAML::Mark m = value.Mark();
    const bool quoted = value.Tag() == "!";
    const bool one_line = e.expression().find('\n') == std::string::npos;
    const int column = m.column + 1 + (one_line ? (quoted ? 1 : 0) + std::max(e.position(), 0) : 0);
    where = expression.file() + ":" + std::to_string(m.line + 1) + ":" + std::to_string(column);
  }
  std::string message = where + ": " + expression.path() + "." + field;
  if (!e.expression().empty()) message += " = \"" + e.expression() + "\"";
  message += ": " + e.reason();
  if (!e.known().empty()) message += suggestion_text(e.token(), e.known(), "known symbols");
  throw InputError(message);
}

}  // namespace

void bind_expression_pde(ConfigNode node, pinn::ExpressionPdeOptions& o) {
  node.get("name", o.name);
  ConfigNode domain = node.child("domain");
  for (const auto& key : domain.keys()) {
    if (key == "shape") {
      domain.get("shape", o.shape);
    } else if (key == "radius") {
      domain.get_positive("radius", o.radius);
    } else {
      std::vector<double> range;
      domain.get(key, range);
      o.ranges.emplace_back(key, range);
    }
  }
  ConfigNode sampling = node.child("sampling");
  for (const auto& var : sampling.keys()) {
    ConfigNode law = sampling.child(var);
    pinn::VariableSampling v;
    law.get("distribution", v.distribution);
    law.get("mean", v.mean);
    law.get_positive("std", v.std);
    law.get_positive("alpha", v.alpha);
    law.get_positive("beta", v.beta);
    law.finish();
    o.sampling.emplace_back(var, v);
  }
  for (const auto& [key, list] : {std::make_pair("constants", &o.constants),
                                   std::make_pair("definitions", &o.definitions)}) {
    ConfigNode named = node.child(key);
    for (const auto& name : named.keys()) {
      std::string text;
      named.get(name, text);
      list->emplace_back(name, text);
    }
  }
  node.get("residual", o.residual);
  node.get("exact", o.exact);
  bind_ansatz(node.child("ansatz"), o.ansatz);
  const auto conditions = node.child_list("conditions");
  o.conditions.resize(conditions.size());
  for (std::size_t i = 0; i < conditions.size(); ++i) bind_condition(conditions[i], o.conditions[i]);
  ConfigNode guess = node.child("data_guess");
  guess.get("value", o.data_guess);
  guess.get("description", o.data_guess_description);
  node.get_positive("fd_step", o.fd_step);
}

void check_expression_pde(ConfigNode expression, const pinn::PdeOptions& pde) {
  // Compiling allocates per variable: a dimension above the ceiling is left to
  // check_resource_limits, which names it, instead of exhausting memory here.
  if (pde.space_dim > limits::kWidth) return;
  try {
    pinn::ExpressionPde compiled(pde.expression, pde.space_dim);
  } catch (const pinn::ExpressionError& e) {
    fail_expression(expression, e);
  } catch (const InputError& e) {  // rules that need the domain (sampling): located
    std::string message = e.what();
    const std::string prefix = "expression.";
    if (message.rfind(prefix, 0) == 0) message = message.substr(prefix.size());
    expression.validate([&] { throw InputError(message); });
  }
}

}  // namespace tonnsim::runner
