#pragma once
// The `tonnsim` command line: parses arguments with CLI11, calls the subcommand, and maps
// failures to exit codes: 0 ok, 2 bad input (InputError, or a malformed command line),
// 1 run failure (RunError or anything unexpected), 3 an output file that cannot be
// written (OutputError: disk full, size limit, permissions, another run holds it),
// 130 / 143 a run stopped by SIGINT / SIGTERM after writing its checkpoint. Messages go to `err`, one
// "error: " line per problem.
#include <iosfwd>

namespace tonnsim::runner {

namespace exit_code {
constexpr int kOk = 0;
constexpr int kRunFailure = 1;
constexpr int kBadInput = 2;
constexpr int kOutputFailure = 3;
}  // namespace exit_code

int run_cli(int argc, const char* const* argv, std::ostream& out, std::ostream& err);

}  // namespace tonnsim::runner
