#include "scenarios/runner/resource_limits.hpp"
#include "scenarios/runner/section_binders.hpp"

namespace tonnsim::runner {

namespace {
// Reads `pde.reference.file` into loss.reference and stamps it (size and checksum, for
// --resume); a relative path is taken from the scenario file's folder
// (resolve_reference_path). Errors carry the key's location and the file's own.
void load_reference(ConfigNode reference, ProblemSection& p) {
  ReferenceFileOptions file = p.reference;
  file.file = resolve_reference_path(file.file, reference.file());
  try {
    const auto pde = pinn::make_pde(p.pde);
    const bool time = pinn::time_dependent(p.pde);
    p.loss.reference = read_reference_file(
        file, pinn::reference_input_names(pde->input_dim() - (time ? 1 : 0), time));
    p.loss.reference.validate(pde->input_dim());
    p.reference_stamp = stamp_reference_file(file.file);
  } catch (const InputError& e) {
    throw InputError(reference.location("file") + ": " + reference.path_of("file") + " = " +
                     p.reference.file + ": " + e.what());
  }
}
}  // namespace

void bind_problem_section(ConfigNode node, Scenario& s) {
  auto& pde = s.problem.pde;
  auto& loss = s.problem.loss;
  node.get("kind", pde.kind);
  node.get("space_dim", pde.space_dim);
  node.get("condition_weight", pde.condition_weight);
  node.get("horizon_s", pde.horizon_s);
  node.get("terminal_weight", pde.terminal_weight);
  node.get("lq_ansatz", pde.lq_ansatz);
  ConfigNode bs = node.child("black_scholes");
  bs.get("strike", pde.black_scholes.strike);
  bs.get("max_price", pde.black_scholes.max_price);
  bs.get("rate", pde.black_scholes.rate);
  bs.get("volatility", pde.black_scholes.volatility);
  bs.get("maturity_s", pde.black_scholes.maturity_s);
  bs.get("condition_weight", pde.black_scholes.condition_weight);
  ConfigNode burgers = node.child("burgers");
  burgers.get("viscosity", pde.burgers.viscosity);
  burgers.get("quadrature_points", pde.burgers.quadrature_points);
  burgers.get("condition_weight", pde.burgers.condition_weight);
  ConfigNode expression = node.child("expression");
  bind_expression_pde(expression, pde.expression);
  node.get("n_collocation", loss.n_collocation);
  node.get("n_condition", loss.n_condition);
  node.get("condition_weights", loss.condition_weights);
  node.get("n_test", loss.n_test);
  node.get("test_seed", loss.test_seed);
  node.get("seed", s.problem.seed);
  ConfigNode reference = node.child("reference");
  reference.get("file", s.problem.reference.file);
  reference.get("format", s.problem.reference.format);
  reference.get("value_column", s.problem.reference.value_column);
  reference.get("points", s.problem.reference.points_dataset);
  reference.get("values", s.problem.reference.values_dataset);
  node.finish();
  node.validate([&] {
    pde.validate();
    loss.validate();
  });
  bs.validate([&] { pde.black_scholes.validate(); });
  burgers.validate([&] { pde.burgers.validate(); });
  if (pde.kind == pinn::PdeKind::kExpression) check_expression_pde(expression, pde);
  if (s.problem.reference.given()) {
    check_pde_dimension_limit(node, pde);  // the reference's columns need the PDE built
    load_reference(reference, s.problem);
  }
}

}  // namespace tonnsim::runner
