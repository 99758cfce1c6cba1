#include "scenarios/runner/print_expanded.hpp"

#include <ostream>

namespace tonnsim::runner {

void print_expanded_scenario(const Scenario& s, std::ostream& out) {
  out << "# expanded scenario: every key with the value it binds (defaults and presets "
         "resolved)\n"
      << s.expanded;
}

}  // namespace tonnsim::runner
