#include <doctest/doctest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "scenarios/input_error_text.hpp"
#include "scenarios/cli_helpers.hpp"
#include "scenarios/runner/hdf5_file.hpp"
#include "scenarios/runner/hdf5_table.hpp"
#include "scenarios/runner/run_layout.hpp"
#include "scenarios/runner/sweep.hpp"
#include "scenarios/temp_path.hpp"

using namespace tonnsim;
using namespace tonnsim::runner;

namespace {
constexpr const char* kSweep = "tests/scenarios/data/tiny_sweep.yaml";


}  // namespace

TEST_CASE("A grid sweep is the Cartesian product of its lists, last key fastest") {
  const SweepSpec s = load_sweep(kSweep);
  CHECK(s.base == "tests/scenarios/data/tiny_run.yaml");
  REQUIRE(s.points.size() == 4);
  CHECK(s.points[1].assignments() ==
        std::vector<std::string>{"chip.core_size=4", "chip.non_idealities.phase_noise_std_rad=0.05"});
  CHECK(s.points[2].assignments().front() == "chip.core_size=8");
}

TEST_CASE("A hardware sweep writes one row per point with the documented columns") {
  TempPath out("sweep.h5");
  REQUIRE(cli({"sweep", kSweep, "--out", out.str()}).code == 0);
  const Hdf5File f = Hdf5File::open(out.str());
  const Table in = read_table(f, layout::kSweepInputs);
  const Table o = read_table(f, layout::kSweepOutputs);
  REQUIRE(in.rows() == 4);
  REQUIRE(o.rows() == 4);
  CHECK(in.doubles("chip.core_size") == std::vector<double>{4, 4, 8, 8});
  // Physics of the columns: 4x4 tiles need more cores but fewer MZIs per core; the
  // tensor-core count does not depend on noise; a noiseless chip reproduces the digital
  // network (ideal up to quantisation and static errors), a noisy one less well.
  const auto& cores = o.doubles("tensor_cores");
  CHECK(cores[0] == cores[1]);
  CHECK(cores[0] > cores[2]);
  const auto& err = o.doubles("programming_error");
  CHECK(err[1] > err[0]);
  CHECK(err[3] > err[2]);
  for (double e : o.doubles("energy_j")) CHECK(e > 0);
  for (double r : o.doubles("rel_l2")) CHECK(std::isnan(r));  // no training in hardware mode
  CHECK(f.string_attribute("/scenario", "sweep_text").find("mode: hardware") != std::string::npos);
}

TEST_CASE("A training sweep runs every point and records its final error") {
  // The base path is relative to the sweep file, which lives in the temp folder: use an
  // absolute base instead.
  const std::string base = std::filesystem::absolute("tests/scenarios/data/tiny_run.yaml").string();
  ScenarioFile abs_sweep("base: " + base + "\nmode: training\nset: {run.iterations: 2}\n"
                     "points:\n  - {optimizer.learning_rate.initial: 0.01}\n"
                     "  - {optimizer.learning_rate.initial: 0.02}\n",
                         "train_sweep_abs.yaml");
  TempPath out("train_sweep.h5");
  REQUIRE(cli({"sweep", abs_sweep.path.str(), "--out", out.str()}).code == 0);
  const Table o = read_table(Hdf5File::open(out.str()), layout::kSweepOutputs);
  REQUIRE(o.rows() == 2);
  for (double r : o.doubles("rel_l2")) CHECK((r > 0 && r < 1));
  CHECK(o.doubles("loss")[0] != o.doubles("loss")[1]);
  std::filesystem::remove_all(std::filesystem::path(out.str()).parent_path() /
                              (std::filesystem::path(out.str()).stem().string() + "_points"));
}

TEST_CASE("Bad sweep files name the problem; a bad point value is caught before any run") {
  ScenarioFile no_grid("base: x.yaml\n", "bad1.yaml");
  CHECK(input_error_text([&] { load_sweep(no_grid.path.str()); }) ==
        no_grid.path.str() +
            ": a sweep needs exactly one of `grid:` (values per key, Cartesian product) or "
            "`points:` (a list of maps)");
  const std::string base = std::filesystem::absolute("tests/scenarios/data/tiny_run.yaml").string();
  ScenarioFile bad_value("base: " + base + "\ngrid: {chip.core_size: [8, 1]}\n", "bad2.yaml");
  CHECK(input_error_text([&] { load_sweep(bad_value.path.str()); }) ==
        base + " (from --set chip.core_size=1): chip.core_size = 1: must be >= 2 (a mesh needs two "
               "modes)");
  ScenarioFile bad_mode("base: " + base + "\nmode: train\ngrid: {run.seed: [1]}\n", "bad3.yaml");
  CHECK(input_error_text([&] { load_sweep(bad_mode.path.str()); }).find(
            "mode = train: unknown sweep mode; allowed: hardware, training") != std::string::npos);
}

TEST_CASE("A sweep split over 2 MPI ranks writes the table one process writes") {
  const char* mpi_file = std::getenv("TONNSIM_MPI_SWEEP");
  if (!mpi_file) {
    MESSAGE("TONNSIM_MPI_SWEEP not set: run through ctest (scenarios_sweep_mpi_compare)");
    return;
  }
  TempPath out("sweep_single.h5");
  REQUIRE(cli({"sweep", kSweep, "--out", out.str()}).code == 0);
  const Hdf5File a = Hdf5File::open(out.str()), b = Hdf5File::open(mpi_file);
  const Table ia = read_table(a, layout::kSweepInputs), ib = read_table(b, layout::kSweepInputs);
  const Table oa = read_table(a, layout::kSweepOutputs), ob = read_table(b, layout::kSweepOutputs);
  CHECK(ia.ints("point") == ib.ints("point"));
  for (const auto& name : oa.names()) {
    const auto &x = oa.doubles(name), &y = ob.doubles(name);
    REQUIRE(x.size() == y.size());
    for (std::size_t i = 0; i < x.size(); ++i)
      CHECK_MESSAGE((x[i] == y[i] || (std::isnan(x[i]) && std::isnan(y[i]))), name);
  }
}
