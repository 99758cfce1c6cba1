#pragma once
// Shared by the command-line tests: run `tonnsim ARGS...` in-process and capture its exit
// code and output; write a scenario text to a temporary file; bind a scenario text.
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "scenarios/runner/cli.hpp"
#include "scenarios/runner/scenario.hpp"
#include "scenarios/temp_path.hpp"

struct CliResult {
  int code;
  std::string out, err;
};

inline CliResult cli(std::vector<std::string> args) {
  args.insert(args.begin(), "tonnsim");
  std::vector<const char*> argv;
  for (const auto& a : args) argv.push_back(a.c_str());
  std::ostringstream out, err;
  const int code = tonnsim::runner::run_cli(static_cast<int>(argv.size()), argv.data(), out, err);
  return {code, out.str(), err.str()};
}

/// `text` written to a temporary file `name`, removed at scope exit.
struct ScenarioFile {
  explicit ScenarioFile(const std::string& text, const std::string& name = "cli.yaml")
      : path(name) {
    std::ofstream(path.str()) << text;
  }
  TempPath path;
};

/// The scenario a YAML text binds to, with --set overrides; `name` stands for the file.
inline tonnsim::runner::Scenario bind_text(const std::string& text,
                                           const std::vector<std::string>& sets = {},
                                           const std::string& name = "chip.yaml") {
  auto doc = tonnsim::runner::ConfigDocument::from_string(text, name);
  doc.set_all(sets);
  return tonnsim::runner::bind_scenario(doc);
}
