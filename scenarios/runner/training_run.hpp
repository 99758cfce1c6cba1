#pragma once
// `tonnsim run`: one scenario end to end, or the continuation of an interrupted one.
//   build the experiment -> write /scenario, /meta, /hardware -> train, appending /trace
//   rows and replacing /checkpoint every run.checkpoint_every iterations -> write /final
//   and /ledger -> print the summary.
// Resuming rebuilds the experiment from the scenario stored in the file (same seeds, so
// the same initialisation, chip instance and test set), restores parameters, optimiser,
// counters and the chip's last programmed state from /checkpoint, cuts /trace back to the
// checkpoint and continues: the final result equals that of an uninterrupted run.
// Under `mpirun -np K` (RunEmbedding::ranks) every rank builds the same experiment and runs
// the same training loop; each loss and test evaluation splits its points over the ranks
// (pinn/point_split.hpp), so the trace is bit-identical for every K. Rank 0 alone claims,
// writes and checkpoints the output; on --resume every rank reads the checkpoint.
#include <functional>
#include <iosfwd>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "scenarios/runner/commands.hpp"
#include "scenarios/runner/config_document.hpp"
#include "scenarios/runner/hdf5_trace.hpp"
#include "scenarios/runner/mpi_session.hpp"
#include "solvers/energy_ledger.hpp"
#include "solvers/trainer.hpp"
#include "tonn/hardware_report.hpp"

namespace tonnsim::runner {

struct RunSummary {
  std::string out_path;
  solvers::IterationRecord last;  // the final record (rel_l2 evaluated)
  long first_iteration = 0;       // > 0 when resumed
  tonn::HardwareComparison hardware;
  std::optional<solvers::LedgerBreakdown> ledger;  // photonic model only
  double initial_rel_l2 = std::numeric_limits<double>::quiet_NaN();  // before training
  double programming_error = std::numeric_limits<double>::quiet_NaN();  // experiment.hpp
  pinn::TrivialBaselines baselines;  // trivial predictors on the same test set
  /// min over baselines of ||b - u|| / ||u_pred - u|| for the final prediction
  double improvement = std::numeric_limits<double>::quiet_NaN();
  /// SIGINT or SIGTERM when a signal stopped the run (stop_signal.hpp), else 0.
  int stop_signal = 0;
};

/// What a program that embeds runs (the Python module) adds to the command's options.
struct RunEmbedding {
  // The scenario, parsed by the caller, instead of reading options.scenario (which then
  // only names it: the recorded /scenario/file and the default output path). options.sets
  // are applied to it as to a file, and recorded as overrides.
  std::optional<ConfigDocument> document;
  // With options.out empty: the run file lives in memory only (Hdf5File::create_in_memory).
  bool in_memory = false;
  // Called with each trace row as appended (columns layout::training_trace_columns());
  // true ends the run after that iteration (solvers::TrainerHooks::stop_requested).
  std::function<bool(const std::vector<TraceValue>& row)> on_row;
  // The MPI ranks this run spans (`tonnsim run` under mpirun, commands.cpp); null: one
  // process. Ranks other than 0 write nothing and print nothing.
  const MpiSession* ranks = nullptr;
  // Called once on every path that continues past reading the scenario and building the
  // experiment, before the run's first collective call: commands.cpp gathers there the
  // errors every rank met while reading (mpi_session.hpp all_errors), so that a rank that
  // failed earlier meets the others at the same collective.
  std::function<void()> setup_done;
};

/// Runs or resumes per `options`; prints the summary on `out`, progress on stderr.
RunSummary run_scenario(const RunOptions& options, std::ostream& out, std::ostream& err);
/// The same for an embedding program.
RunSummary run_scenario(const RunOptions& options, RunEmbedding embedding, std::ostream& out,
                        std::ostream& err);

}  // namespace tonnsim::runner
