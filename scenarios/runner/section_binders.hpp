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

}  // namespace tonnsim::runner
