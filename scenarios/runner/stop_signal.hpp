#pragma once
// SIGINT (Ctrl-C) and SIGTERM (batch schedulers, `kill`) during `tonnsim run`: the first
// one asks the training loop to stop at the next iteration boundary, where it writes a
// checkpoint and the command prints the resume command and exits with 128 + the signal
// number (130 for SIGINT, 143 for SIGTERM; docs/user-guide.md). The handlers are reset to
// the default by the first signal, so a second Ctrl-C ends the process at once (the file
// then holds the previous checkpoint, resumable as after kill -9).
namespace tonnsim::runner {

/// Installs the handlers for its lifetime and restores the previous ones after.
class StopSignal {
 public:
  StopSignal();
  ~StopSignal();
  StopSignal(const StopSignal&) = delete;
  StopSignal& operator=(const StopSignal&) = delete;
  /// The signal that asked to stop, 0 if none.
  int received() const;
};

}  // namespace tonnsim::runner
