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
// A point is the base scenario with `set` and then its own values applied as --set
// overrides, so every value is checked by the scenario binders, and a bad one is reported
// as "BASE (from --set key=value): key = value: rule". All points are bound before any
// runs. Under `mpirun -np K` the points are dealt round-robin to the ranks and rank 0
// writes the file (the same table as a single process writes).
#include <iosfwd>
#include <string>
#include <vector>

#include "scenarios/runner/commands.hpp"
#include "scenarios/runner/hdf5_table.hpp"

namespace tonnsim::runner {

enum class SweepMode { kHardware, kTraining };

struct SweepPoint {
  std::vector<std::pair<std::string, std::string>> values;  // key path, YAML scalar text
  std::vector<std::string> assignments() const;              // "key=value"
};

struct SweepSpec {
  std::string file;         // the sweep file as given
  std::string text;         // its text
  std::string description;
  std::string base;         // base scenario path, resolved against the sweep file's folder
  SweepMode mode = SweepMode::kHardware;
  std::vector<std::string> sets;  // `set:` then the command line's --set, in order
  std::vector<std::string> keys;  // swept key paths, in column order
  std::vector<SweepPoint> points;
};

/// Reads and checks a sweep file (and every point's scenario). Throws InputError.
SweepSpec load_sweep(const std::string& path, const std::vector<std::string>& extra_sets = {});

/// Output columns of a sweep, in order (docs/hdf5-layout.md).
const std::vector<std::string>& sweep_output_columns();

/// Outputs of one point, in sweep_output_columns() order. `out_dir` receives the per-point
/// run file in training mode.
std::vector<double> evaluate_sweep_point(const SweepSpec& spec, std::size_t index,
                                         const std::string& out_dir);

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
