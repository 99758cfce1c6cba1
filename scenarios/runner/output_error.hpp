#pragma once
// A failure to write an output file (disk full, file-size limit, permissions, another run
// holding the file). The command line maps it to its own exit code, 3, so a batch script
// can tell "the disk is full" from "the run diverged" (docs/user-guide.md, exit codes).
#include "core/error.hpp"

namespace tonnsim::runner {

class OutputError : public RunError {
 public:
  explicit OutputError(const std::string& what) : RunError(what) {}
};

}  // namespace tonnsim::runner
