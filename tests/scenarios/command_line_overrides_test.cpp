#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "scenarios/input_error_text.hpp"
#include "scenarios/runner/command_line_overrides.hpp"

using namespace tonnsim::runner;
using Strings = std::vector<std::string>;

TEST_CASE("A positional argument is an override when it reads key.path=value") {
  CHECK(is_override_argument("pde.n_collocation=20"));
  CHECK(is_override_argument("network.layers.0.tt_rank=3"));
  CHECK(is_override_argument("a=[1,2]"));
  CHECK_FALSE(is_override_argument("scenarios/hjb20.yaml"));
  CHECK_FALSE(is_override_argument("./odd=name.yaml"));  // '/' is not in a key path
  CHECK_FALSE(is_override_argument("=3"));
  CHECK_FALSE(is_override_argument(".a=3"));
  const auto args = split_positional_arguments({"a=1", "s.yaml", "b.c=2"}, "run");
  CHECK(args.file == "s.yaml");
  CHECK(args.overrides == Strings{"a=1", "b.c=2"});
  CHECK(input_error_text([] { split_positional_arguments({"s.yaml", "t.yaml"}, "run"); }) ==
        "`tonnsim run` takes one file; 's.yaml' and 't.yaml' are both files (an override reads "
        "key.path=value)");
}

TEST_CASE("Sweep values split at commas outside brackets, braces, parentheses and quotes") {
  CHECK(split_sweep_values("8") == Strings{"8"});
  CHECK(split_sweep_values("4,8, 16") == Strings{"4", "8", "16"});
  CHECK(split_sweep_values("[1,2]") == Strings{"[1,2]"});
  CHECK(split_sweep_values("[1,3,7],[3,7,1]") == Strings{"[1,3,7]", "[3,7,1]"});
  CHECK(split_sweep_values("{a: 1, b: 2},{a: 3}") == Strings{"{a: 1, b: 2}", "{a: 3}"});
  CHECK(split_sweep_values("'x, y'") == Strings{"'x, y'"});
  // An expression's function call is one value: max(u_xx, 0) is not a multirun.
  CHECK(split_sweep_values("u_t - max(u_xx, 0)") == Strings{"u_t - max(u_xx, 0)"});
  CHECK(split_sweep_values("min(a, b),c") == Strings{"min(a, b)", "c"});
  CHECK(split_sweep_values("\"x, y\",z") == Strings{"\"x, y\"", "z"});
}

TEST_CASE("A multirun keeps single values as overrides and lists as sweep axes") {
  const auto m = split_multirun({"run.iterations=3", "chip.core_size=4,8", "network.tt_rank=1,2,4"});
  CHECK(m.plain == Strings{"run.iterations=3"});
  REQUIRE(m.axes.size() == 2);
  CHECK(m.axes[0].first == "chip.core_size");
  CHECK(m.axes[0].second == Strings{"4", "8"});
  CHECK(m.axes[1].second == Strings{"1", "2", "4"});
  CHECK(input_error_text([] { split_multirun({"a=1,,2"}); }).find("an empty value") !=
        std::string::npos);
  CHECK(input_error_text([] { split_multirun({"a=1,2", "a=3,4"}); }) ==
        "override a=3,4: a is already swept by an earlier override");
}
