#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "scenarios/cli_helpers.hpp"
#include "scenarios/runner/hdf5_file.hpp"
#include "scenarios/runner/run_metadata.hpp"
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
                 "--multirun, -m, --resume, --profile, --seed, --threads, --max-iterations, "
                 "--progress, --log-every\n");
}

TEST_CASE("check refuses a directory given as the scenario") {
  const CliResult r = cli({"check", "tests"});
  CHECK(r.code == 2);
  CHECK(r.err == "error: tests: is a directory; expected a scenario file (SCENARIO.yaml)\n");
}

TEST_CASE("Positional key=value overrides act as --set; their errors name the override") {
  const std::string base = "tests/scenarios/data/tiny_run.yaml";
  CHECK(cli({"check", base, "pde.n_collocation=20", "run.iterations=3"}).code == 0);
  const CliResult bad = cli({"check", base, "pde.n_collocation=-1"});
  CHECK(bad.code == 2);
  CHECK(bad.err == "error: " + base +
                       " (from override pde.n_collocation=-1): pde.n_collocation = -1: must be >= 1\n");
  // A rule of a whole struct (the network's layers) that an override broke names the
  // override and the layer's key path.
  CHECK(cli({"check", base, "network.layers.0.tt_rank=0"}).err ==
        "error: " + base +
            " (from override network.layers.0.tt_rank=0): network.layers[0].tt_rank = 0: must be >= 1\n");
  CHECK(cli({"check", base, "--set", "network.layers.0.tt_rank=0"}).err ==
        "error: " + base +
            " (from --set network.layers.0.tt_rank=0): network.layers[0].tt_rank = 0: must be >= 1\n");
  CHECK(cli({"check", base, "other.yaml"}).code == 2);

  // A run records positional overrides with the --set ones and runs with them.
  TempPath out("positional.h5");
  REQUIRE(cli({"run", base, "run.iterations=2", "--set", "pde.n_collocation=3", "--out", out.str(),
               "--progress", "off"})
              .code == 0);
  const auto f = tonnsim::runner::Hdf5File::open(out.str());
  CHECK(f.int_attribute("/final", "iterations") == 2);
  CHECK(tonnsim::runner::read_run_metadata(f).overrides ==
        std::vector<std::string>{"pde.n_collocation=3", "run.iterations=2"});
}

TEST_CASE("check validates every point of a sweep file and reports the point count") {
  const std::string sweep = "tests/scenarios/data/tiny_sweep.yaml";
  const CliResult ok = cli({"check", sweep});
  CHECK(ok.code == 0);
  CHECK(ok.out == sweep + ": ok, a hardware sweep of 4 points over tests/scenarios/data/tiny_run.yaml "
                          "(every point checked: device, pde, estimator, network, chip, optimizer, run)\n");
  // A value that only one point's combination breaks is found, naming the sweep file,
  // the point and the key.
  const std::string base = std::filesystem::absolute("tests/scenarios/data/tiny_run.yaml").string();
  ScenarioFile bad("base: " + base + "\ngrid:\n  run.seed: [1, 2]\n  chip.core_size: [8, 1]\n",
                   "check_bad_sweep.yaml");
  const CliResult b = cli({"check", bad.path.str()});
  CHECK(b.code == 2);
  CHECK(b.err == "error: " + base + " (from " + bad.path.str() +
                     " point 1 chip.core_size=1): chip.core_size = 1: must be >= 2 (a mesh needs "
                     "two modes)\n");
  // A --set of a swept key would be replaced at every point: refused.
  const CliResult swept = cli({"check", sweep, "--set", "chip.core_size=8"});
  CHECK(swept.code == 2);
  CHECK(swept.err == "error: --set chip.core_size=8: chip.core_size is swept by " + sweep +
                         " (4 points); a fixed value would be replaced at every point: drop one "
                         "of the two\n");
  // A multirun on the command line is checked the same way.
  const CliResult multirun = cli({"check", "tests/scenarios/data/tiny_run.yaml", "chip.core_size=4,8,1"});
  CHECK(multirun.code == 2);
  CHECK(multirun.err.find("(from multirun point 2 chip.core_size=1)") != std::string::npos);
  CHECK(cli({"check", "tests/scenarios/data/tiny_run.yaml", "chip.core_size=4,8"}).out.find(
            "ok, a multirun of 2 points") != std::string::npos);
}

TEST_CASE("check notes a coordinate-wise ZO difference narrower than the chip's phase DAC step") {
  // 8-bit phase-domain quantisation (the published preset): codes 2 pi / 256 = 0.0245 rad apart.
  const std::string base = "pde: {kind: poisson_sines, space_dim: 2}\n"
                           "network:\n  layers:\n    - {type: tt, in_modes: [1, 2], out_modes: "
                           "[4, 4], tt_rank: 2, activation: sine}\n    - {type: dense, out_dim: 1, "
                           "activation: identity}\n"
                           "chip: {model: photonic, non_idealities: {preset: published}}\n";
  ScenarioFile small(base + "optimizer: {kind: zo, zo: {kind: cge, coordinate: {mu: 0.01}}}\n");
  const CliResult r = cli({"check", small.path.str()});
  CHECK(r.code == 0);  // a note, not an error
  // central: theta +- 0.01 spans 0.02 rad; 1 - 0.02 / 0.0245 = 18.5 % of the differences are 0
  CHECK(r.err == "note: " + small.path.str() +
                     ": optimizer.zo.coordinate.mu = 0.01 rad: a central difference spans 0.02 "
                     "rad, less than the chip's phase DAC step 2 pi / 2^8 = 0.02454 rad "
                     "(chip.non_idealities.quantization_bits), so 19 % of the differences round "
                     "both sides to one heater code and measure 0, the rest one code step; mu >= "
                     "0.012272 rad spans a code\n");
  // The advised step clears it; so do more DAC bits and no quantisation.
  for (const char* set : {"optimizer.zo.coordinate.mu=0.012272",
                          "chip.non_idealities.quantization_bits=10",
                          "chip.non_idealities.quantization=false", "chip.model=digital"})
    CHECK_MESSAGE(cli({"check", small.path.str(), "--set", set}).err.empty(), set);
  // A forward difference spans mu itself: 0.02 rad leaves 18.5 % zeros, 0.025 none.
  const CliResult f = cli({"check", small.path.str(), "--set", "optimizer.zo.coordinate.scheme=forward",
                           "--set", "optimizer.zo.coordinate.mu=0.02"});
  CHECK(f.err.find("a forward difference spans 0.02 rad") != std::string::npos);
  CHECK(f.err.find("mu >= 0.024544 rad") != std::string::npos);
  // Random directions move every phase at once (never a zero difference): not noted. Hybrid
  // is noted only when its coordinate-wise part runs within run.iterations.
  ScenarioFile rge(base + "optimizer: {kind: zo, zo: {kind: rge, random_direction: {mu: 0.005}}}\n"
                          "run: {iterations: 10}\n");
  CHECK(cli({"check", rge.path.str()}).err.empty());
  CHECK(cli({"check", rge.path.str(), "--set", "optimizer.zo.kind=hybrid"}).err.empty());
  CHECK(cli({"check", rge.path.str(), "--set", "optimizer.zo.kind=hybrid", "--set",
             "optimizer.zo.hybrid_switch_iteration=5"})
            .err.find("optimizer.zo.coordinate.mu = 0.01 rad") != std::string::npos);
}
