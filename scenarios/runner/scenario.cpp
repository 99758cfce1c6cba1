#include "scenarios/runner/scenario.hpp"

#include "scenarios/runner/device_section.hpp"

namespace tonnsim::runner {

namespace {
void bind_device(ConfigNode node, Scenario& s) { bind_device_parameters(node, s.device); }
}  // namespace

const std::vector<SectionBinder>& scenario_sections() {
  static const std::vector<SectionBinder> sections{
      {"device", "device constants of the chip (photonics::DeviceParameters)", &bind_device},
      {"pde", "the PDE, its sampling and test set", nullptr},
      {"estimator", "derivative estimator for the PINN loss", nullptr},
      {"network", "layers, TT shapes and ranks, activation, initialisation", nullptr},
      {"chip", "photonic realisation: tensor-core size, mesh topology, non-idealities", nullptr},
      {"optimizer", "ZO or first-order training: estimator, update rule, schedule", nullptr},
      {"run", "iterations, evaluation and checkpoint cadence, logging", nullptr},
  };
  return sections;
}

Scenario bind_scenario(const ConfigDocument& document) {
  Scenario scenario;
  ConfigNode root = document.root();
  root.get("description", scenario.description);
  for (const auto& section : scenario_sections()) {
    if (section.bind) {
      section.bind(root.child(section.key), scenario);
    } else {
      root.skip(section.key);
      if (root.has(section.key)) scenario.unchecked_sections.emplace_back(section.key);
    }
  }
  root.finish();
  return scenario;
}

}  // namespace tonnsim::runner
