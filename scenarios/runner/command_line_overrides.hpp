#pragma once
// Scenario overrides written on the command line beside the file, in the habit of Hydra:
//   tonnsim run S.yaml pde.n_collocation=20 run.iterations=3      (same as --set)
//   tonnsim run S.yaml chip.core_size=4,8,16 network.tt_rank=1,2  (a multirun: a sweep)
// A positional argument is an override when it reads KEY=VALUE with KEY a dotted key path
// (letters, digits, '_', '-', '.'); anything else is the scenario file (a file whose name
// has such a shape is given as ./NAME). In a positional override a comma outside [...],
// {...} and quotes separates sweep values: `a=[1,2]` is one list, `a=[1,2],[3,4]` two
// values, `a='x, y'` one string (quote for the shell too: "a=[1,2],[3,4]").
#include <string>
#include <utility>
#include <vector>

namespace tonnsim::runner {

/// Whether a command-line argument is a KEY=VALUE override (see the file comment).
bool is_override_argument(const std::string& argument);

/// The positional arguments of a subcommand, split into the one file and the overrides.
struct PositionalArguments {
  std::string file;                    // empty when none was given
  std::vector<std::string> overrides;  // KEY=VALUE, in order
};
/// InputError naming `command` when more than one argument is not an override.
PositionalArguments split_positional_arguments(const std::vector<std::string>& arguments,
                                               const std::string& command);

/// VALUE split at its top-level commas (outside brackets, braces and quotes), each piece
/// trimmed; one piece when there is no such comma.
std::vector<std::string> split_sweep_values(const std::string& value);

/// Overrides with a comma list become sweep axes; the others stay plain assignments.
struct MultirunOverrides {
  std::vector<std::string> plain;                                     // KEY=VALUE
  std::vector<std::pair<std::string, std::vector<std::string>>> axes;  // KEY, values
};
/// InputError for an empty value in a list ("a=1,,2") or a key swept twice.
MultirunOverrides split_multirun(const std::vector<std::string>& overrides);

}  // namespace tonnsim::runner
