#pragma once
// A scenario file: top-level sections, each bound by its own binder. The dispatch table
// below is the one place a new section is wired:
//   1. add the options struct as a field of Scenario,
//   2. write `void bind_<section>(ConfigNode node, Scenario& s)` in <section>_section.cpp
//      (get() every field, node.finish(), node.validate([&]{ s.x.validate(); })),
//   3. put its function pointer in the section's row of scenario_sections().
// Sections whose row has no binder yet are accepted without checks and reported by
// `tonnsim check` as unchecked, so scenarios can be written ahead of the code.
#include <string>
#include <vector>

#include "photonics/device_parameters.hpp"
#include "scenarios/runner/config_document.hpp"

namespace tonnsim::runner {

struct Scenario {
  std::string description;               // free text, recorded in output files
  photonics::DeviceParameters device;    // `device:`
  /// Top-level sections present in the file whose binder is not wired yet.
  std::vector<std::string> unchecked_sections;
};

struct SectionBinder {
  const char* key;   // top-level YAML key
  const char* what;  // one line for messages and docs
  void (*bind)(ConfigNode node, Scenario& scenario);  // nullptr: not wired yet
};

/// Every top-level section a scenario may have, in the order they are bound.
const std::vector<SectionBinder>& scenario_sections();

/// Binds every section of the document (after its --set overrides), rejects unknown
/// top-level keys, and returns the checked scenario. Throws InputError.
Scenario bind_scenario(const ConfigDocument& document);

}  // namespace tonnsim::runner
