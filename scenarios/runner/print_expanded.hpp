#pragma once
// `tonnsim check --print-expanded`: the scenario with every default and preset resolved,
// the same YAML text a run stores as /scenario `expanded` (docs/hdf5-layout.md).
#include <iosfwd>

#include "scenarios/runner/scenario.hpp"

namespace tonnsim::runner {

void print_expanded_scenario(const Scenario& s, std::ostream& out);

}  // namespace tonnsim::runner
