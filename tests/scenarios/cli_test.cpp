#include <doctest/doctest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "scenarios/cli_helpers.hpp"
#include "scenarios/temp_path.hpp"

using namespace tonnsim::runner;

namespace {


}  // namespace

TEST_CASE("check accepts a good scenario and lists the sections it checked") {
  ScenarioFile f("device:\n  adc: {bits: 6}\npde: {kind: hjb20}\n");
  const CliResult r = cli({"check", f.path.str()});
  CHECK(r.code == 0);
  CHECK(r.out == f.path.str() +
                     ": ok (checked: device, pde, estimator, network, chip, optimizer, run)\n");
  CHECK(r.err.empty());
  // --set may come before the positional file.
  CHECK(cli({"check", "--set", "device.adc.bits=7", f.path.str()}).code == 0);
}

TEST_CASE("check exits 2 with one located error line per problem") {
  ScenarioFile f("device:\n  phase_shifter:\n    p_pi_w: -1\n");
  const CliResult r = cli({"check", f.path.str()});
  CHECK(r.code == 2);
  CHECK(r.err == "error: " + f.path.str() + ":3:13: device.phase_shifter.p_pi_w = -1: must be > 0 W\n");

  ScenarioFile typos("device:\n  mzi: {lenght_um: 3}\n  lazer: {}\n");
  const CliResult t = cli({"check", typos.path.str()});
  CHECK(t.code == 2);
  CHECK(t.err == "error: " + typos.path.str() + ":3:3: device.lazer: unknown key; did you mean 'laser'?\n" +
                     "error: " + typos.path.str() + ":2:9: device.mzi.lenght_um: unknown key; did you mean 'length_um'?\n");

  ScenarioFile ok("device: {}\n");
  const CliResult s = cli({"check", ok.path.str(), "--set", "device.adc.bits=64"});
  CHECK(s.code == 2);
  CHECK(s.err == "error: " + ok.path.str() +
                     " (from --set device.adc.bits=64): device.adc.bits = 64: must be in [1, 32]\n");

  const CliResult missing = cli({"check", "/nonexistent/s.yaml"});
  CHECK(missing.code == 2);
  CHECK(missing.err == "error: /nonexistent/s.yaml: cannot read: No such file or directory\n");
}

TEST_CASE("A malformed command line exits 2; --help and --version exit 0") {
  CHECK(cli({}).code == 2);
  CHECK(cli({"frobnicate"}).code == 2);
  CHECK(cli({"check"}).code == 2);  // SCENARIO.yaml is required
  CHECK(cli({"run", "--threads", "two"}).code == 2);
  const CliResult help = cli({"--help"});
  CHECK(help.code == 0);
  CHECK(help.out.find("check") != std::string::npos);
  CHECK(help.out.find("sweep") != std::string::npos);
  const CliResult version = cli({"--version"});
  CHECK(version.code == 0);
  CHECK(version.out.find("(git ") != std::string::npos);
}

TEST_CASE("run checks its command line and input before running (exit 2)") {
  ScenarioFile f("device: {}\n");
  CHECK(cli({"run", f.path.str(), "--set", "device.mzi.width_um=0"}).code == 2);
  CHECK(cli({"run"}).err == "error: run = (nothing): needs SCENARIO.yaml or --resume FILE.h5\n");
  CHECK(cli({"run", f.path.str(), "--threads", "0"}).err == "error: --threads = 0: must be >= 1\n");
  CHECK(cli({"run", f.path.str(), "--progress", "fancy"}).err ==
        "error: --progress = fancy: unknown progress mode; allowed: auto, bar, lines, off\n");
  // A scenario without a network cannot run.
  CHECK(cli({"run", f.path.str(), "--out", "/tmp/never.h5"}).err ==
        "error: scenario has no network: add `network: {reference: hjb20}` or a "
        "`network.layers` list\n");
}

TEST_CASE("Bad mesh options exit 2 with the allowed values") {
  const CliResult m = cli({"mesh", "--topology", "hex", "--n", "4"});
  CHECK(m.code == 2);
  CHECK(m.err == "error: --topology = hex: unknown mesh topology; allowed: clements, reck\n");
  CHECK(cli({"mesh", "--topology", "clement", "--n", "4"}).err ==
        "error: --topology = clement: unknown mesh topology; allowed: clements, reck; "
        "did you mean 'clements'?\n");
  CHECK(cli({"mesh", "--n", "1"}).err == "error: --n = 1: must be >= 2\n");
}
