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
  std::string scenario;                // SCENARIO.yaml or SWEEP.yaml (a file with `base:`)
  std::vector<std::string> sets;       // --set key.path=value, in order
  std::vector<std::string> overrides;  // positional key.path=value, applied after `sets`
  bool print_expanded = false;         // --print-expanded: print the expanded scenario
};

struct RunOptions {
  std::string scenario;           // empty when resuming: the scenario is in the file
  std::string out;                // --out; empty: results/<scenario stem>.h5
  std::vector<std::string> sets;
  // Positional key.path=value (command_line_overrides.hpp), applied after `sets`; one with
  // a comma list of values makes the run a multirun (a training sweep).
  std::vector<std::string> overrides;
  bool multirun = false;              // -m/--multirun: write a sweep even for one point
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
  std::vector<std::string> sets;       // applied to the base scenario
  std::vector<std::string> overrides;  // positional key.path=value, applied after `sets`
  bool force = false;                  // --force: replace an existing --out
  // --resume: keep the finished points of an existing --out bit for bit, run the others
  // (a point stopped part-way continues from its checkpoint).
  bool resume = false;
  std::optional<std::uint64_t> seed;  // --seed: run.seed of every point
  std::optional<int> threads;         // --threads; else OMP_NUM_THREADS or all cores
  // --max-iterations: training iterations this invocation may run, over all its points (a
  // batch queue's time limit); the point it stops in keeps a checkpoint. 0: no limit.
  long max_iterations = 0;
  ProgressOptions progress;  // --progress, --log-every (the bar counts iterations or points)
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
