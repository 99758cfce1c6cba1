#include "scenarios/runner/section_binders.hpp"

namespace tonnsim::runner {

void bind_problem_section(ConfigNode node, Scenario& s) {
  auto& pde = s.problem.pde;
  auto& loss = s.problem.loss;
  node.get("kind", pde.kind);
  node.get("space_dim", pde.space_dim);
  node.get("condition_weight", pde.condition_weight);
  node.get("horizon_s", pde.horizon_s);
  node.get("terminal_weight", pde.terminal_weight);
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
  node.finish();
  node.validate([&] {
    pde.validate();
    loss.validate();
  });
  bs.validate([&] { pde.black_scholes.validate(); });
  burgers.validate([&] { pde.burgers.validate(); });
  if (pde.kind == pinn::PdeKind::kExpression) check_expression_pde(expression, pde);
}

}  // namespace tonnsim::runner
