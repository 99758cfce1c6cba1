#include <doctest/doctest.h>

#include "scenarios/input_error_text.hpp"
#include "scenarios/runner/checkpoint.hpp"
#include "scenarios/runner/run_metadata.hpp"
#include "scenarios/runner/version.hpp"
#include "scenarios/temp_path.hpp"

using namespace tonnsim;
using namespace tonnsim::runner;

TEST_CASE("A restored RNG continues with exactly the draws the original would have made") {
  Rng a = make_rng(7, Stream::kPerturbation, 3);
  for (int i = 0; i < 1000; ++i) a();
  Rng b = rng_from_state(rng_state(a));
  for (int i = 0; i < 100; ++i) REQUIRE(a() == b());
  CHECK_THROWS_AS(rng_from_state("not a state"), InputError);
}

TEST_CASE("A checkpoint round-trips and a newer one replaces the older") {
  TempPath tmp("checkpoint.h5");
  Rng rng = make_rng(1, Stream::kSampling);
  Checkpoint c;
  c.iteration = 500;
  c.trace_rows = 500;
  c.parameters = Vec::LinSpaced(7, -1.0, 1.0);
  c.optimizer_state = {{"adam_m", Vec::Constant(7, 0.25)}, {"adam_v", Vec::Constant(7, 1e-8)}};
  c.rng_states = {{"perturbation", rng_state(make_rng(1, Stream::kPerturbation))},
                  {"sampling", rng_state(rng)}};
  {
    Hdf5File f = Hdf5File::create(tmp.str());
    CHECK(!has_checkpoint(f));
    CHECK(input_error_text([&] { read_checkpoint(f); }) ==
          tmp.str() + ": no complete checkpoint to resume from (/checkpoint)");
    Checkpoint older = c;
    older.iteration = 100;
    write_checkpoint(f, older);
    write_checkpoint(f, c);
  }
  const Hdf5File f = Hdf5File::open(tmp.str());
  CHECK(f.list("/") == std::vector<std::string>{"checkpoint"});
  const Checkpoint back = read_checkpoint(f);
  CHECK(back.iteration == 500);
  CHECK(back.trace_rows == 500);
  CHECK(back.parameters == c.parameters);
  REQUIRE(back.optimizer_state.size() == 2);
  CHECK(back.optimizer_state[0].first == "adam_m");
  CHECK(back.optimizer_state[1].second == c.optimizer_state[1].second);
  REQUIRE(back.rng_states.size() == 2);
  Rng restored = rng_from_state(back.rng_states[1].second);
  CHECK(restored() == rng());
}

TEST_CASE("A crash between removing the old checkpoint and renaming the new one loses nothing") {
  TempPath tmp("half.h5");
  {
    Hdf5File f = Hdf5File::create(tmp.str());
    Checkpoint c;
    c.iteration = 42;
    c.parameters = Vec::Ones(3);
    write_checkpoint(f, c);
    f.move("/checkpoint", "/checkpoint_next");  // the state right before the rename
  }
  const Hdf5File f = Hdf5File::open(tmp.str());
  CHECK(has_checkpoint(f));
  CHECK(read_checkpoint(f).iteration == 42);
}

TEST_CASE("Run metadata records the scenario, overrides, version, seed, threads and choices") {
  TempPath tmp("meta.h5");
  RunMetadata m;
  m.scenario_file = "scenarios/hjb20-phase.yaml";
  m.scenario_text = "device:\n  adc: {bits: 8}\n";
  m.effective_scenario = "device:\n  adc: {bits: 6}\n";
  m.overrides = {"device.adc.bits=6", "run.iterations=10"};
  m.code_version = code_version();
  m.seed = 18446744073709551615ULL;
  m.threads = 2;
  m.choices = {{"chip.topology", "clements"}, {"estimator", "sparse_grid"}};
  {
    Hdf5File f = Hdf5File::create(tmp.str());
    write_run_metadata(f, m);
  }
  const RunMetadata back = read_run_metadata(Hdf5File::open(tmp.str()));
  CHECK(back.scenario_file == m.scenario_file);
  CHECK(back.scenario_text == m.scenario_text);
  CHECK(back.effective_scenario == m.effective_scenario);
  CHECK(back.overrides == m.overrides);
  CHECK(back.code_version == m.code_version);
  CHECK(back.seed == m.seed);
  CHECK(back.threads == 2);
  CHECK(back.choices == m.choices);  // sorted by key, as written here
}
