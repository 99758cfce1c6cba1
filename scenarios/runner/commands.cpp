#include "scenarios/runner/commands.hpp"

#include <ostream>

#include "core/error.hpp"
#include "photonics/mesh.hpp"
#include "scenarios/runner/config_node.hpp"
#include "scenarios/runner/scenario.hpp"

namespace tonnsim::runner {

namespace {

Scenario load_checked(const std::string& file, const std::vector<std::string>& sets,
                      ConfigDocument* keep = nullptr) {
  ConfigDocument doc = ConfigDocument::from_file(file);
  doc.set_all(sets);
  Scenario s = bind_scenario(doc);
  if (keep) *keep = std::move(doc);
  return s;
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : ", ") + i;
  return out;
}

int not_wired(const char* command, std::ostream& err) {
  err << "tonnsim " << command << ": not yet wired to the solvers; nothing was run\n";
  return 1;
}

}  // namespace

int command_check(const CheckOptions& options, std::ostream& out, std::ostream& err) {
  const Scenario s = load_checked(options.scenario, options.sets);
  std::vector<std::string> checked;
  for (const auto& section : scenario_sections())
    if (section.bind) checked.emplace_back(section.key);
  out << options.scenario << ": ok (checked: " << join(checked) << ")\n";
  if (!s.unchecked_sections.empty())
    err << "note: " << options.scenario << ": section(s) " << join(s.unchecked_sections)
        << " accepted without checks; their binders are not wired yet\n";
  return 0;
}

int command_run(const RunOptions& options, std::ostream&, std::ostream& err) {
  require(!options.scenario.empty() || !options.resume.empty(), "run", "(nothing)",
          "needs SCENARIO.yaml or --resume FILE.h5");
  if (options.threads) require(*options.threads >= 1, "--threads", *options.threads, "must be >= 1");
  if (!options.scenario.empty()) load_checked(options.scenario, options.sets);
  return not_wired("run", err);
}

int command_sweep(const SweepOptions&, std::ostream&, std::ostream& err) {
  return not_wired("sweep", err);
}

int command_mesh(const MeshOptions& options, std::ostream&, std::ostream& err) {
  parse_enum_option<photonics::Topology>("--topology", options.topology);
  require(options.n >= 2, "--n", options.n, "must be >= 2");
  return not_wired("mesh", err);
}

}  // namespace tonnsim::runner
