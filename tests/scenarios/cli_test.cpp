#include <doctest/doctest.h>

#include <algorithm>
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
  CHECK(cli({"run", f.path.str(), "--threads", "0"}).err == "error: --threads = 0: must be in [1, 1024]\n");
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

TEST_CASE("Command-line errors are one 'error:' line with the closest spelling suggested") {
  const CliResult sub = cli({"rnu", "x.yaml"});
  CHECK(sub.code == 2);
  CHECK(sub.err == "error: unknown command 'rnu'; did you mean 'run'?\n");
  ScenarioFile f("device: {}\n");
  const CliResult flag = cli({"run", f.path.str(), "--max-iteration", "3"});
  CHECK(flag.code == 2);
  CHECK(flag.err == "error: unknown option '--max-iteration' for `tonnsim run`; did you mean "
                    "'--max-iterations'?\n");
  const CliResult eq = cli({"check", f.path.str(), "--sett=device.adc.bits=7"});
  CHECK(eq.err == "error: unknown option '--sett' for `tonnsim check`; did you mean '--set'?\n");
  // Anything else: the parser's message on one line, with where the usage is.
  const CliResult required = cli({"check"});
  CHECK(required.code == 2);
  CHECK(required.err.rfind("error: ", 0) == 0);
  CHECK(required.err.find("(see `tonnsim check --help`)\n") != std::string::npos);
  CHECK(std::count(required.err.begin(), required.err.end(), '\n') == 1);
  const CliResult none = cli({});
  CHECK(none.err == "error: a command is required: check, run, sweep, mesh (see `tonnsim --help`)\n");
}

TEST_CASE("Seeds, thread counts and iteration limits are parsed strictly") {
  ScenarioFile f("device: {}\n");
  CHECK(cli({"run", f.path.str(), "--seed", "-1"}).err ==
        "error: --seed = -1: must be a non-negative integer\n");
  CHECK(cli({"run", f.path.str(), "--seed", "18446744073709551616"}).err ==
        "error: --seed = 18446744073709551616: must be an integer in [0, 18446744073709551615]\n");
  CHECK(cli({"run", f.path.str(), "--seed", "12abc"}).err ==
        "error: --seed = 12abc: must be an integer\n");
  CHECK(cli({"run", f.path.str(), "--threads", "100000000000"}).err ==
        "error: --threads = 100000000000: must be an integer in [-2147483648, 2147483647]\n");
  CHECK(cli({"run", f.path.str(), "--max-iterations", "1.5"}).err ==
        "error: --max-iterations = 1.5: must be an integer\n");
  CHECK(cli({"run", f.path.str(), "--max-iterations", "-2"}).err ==
        "error: --max-iterations = -2: must be >= 1 (or 0: run to the end)\n");
}

TEST_CASE("An unknown option far from every known one lists each option once") {
  const CliResult r = cli({"run", "--bogus"});
  CHECK(r.err == "error: unknown option '--bogus' for `tonnsim run`; options: --help, -h, --out, --set, --force, "
                 "--seed, --threads, --resume, --profile, --max-iterations, --progress, "
                 "--log-every\n");
}

TEST_CASE("check refuses a directory given as the scenario") {
  const CliResult r = cli({"check", "tests"});
  CHECK(r.code == 2);
  CHECK(r.err == "error: tests: is a directory; expected a scenario file (SCENARIO.yaml)\n");
}
