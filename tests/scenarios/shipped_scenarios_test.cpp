#include <doctest/doctest.h>

#include <filesystem>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "scenarios/cli_helpers.hpp"
#include "scenarios/runner/hdf5_file.hpp"
#include "scenarios/temp_path.hpp"

using namespace tonnsim::runner;

namespace {

std::vector<std::string> files_in(const std::string& folder) {
  std::vector<std::string> out;
  for (const auto& entry : std::filesystem::directory_iterator(folder))
    if (entry.path().extension() == ".yaml") out.push_back(entry.path().string());
  std::sort(out.begin(), out.end());
  return out;
}
}  // namespace

namespace {
// The dense 21 -> 512 -> 512 -> 1 baselines take minutes for one iteration at full width
// (21 or 57 loss evaluations of 92,500 inferences through ~273k multiply-adds each, and
// 4,352 tensor cores to program for FLOPS): they run here at width 16 on 10 collocation
// points, with every other choice as shipped.
std::vector<std::string> size_overrides(const std::string& file) {
  const std::string name = std::filesystem::path(file).stem().string();
  if (name == "hjb20-dense-weight" || name == "hjb20-flops")
    return {"--set", "network.layers.0.out_dim=16", "--set", "network.layers.1.out_dim=16",
            "--set", "pde.n_collocation=10"};
  return {};
}

// "Each runs as shipped": checks and runs the first iteration unchanged except for a
// small test set (the full runs take minutes to hours) and size_overrides().
void check_and_run_first_iteration(const std::string& file) {
  CAPTURE(file);
  CHECK(cli({"check", file}).code == 0);
  TempPath out("shipped.h5");
  std::vector<std::string> args = {"run", file, "--out", out.str(), "--progress", "off",
                                   "--max-iterations", "1", "--set", "pde.n_test=16"};
  for (std::string& a : size_overrides(file)) args.push_back(std::move(a));
  const CliResult r = cli(args);
  INFO(r.err);
  REQUIRE(r.code == 0);
  CHECK(Hdf5File::open(out.str()).shape("/trace/loss") == std::vector<std::int64_t>{1});
}
}  // namespace

TEST_CASE("Every shipped scenario checks and runs its first iteration") {
  const auto files = files_in("scenarios");
  REQUIRE(files.size() >= 9);
  for (const auto& file : files) check_and_run_first_iteration(file);
}

// The compiled PDEs written in YAML (hjb_lq with its Taylor ansatz among them; their
// equality is tested in expression_pde_twins_test.cpp); Burgers' has no exact solution, so
// its metrics are NaN.
TEST_CASE("Every YAML twin under scenarios/pdes checks and runs its first iteration") {
  const auto files = files_in("scenarios/pdes");
  REQUIRE(files.size() == 6);
  for (const auto& file : files) check_and_run_first_iteration(file);
}

TEST_CASE("Every shipped sweep runs (training sweeps shortened to one iteration per point)") {
  for (const auto& file : files_in("scenarios/sweeps")) {
    CAPTURE(file);
    TempPath out("shipped_sweep.h5");
    const CliResult r = cli({"sweep", file, "--out", out.str(), "--set", "run.iterations=1",
                             "--set", "pde.n_test=16"});
    INFO(r.err);
    CHECK(r.code == 0);
    std::filesystem::remove_all(std::filesystem::path(out.str()).parent_path() /
                                (std::filesystem::path(out.str()).stem().string() + "_points"));
  }
}
