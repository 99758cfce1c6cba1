#pragma once
// The subcommands of `tonnsim`, one function each, separated from command-line parsing
// (cli.hpp) so they can be called and tested directly. Each returns the exit status for
// a normal end and throws InputError (exit 2), OutputError (exit 3) or RunError (exit 1)
// otherwise; `run` returns 128 + the signal number when SIGINT or SIGTERM stopped it.
#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "scenarios/runner/progress.hpp"

namespace tonnsim::runner {

struct CheckOptions {
  std::string scenario;           // SCENARIO.yaml
  std::vector<std::string> sets;  // --set key.path=value, in order
  bool print_expanded = false;    // --print-expanded: print the expanded scenario
};

struct RunOptions {
  std::string scenario;           // empty when resuming: the scenario is in the file
  std::string out;                // --out; empty: results/<scenario stem>.h5
  std::vector<std::string> sets;
  std::optional<std::uint64_t> seed;  // --seed overrides run.seed
  std::optional<int> threads;         // --threads; else OMP_NUM_THREADS or all cores
  std::string resume;                 // --resume FILE.h5
  bool force = false;                 // --force: replace an existing --out (output_claim.hpp)
  bool profile = false;               // --profile: timer table at the end
  long max_iterations = 0;            // --max-iterations: stop after N (0: run to the end)
  ProgressOptions progress;           // --progress, --log-every
};

struct SweepOptions {
  std::string sweep;  // SWEEP.yaml
  std::string out;
  std::vector<std::string> sets;  // applied to the base scenario
  bool force = false;             // --force: replace an existing --out
};

struct MeshOptions {
  std::string topology = "clements";  // photonics::Topology spelling
  int n = 8;                          // modes
  std::string out;                    // optional HDF5 report
  bool force = false;                 // --force: replace an existing --out
};

int command_check(const CheckOptions& options, std::ostream& out, std::ostream& err);
int command_run(const RunOptions& options, std::ostream& out, std::ostream& err);
int command_sweep(const SweepOptions& options, std::ostream& out, std::ostream& err);
int command_mesh(const MeshOptions& options, std::ostream& out, std::ostream& err);

}  // namespace tonnsim::runner
