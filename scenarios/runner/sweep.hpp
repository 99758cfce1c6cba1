#pragma once
// `tonnsim sweep SWEEP.yaml`: one base scenario, many variants, one table.
//
//   description: "area and energy against tensor-core size and TT rank"
//   base: ../hjb20-phase.yaml        # relative to the sweep file
//   mode: hardware                   # hardware: build and count only (OpenMP over points)
//                                    # training: run every point (sequentially)
//   set: {run.iterations: 200}       # overrides applied to every point
//   grid:                            # Cartesian product, first key slowest ...
//     chip.core_size: [4, 8, 16]
//     network.tt_rank: [1, 2, 4]
//   points:                          # ... or an explicit list (exactly one of the two)
//     - {chip.core_size: 4, network.tt_rank: 1}
//
// A point is the base scenario with `set`, the command line's --set and positional
// overrides, and then its own values applied as overrides, so every value is checked by
// the scenario binders, and a bad one is reported as
// "BASE (from SWEEP point 3 key=value): key = value: rule". All points are bound before
// any runs; a --set (or `set:`) of a swept key is refused. Under `mpirun -np K` the points
// are dealt round-robin to the ranks and rank 0 writes the file (the same table as a
// single process writes). `tonnsim run S.yaml key=a,b` builds the same spec in memory
// (multirun_sweep).
#include <cstdint>
#include <functional>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "scenarios/runner/command_line_overrides.hpp"
#include "scenarios/runner/commands.hpp"
#include "scenarios/runner/config_document.hpp"
#include "scenarios/runner/hdf5_table.hpp"

namespace tonnsim::runner {

enum class SweepMode { kHardware, kTraining };

struct SweepPoint {
  std::vector<std::pair<std::string, std::string>> values;  // key path, YAML scalar text
  std::vector<std::string> assignments() const;              // "key=value"
};

struct SweepSpec {
  std::string file;         // the sweep file as given; "multirun" for a command-line sweep
  std::string text;         // its text (generated for a multirun)
  std::string description;
  std::string base;         // base scenario path, resolved against the sweep file's folder
  SweepMode mode = SweepMode::kHardware;
  std::vector<std::string> sets;       // `set:` then the command line's --set, in order
  std::size_t file_sets = 0;           // how many of `sets` came from `set:`
  std::vector<std::string> overrides;  // the command line's positional key=value
  std::vector<std::string> keys;       // swept key paths, in column order
  std::vector<SweepPoint> points;
  std::vector<std::uint64_t> seeds;    // run.seed each point binds to (filled by the checks)
  std::vector<long> iterations;        // run.iterations of each point (filled by the checks)

  /// The base document with sets, overrides and point `index`'s values applied (the
  /// latter named "FILE point INDEX" in messages).
  ConfigDocument document(std::size_t index) const;
  /// The origin label of point `index`'s values in messages.
  std::string point_origin(std::size_t index) const;
};

/// Reads and checks a sweep file (and every point's scenario). Throws InputError.
SweepSpec load_sweep(const std::string& path, const std::vector<std::string>& extra_sets = {},
                     const std::vector<std::string>& overrides = {});
/// The training sweep of `tonnsim run SCENARIO sets... key=a,b,...`: the Cartesian product
/// of the axes (first key slowest), checked as load_sweep checks a file.
SweepSpec multirun_sweep(const std::string& scenario, const std::vector<std::string>& sets,
                         const MultirunOverrides& overrides);

/// Runs (or with options.resume continues) a sweep and writes its table to `path`; the
/// exit status of `tonnsim sweep` (128 + signal when SIGINT/SIGTERM stopped it).
int execute_sweep(const SweepSpec& spec, const SweepOptions& options, const std::string& path,
                  std::ostream& out, std::ostream& err);

/// Output columns of a sweep, in order (docs/hdf5-layout.md).
const std::vector<std::string>& sweep_output_columns();

/// Outputs of one point, in sweep_output_columns() order. `out_dir` receives the per-point
/// run file in training mode.
std::vector<double> evaluate_sweep_point(const SweepSpec& spec, std::size_t index,
                                         const std::string& out_dir);

/// One training point, run, continued or read back: its run file is
/// OUT_DIR/point_INDEX.h5. With `reuse` (sweep --resume), a file of this very point (same
/// effective scenario) that is complete is read back without running and one with a
/// checkpoint is continued (`run --resume`); any other file, and every file without
/// `reuse`, is replaced by a fresh run.
struct TrainingPointResult {
  std::optional<std::vector<double>> row;  // outputs; absent when the point did not finish
  long iterations = 0;                     // iterations run by this call
  int stop_signal = 0;                     // SIGINT/SIGTERM stopped it
  bool resumed = false;                    // continued from the file's checkpoint
};
TrainingPointResult run_training_point(
    const SweepSpec& spec, std::size_t index, const std::string& out_dir, bool reuse,
    long max_iterations,
    const std::function<void(long iteration, double loss, double rel_l2)>& on_iteration);

/// Inputs (a "point" index column, then one column per key: numbers where every value is
/// a number, strings otherwise) and outputs of the points whose outputs are given.
Table sweep_inputs_table(const SweepSpec& spec, const std::vector<std::size_t>& points);
Table sweep_outputs_table(const std::vector<std::vector<double>>& rows);

}  // namespace tonnsim::runner

namespace tonnsim {
template <>
struct EnumNames<runner::SweepMode> {
  static constexpr const char* type = "sweep mode";
  static constexpr std::array<std::pair<runner::SweepMode, const char*>, 2> names{
      {{runner::SweepMode::kHardware, "hardware"}, {runner::SweepMode::kTraining, "training"}}};
};
}  // namespace tonnsim
