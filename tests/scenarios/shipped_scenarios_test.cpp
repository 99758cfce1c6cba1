#include <doctest/doctest.h>

#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "scenarios/runner/cli.hpp"
#include "scenarios/runner/hdf5_file.hpp"
#include "scenarios/temp_path.hpp"

using namespace tonnsim::runner;

namespace {
int cli(std::vector<std::string> args, std::string& err) {
  args.insert(args.begin(), "tonnsim");
  std::vector<const char*> argv;
  for (const auto& a : args) argv.push_back(a.c_str());
  std::ostringstream out, e;
  const int code = run_cli(static_cast<int>(argv.size()), argv.data(), out, e);
  err = e.str();
  return code;
}

std::vector<std::string> files_in(const std::string& folder) {
  std::vector<std::string> out;
  for (const auto& entry : std::filesystem::directory_iterator(folder))
    if (entry.path().extension() == ".yaml") out.push_back(entry.path().string());
  std::sort(out.begin(), out.end());
  return out;
}
}  // namespace

// "Each runs as shipped": every scenario in scenarios/ checks and runs its first
// iteration unchanged except for a small test set (the full runs take minutes to hours).
TEST_CASE("Every shipped scenario checks and runs its first iteration") {
  const auto files = files_in("scenarios");
  REQUIRE(files.size() >= 9);
  for (const auto& file : files) {
    CAPTURE(file);
    std::string err;
    CHECK(cli({"check", file}, err) == 0);
    TempPath out("shipped.h5");
    const int code = cli({"run", file, "--out", out.str(), "--progress", "off",
                          "--max-iterations", "1", "--set", "pde.n_test=16"},
                         err);
    INFO(err);
    REQUIRE(code == 0);
    CHECK(Hdf5File::open(out.str()).shape("/trace/loss") == std::vector<std::int64_t>{1});
  }
}

TEST_CASE("Every shipped sweep runs (training sweeps shortened to one iteration per point)") {
  for (const auto& file : files_in("scenarios/sweeps")) {
    CAPTURE(file);
    TempPath out("shipped_sweep.h5");
    std::string err;
    const int code = cli({"sweep", file, "--out", out.str(), "--set", "run.iterations=1",
                          "--set", "pde.n_test=16"},
                         err);
    INFO(err);
    CHECK(code == 0);
    std::filesystem::remove_all(std::filesystem::path(out.str()).parent_path() /
                                (std::filesystem::path(out.str()).stem().string() + "_points"));
  }
}
