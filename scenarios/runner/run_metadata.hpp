#pragma once
// What a run records about itself so that its output file explains how it was made:
// /scenario (the YAML as read and after --set) and /meta (code version, seed, threads,
// and the name of every enum choice that ran). Layout: docs/hdf5-layout.md.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "scenarios/runner/hdf5_file.hpp"
#include "scenarios/runner/reference_file.hpp"

namespace tonnsim::runner {

struct RunMetadata {
  std::string scenario_file;       // path as given on the command line
  std::string scenario_text;       // the file exactly as read
  std::string effective_scenario;  // the tree after --set overrides, as YAML
  std::string expanded_scenario;   // every key with the value bound (Scenario::expanded)
  std::vector<std::string> overrides;  // the --set assignments, in order
  // `pde.reference.file` as read when the run started (empty path: no reference, or a
  // file written before tonnsim recorded it); compared on --resume.
  ReferenceFileStamp reference;
  std::string code_version;
  std::uint64_t seed = 0;
  int threads = 1;
  /// Enum choices by key path, spelt as in scenarios: {"chip.topology", "clements"}.
  std::vector<std::pair<std::string, std::string>> choices;
};

void write_run_metadata(Hdf5File& file, const RunMetadata& meta);
/// InputError naming the file if it was not written by write_run_metadata.
RunMetadata read_run_metadata(const Hdf5File& file);

}  // namespace tonnsim::runner
