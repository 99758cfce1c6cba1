// What a run file holds beyond the trace (docs/hdf5-layout.md): the expanded scenario,
// the RNG streams of the checkpoint, the map from parameter index to chip part, and a
// unit and description on every dataset.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <regex>
#include <string>
#include <vector>

#include "core/rng.hpp"
#include "scenarios/cli_helpers.hpp"
#include "scenarios/runner/checkpoint.hpp"
#include "scenarios/runner/config_document.hpp"
#include "scenarios/runner/hdf5_file.hpp"
#include "scenarios/runner/hdf5_table.hpp"
#include "scenarios/runner/scenario.hpp"
#include "scenarios/temp_path.hpp"
#include "scenarios/tiny_scenario.hpp"

using namespace tonnsim;
using namespace tonnsim::runner;

namespace {

Scenario bind_file(const std::string& path) { return bind_scenario(ConfigDocument::from_file(path)); }

Scenario bind_string(const std::string& text) {
  return bind_scenario(ConfigDocument::from_string(text, "expanded.yaml"));
}

/// Every dataset in the file, by path (H5Ovisit).
std::vector<std::string> datasets(const Hdf5File& f) {
  std::vector<std::string> out;
  H5Ovisit(
      f.id(), H5_INDEX_NAME, H5_ITER_INC,
      [](hid_t, const char* name, const H5O_info_t* info, void* data) -> herr_t {
        if (info->type == H5O_TYPE_DATASET)
          static_cast<std::vector<std::string>*>(data)->push_back(std::string("/") + name);
        return 0;
      },
      &out);
  return out;
}

}  // namespace

TEST_CASE("The expanded scenario of every shipped scenario binds to the same scenario and expands to itself") {
  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator("scenarios"))
    if (entry.path().extension() == ".yaml") files.push_back(entry.path().string());
  REQUIRE(files.size() >= 10);
  for (const auto& file : files) {
    CAPTURE(file);
    const Scenario s = bind_file(file);
    const Scenario again = bind_string(s.expanded);
    CHECK(again.expanded == s.expanded);    // a fixpoint: nothing lost, nothing added
    CHECK(again.choices() == s.choices());  // the same run
    CHECK(again.run.seed == s.run.seed);
    CHECK(again.run.trainer.iterations == s.run.trainer.iterations);
  }
}

TEST_CASE("The expanded scenario lists defaults and preset values that the file does not write") {
  const Scenario s = bind_string(kTiny);
  // A default (device.adc.bits), a preset's value (published non-idealities' phase-noise
  // std), a --set-able key the file leaves out (run.flush_every_rows).
  CHECK(s.expanded.find("  adc:\n    bits: 8\n") != std::string::npos);
  CHECK(s.expanded.find("phase_noise_std_rad: 0.01") != std::string::npos);
  CHECK(s.expanded.find("flush_every_rows: 100") != std::string::npos);
  // Keys of another mode are left out: tt_rank and omega0 of network.reference.
  CHECK(s.expanded.find("\n  tt_rank:") == std::string::npos);
}

TEST_CASE("A run file stores the expanded scenario that check --print-expanded prints") {
  ScenarioFile f(kTiny, "expanded_run.yaml");
  TempPath out("expanded_run.h5");
  const CliResult checked = cli({"check", f.path.str(), "--print-expanded", "--set", "pde.n_test=32"});
  REQUIRE(checked.code == 0);
  REQUIRE(cli({"run", f.path.str(), "--out", out.str(), "--progress", "off", "--set",
               "pde.n_test=32", "--max-iterations", "1"}).code == 0);
  const Hdf5File h = Hdf5File::open(out.str());
  const std::string stored = h.string_attribute("/scenario", "expanded");
  CHECK(stored.find("n_test: 32") != std::string::npos);
  // stdout is a comment line, then exactly the stored text.
  const auto first_newline = checked.out.find('\n');
  REQUIRE(checked.out.rfind("# ", 0) == 0);
  CHECK(checked.out.substr(first_newline + 1) == stored);
}

TEST_CASE("check --print-expanded refuses a multirun: one expanded scenario per check") {
  ScenarioFile f(kTiny, "expanded_multirun.yaml");
  const CliResult checked = cli({"check", f.path.str(), "--print-expanded", "pde.n_test=32,64"});
  CHECK(checked.code == 2);
  CHECK(checked.out.empty());
  CHECK(checked.err.find("--print-expanded") != std::string::npos);
  // The same multirun without the flag is checked point by point.
  CHECK(cli({"check", f.path.str(), "pde.n_test=32,64"}).code == 0);
}

TEST_CASE("The checkpoint's RNG states are the streams the next iteration draws, verified on resume") {
  ScenarioFile f(kTiny, "rng.yaml");
  TempPath out("rng.h5");
  const auto fresh = [&] {
    std::filesystem::remove(out.str());
    REQUIRE(cli({"run", f.path.str(), "--out", out.str(), "--progress", "off",
                 "--max-iterations", "4"}).code == 0);
  };
  fresh();
  const Scenario s = bind_string(kTiny);
  {
    const Hdf5File h = Hdf5File::open(out.str());
    const Checkpoint c = read_checkpoint(h);
    REQUIRE(c.iteration == 4);
    REQUIRE(c.rng_states.size() == 2);
    for (const auto& [name, state] : c.rng_states) {
      CAPTURE(name);
      // Restored from the file, the engine draws what iteration 4's stream draws.
      Rng restored = rng_from_state(state);
      Rng fresh_stream = name == "collocation_sampling"
                             ? make_rng(s.problem.loss.seed, Stream::kSampling, 4)
                             : make_rng(s.optimizer.zo.common.seed, Stream::kPerturbation, 4);
      CHECK((name == "collocation_sampling" || name == "zo_perturbation"));
      for (int k = 0; k < 5; ++k) CHECK(restored() == fresh_stream());
    }
  }
  SUBCASE("a resumed run continues from them") {
    const CliResult r = cli({"run", "--resume", out.str(), "--progress", "off"});
    INFO(r.err);
    CHECK(r.code == 0);
  }
  SUBCASE("a replaced state is caught by the checkpoint checksum") {
    {
      Hdf5File h = Hdf5File::open(out.str(), Hdf5Mode::kReadWrite);
      h.set_attribute("/checkpoint/rng", "zo_perturbation",
                      rng_state(make_rng(99, Stream::kPerturbation, 4)));
    }
    const CliResult r = cli({"run", "--resume", out.str(), "--progress", "off"});
    CHECK(r.code == 2);
    CHECK(r.err.find("checksum mismatch in the optimizer or RNG state") != std::string::npos);
  }
}

TEST_CASE("The parameter map covers every parameter index exactly once and matches the summary's counts") {
  ScenarioFile f(kTiny, "map.yaml");
  TempPath out("map.h5");
  const CliResult r = cli({"run", f.path.str(), "--out", out.str(), "--progress", "off",
                           "--max-iterations", "1"});
  REQUIRE(r.code == 0);
  const Hdf5File h = Hdf5File::open(out.str());
  const auto parameters = h.read_doubles("/final/parameters");
  const Table map = read_table(h, "/final/parameter_map");
  const auto& offset = map.ints("offset");
  const auto& size = map.ints("size");
  const auto& kind = map.strings("kind");
  const auto& mesh = map.strings("mesh");
  // Segments in order, each starting where the previous one ended: a partition of [0, P).
  std::int64_t next = 0, phases = 0;
  for (std::size_t i = 0; i < offset.size(); ++i) {
    CHECK(offset[i] == next);
    CHECK(size[i] >= 1);
    next += size[i];
    if (kind[i] == "phase") phases += size[i];
    CHECK((kind[i] == "phase") == (mesh[i] != "-"));
  }
  CHECK(next == static_cast<std::int64_t>(parameters.size()));
  // A k = 8 tile holds 2 k^2 + k = 136 phases: U 64, Sigma 8, V 64.
  for (std::size_t i = 0; i < mesh.size(); ++i)
    if (mesh[i] != "-") CHECK(size[i] == (mesh[i] == "Sigma" ? 8 : 64));
  CHECK(phases % 136 == 0);
  CHECK(phases > 0);
  // "N weights, trained as M chip phases": M is the file's parameter count, N the map's.
  std::smatch m;
  REQUIRE(std::regex_search(r.out, m, std::regex("(\\d+) weights, trained as (\\d+) chip phases")));
  CHECK(std::stoll(m[2]) == static_cast<std::int64_t>(parameters.size()));
  CHECK(std::stoll(m[2]) == h.int_attribute("/final/parameter_map", "parameters"));
  CHECK(std::stoll(m[1]) == h.int_attribute("/final/parameter_map", "weights"));
}

TEST_CASE("Every dataset of a run file carries a unit and a description") {
  ScenarioFile f(kTiny, "units.yaml");
  TempPath out("units.h5");
  // Stopped early, so the file holds a checkpoint, the ledger and the final results.
  REQUIRE(cli({"run", f.path.str(), "--out", out.str(), "--progress", "off",
               "--max-iterations", "3"}).code == 0);
  const Hdf5File h = Hdf5File::open(out.str());
  const auto all = datasets(h);
  // The trace columns, the ledger, the parameter map, the final and checkpoint vectors.
  CHECK(all.size() >= 30);
  for (const char* expected : {"/final/parameters", "/ledger/energy_j", "/checkpoint/parameters",
                               "/final/parameter_map/kind", "/trace/loss"})
    CHECK_MESSAGE(std::find(all.begin(), all.end(), expected) != all.end(), expected);
  for (const auto& path : all) {
    CAPTURE(path);
    CHECK(h.has_attribute(path, "unit"));
    CHECK(h.has_attribute(path, "description"));
    if (h.has_attribute(path, "description")) CHECK(!h.string_attribute(path, "description").empty());
  }
}
