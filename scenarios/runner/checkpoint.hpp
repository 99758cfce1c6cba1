#pragma once
// Checkpoints for `tonnsim run --resume`: everything a training loop needs to continue as
// if it had never stopped (parameters, optimizer moments, RNG engine states, the number
// of iterations done and of trace rows written), in the group /checkpoint.
//
// Replacing a checkpoint must never leave the file without a complete one, so a new one
// is written to /checkpoint_next, marked complete, flushed, and only then renamed over
// /checkpoint; a reader falls back to a complete /checkpoint_next if a crash hit between
// the removal and the rename.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/rng.hpp"
#include "core/types.hpp"
#include "scenarios/runner/hdf5_file.hpp"

namespace tonnsim::runner {

struct Checkpoint {
  std::int64_t iteration = 0;   // iterations completed
  std::int64_t trace_rows = 0;  // rows of /trace written up to this point
  Vec parameters;               // the flat parameter vector (phases or weights)
  /// Optimizer state by name, e.g. {"adam_m", m}, {"adam_v", v}, {"step", [t]}.
  std::vector<std::pair<std::string, Vec>> optimizer_state;
  /// RNG engine states by stream name, from rng_state().
  std::vector<std::pair<std::string, std::string>> rng_states;
  /// Checksum of the scenario the run continues (scenario_checksum()), stored with the
  /// checkpoint and compared on resume with the one of the file's /scenario.
  std::uint64_t scenario_checksum = 0;
};

/// Checksum (checksum.hpp) of a run's stored scenario: the text as read and the effective tree.
std::uint64_t scenario_checksum(const std::string& text, const std::string& effective);

void write_checkpoint(Hdf5File& file, const Checkpoint& checkpoint);
/// InputError naming the file when it holds no complete checkpoint, or when the stored
/// checksums of the parameters or the optimizer state (with the RNG states) do not match
/// the data: a damaged checkpoint is never resumed silently.
Checkpoint read_checkpoint(const Hdf5File& file);
bool has_checkpoint(const Hdf5File& file);

/// The full engine state as text (the standard's operator<< format), and back:
/// restoring makes the engine produce exactly the draws it would have produced.
std::string rng_state(const Rng& rng);
/// An engine state short enough for a message (the full text is 312 numbers): its first
/// 24 characters and the FNV-1a 64 of all of it, "'1234567 89012...' (FNV-1a 64 0x...)".
std::string rng_state_digest(const std::string& state);
Rng rng_from_state(const std::string& state);

}  // namespace tonnsim::runner
