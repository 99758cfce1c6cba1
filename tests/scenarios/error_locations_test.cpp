// Every scenario error names the full key path and the line:column of the value that broke
// the rule, or the --set override that wrote it: also when the rule is checked by an
// options struct's validate() after binding (a nested struct such as pde.black_scholes, a
// layer of network.layers, or the layers a reference network builds from its keys).
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "scenarios/input_error_text.hpp"
#include "scenarios/runner/config_document.hpp"
#include "scenarios/runner/scenario.hpp"

using namespace tonnsim;
using namespace tonnsim::runner;

namespace {

// Line numbers below refer to this text (1-based); columns are those of the values.
const char* kScenario =
    "pde:\n"                                               // 1
    "  kind: black_scholes\n"                              // 2
    "  n_test: 64\n"                                       // 3
    "  black_scholes:\n"                                   // 4
    "    strike: 100\n"                                    // 5
    "    max_price: 200\n"                                 // 6
    "network:\n"                                           // 7
    "  layers:\n"                                          // 8
    "    - {type: dense, out_dim: 8, activation: sine, omega0: 30}\n"   // 9
    "    - {type: tt, in_modes: [2, 4], out_modes: [2, 2], tt_rank: 2, activation: sine, "
    "omega0: 30}\n"                                        // 10
    "    - {type: dense, out_dim: 1}\n"                    // 11
    "device:\n"                                            // 12
    "  adc:\n"                                             // 13
    "    bits: 8\n"                                        // 14
    "run: {iterations: 8, eval_every: 2}\n";               // 15

std::string error_of(const std::string& text, const std::vector<std::string>& sets = {}) {
  auto doc = ConfigDocument::from_string(text, "s.yaml");
  doc.set_all(sets);
  return input_error_text([&] { bind_scenario(doc); });
}

// kScenario with `from` replaced by `to` (once).
std::string edited(const std::string& from, const std::string& to) {
  std::string t = kScenario;
  const auto at = t.find(from);
  REQUIRE(at != std::string::npos);
  return t.replace(at, from.size(), to);
}

}  // namespace

TEST_CASE("The test scenario itself binds") {
  auto doc = ConfigDocument::from_string(kScenario, "s.yaml");
  CHECK_NOTHROW(bind_scenario(doc));
}

TEST_CASE("A rule of a nested options struct is located at its value in the file") {
  // BlackScholesOptions::validate() is reached through PdeOptions::validate() and names
  // its field "max_price": the message gives the full path and the value's position.
  CHECK(error_of(edited("max_price: 200", "max_price: 50")) ==
        "s.yaml:6:16: pde.black_scholes.max_price = 50: must exceed the strike");
  CHECK(error_of(edited("bits: 8", "bits: 0")) ==
        "s.yaml:14:11: device.adc.bits = 0: must be in [1, 32]");
  CHECK(error_of(edited("iterations: 8", "iterations: 0")) ==
        "s.yaml:15:19: run.iterations = 0: must be >= 1");
}

TEST_CASE("A rule of one layer of network.layers names that layer and its value") {
  // Both sine layers have an omega0; the one written with the bad value is named.
  CHECK(error_of(edited("tt_rank: 2, activation: sine, omega0: 30",
                        "tt_rank: 2, activation: sine, omega0: -1")) ==
        "s.yaml:10:93: network.layers[1].omega0 = -1: must be finite and > 0");
  CHECK(error_of(edited("out_dim: 8, activation: sine, omega0: 30",
                        "out_dim: 8, activation: sine, omega0: -1")) ==
        "s.yaml:9:59: network.layers[0].omega0 = -1: must be finite and > 0");
  CHECK(error_of(edited("tt_rank: 2", "tt_rank: 0")) ==
        "s.yaml:10:64: network.layers[1].tt_rank = 0: must be >= 1");
  // An element of a list value: the element's own column.
  CHECK(error_of(edited("in_modes: [2, 4]", "in_modes: [2, 0]")) ==
        "s.yaml:10:32: network.layers[1].in_modes[1] = 0: must be >= 1");
}

TEST_CASE("A reference network's keys are checked on the layers they build, at the key") {
  const std::string hjb = "pde: {kind: hjb20}\nnetwork:\n  reference: hjb20\n  omega0: -3\n";
  CHECK(error_of(hjb) == "s.yaml:4:11: network.omega0 = -3: must be finite and > 0");
  CHECK(error_of(hjb, {"network.omega0=-5"}) ==
        "s.yaml (from --set network.omega0=-5): network.omega0 = -5: must be finite and > 0");
}

TEST_CASE("A value set by --set is blamed on the override, also for rules checked after binding") {
  CHECK(error_of(kScenario, {"pde.black_scholes.max_price=20"}) ==
        "s.yaml (from --set pde.black_scholes.max_price=20): pde.black_scholes.max_price = 20: "
        "must exceed the strike");
  CHECK(error_of(kScenario, {"network.layers.1.omega0=0"}) ==
        "s.yaml (from --set network.layers.1.omega0=0): network.layers[1].omega0 = 0: must be "
        "finite and > 0");
  CHECK(error_of(kScenario, {"device.adc.bits=0"}) ==
        "s.yaml (from --set device.adc.bits=0): device.adc.bits = 0: must be in [1, 32]");
  CHECK(error_of(kScenario, {"run.iterations=0"}) ==
        "s.yaml (from --set run.iterations=0): run.iterations = 0: must be >= 1");
  // An override elsewhere does not move the blame of a value written in the file.
  CHECK(error_of(edited("max_price: 200", "max_price: 50"), {"pde.n_test=32"}) ==
        "s.yaml:6:16: pde.black_scholes.max_price = 50: must exceed the strike");
}

TEST_CASE("A value left at its default that breaks a rule is located at the map that would hold it") {
  // strike 300 above the default max_price 200: max_price is not written, so the message
  // points at `black_scholes:` and names the full path and the default value.
  CHECK(error_of(edited("    strike: 100\n    max_price: 200\n", "    strike: 300\n")) ==
        "s.yaml:4:3: pde.black_scholes.max_price = 200: must exceed the strike");
}
