#pragma once
// The binders of the scenario sections other than `device:` (device_section.hpp), one
// per top-level key, each in <section>_section.cpp. YAML keys are the C++ field names of
// the options structs they fill, so validate() messages map back onto the file.
#include "scenarios/runner/config_node.hpp"
#include "scenarios/runner/scenario.hpp"

namespace tonnsim::runner {

void bind_problem_section(ConfigNode node, Scenario& s);    // pde:
void bind_estimator_section(ConfigNode node, Scenario& s);  // estimator:
void bind_network_section(ConfigNode node, Scenario& s);    // network:
void bind_chip_section(ConfigNode node, Scenario& s);       // chip:
void bind_optimizer_section(ConfigNode node, Scenario& s);  // optimizer:
void bind_run_section(ConfigNode node, Scenario& s);        // run:

// pde.expression: (expression_pde_section.cpp): binds the fields, and compiles them once
// bound, rethrowing an expression error located at its file, line and column.
void bind_expression_pde(ConfigNode node, pinn::ExpressionPdeOptions& options);
void check_expression_pde(ConfigNode expression, const pinn::PdeOptions& pde);

}  // namespace tonnsim::runner
