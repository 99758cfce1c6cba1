#include <doctest/doctest.h>

#include <sys/stat.h>

#include <cmath>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "scenarios/child_process.hpp"
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
        base + " (from " + bad_value.path.str() +
            " point 1 chip.core_size=1): chip.core_size = 1: must be >= 2 (a mesh needs two "
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

namespace {
constexpr const char* kTrainingSweep = "tests/scenarios/data/tiny_training_sweep.yaml";

/// A sweep's output file and its folder of point files, both removed at scope exit.
struct SweepOut {
  explicit SweepOut(const std::string& name) : file(name) {}
  ~SweepOut() {
    std::error_code ec;
    std::filesystem::remove_all(points(), ec);
  }
  std::string str() const { return file.str(); }
  std::string points() const {
    const std::filesystem::path p(file.str());
    return (p.parent_path() / (p.stem().string() + "_points")).string();
  }
  TempPath file;
};

Table outputs(const std::string& path) {
  return read_table(Hdf5File::open(path), layout::kSweepOutputs);
}

ino_t file_inode(const std::string& path) {
  struct stat st {};
  REQUIRE(::stat(path.c_str(), &st) == 0);
  return st.st_ino;
}

/// Bitwise equality of two doubles (NaN equals NaN).
bool same_bits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }
}  // namespace

TEST_CASE("A multirun writes the table tonnsim sweep writes for the same points") {
  SweepOut multirun("multirun.h5"), swept("multirun_as_sweep.h5");
  const CliResult m = cli({"run", "tests/scenarios/data/tiny_run.yaml", "run.iterations=2",
                           "optimizer.learning_rate.initial=0.01,0.03", "--out", multirun.str(),
                           "--progress", "off"});
  REQUIRE(m.code == 0);
  CHECK(m.out.find("2 points (training, 1 rank)") != std::string::npos);
  const std::string base = std::filesystem::absolute("tests/scenarios/data/tiny_run.yaml").string();
  ScenarioFile file("base: " + base + "\nmode: training\n"
                    "grid: {optimizer.learning_rate.initial: [0.01, 0.03]}\n",
                    "multirun_equivalent.yaml");
  REQUIRE(cli({"sweep", file.path.str(), "run.iterations=2", "--out", swept.str(), "--progress",
               "off"})
              .code == 0);
  const Hdf5File f = Hdf5File::open(multirun.str());
  CHECK(read_table(f, layout::kSweepInputs).doubles("optimizer.learning_rate.initial") ==
        std::vector<double>{0.01, 0.03});
  CHECK(f.string_attribute("/scenario", "sweep_file") == "multirun");
  CHECK(f.string_attribute("/scenario", "sweep_text").find("optimizer.learning_rate.initial: [0.01, 0.03]") !=
        std::string::npos);
  const Table a = outputs(multirun.str()), b = outputs(swept.str());
  REQUIRE(a.rows() == 2);
  for (const auto& name : a.names()) {
    if (name == "wall_s") continue;  // measured time
    for (std::size_t i = 0; i < a.rows(); ++i)
      CHECK_MESSAGE(same_bits(a.doubles(name)[i], b.doubles(name)[i]), name);
  }
  CHECK(a.doubles("loss")[0] != a.doubles("loss")[1]);  // the swept value took effect
  // A multirun stopped part-way continues with the same command line and --resume FILE.
  SweepOut chunked("multirun_chunked.h5");
  const std::vector<std::string> command{"run", "tests/scenarios/data/tiny_run.yaml",
                                         "run.iterations=2", "optimizer.learning_rate.initial=0.01,0.03",
                                         "--progress", "off"};
  auto with = [&](std::vector<std::string> extra) {
    std::vector<std::string> args = command;
    args.insert(args.end(), extra.begin(), extra.end());
    return cli(args);
  };
  const CliResult first = with({"--out", chunked.str(), "--max-iterations", "3"});
  REQUIRE(first.code == 0);
  CHECK(first.out.find("1 of 2 points finished") != std::string::npos);
  REQUIRE(with({"--resume", chunked.str()}).code == 0);
  const Table c = outputs(chunked.str());
  REQUIRE(c.rows() == 2);
  for (const auto& name : a.names()) {
    if (name == "wall_s") continue;
    for (std::size_t i = 0; i < 2; ++i) CHECK_MESSAGE(same_bits(a.doubles(name)[i], c.doubles(name)[i]), name);
  }
  // -m writes a one-point sweep; a list value in brackets is one value, not a sweep.
  SweepOut single("multirun_single.h5");
  REQUIRE(cli({"run", "-m", "tests/scenarios/data/tiny_run.yaml", "run.iterations=1",
               "network.layers.0.in_modes=[1,3,7]", "--out", single.str(), "--progress", "off"})
              .code == 0);
  CHECK(outputs(single.str()).rows() == 1);
}

TEST_CASE("A resumed sweep keeps finished points bit for bit and ends as an uninterrupted one") {
  SweepOut full("resume_full.h5"), part("resume_part.h5");
  REQUIRE(cli({"sweep", kTrainingSweep, "--out", full.str(), "--progress", "off"}).code == 0);
  // 3 points of 3 iterations; 4 iterations finish point 0 and stop point 1 after one, with
  // its checkpoint.
  const CliResult stopped =
      cli({"sweep", kTrainingSweep, "--out", part.str(), "--max-iterations", "4", "--progress", "off"});
  REQUIRE(stopped.code == 0);
  CHECK(stopped.out.find("1 of 3 points finished (--max-iterations 4 reached)") != std::string::npos);
  const Table before = outputs(part.str());
  REQUIRE(before.rows() == 1);
  CHECK(Hdf5File::open(part.points() + "/point_1.h5").int_attribute("/final", "iterations") == 1);
  // Resuming with other overrides is refused: the kept rows would mix two sweeps.
  const CliResult other = cli({"sweep", kTrainingSweep, "--out", part.str(), "--resume", "--set",
                               "pde.n_collocation=5"});
  CHECK(other.code == 2);
  CHECK(other.err.find("was written by another sweep (the overrides") != std::string::npos);

  const CliResult resumed = cli({"sweep", kTrainingSweep, "--out", part.str(), "--resume", "--progress", "off"});
  REQUIRE(resumed.code == 0);
  CHECK(resumed.err.find("1 of 3 points finished earlier are kept; 2 run now") != std::string::npos);
  CHECK(resumed.err.find("[rank 0] point 1 continued from its checkpoint") != std::string::npos);
  const Table after = outputs(part.str()), reference = outputs(full.str());
  REQUIRE(after.rows() == 3);
  CHECK(read_table(Hdf5File::open(part.str()), layout::kSweepInputs).ints("point") ==
        std::vector<std::int64_t>{0, 1, 2});
  for (const auto& name : after.names()) {
    CHECK_MESSAGE(same_bits(after.doubles(name)[0], before.doubles(name)[0]), name);  // kept
    if (name == "wall_s") continue;
    // Point 1 continued from its checkpoint, point 2 ran: both as in the uninterrupted sweep.
    for (std::size_t i = 0; i < 3; ++i)
      CHECK_MESSAGE(same_bits(after.doubles(name)[i], reference.doubles(name)[i]), name);
  }
  // A complete sweep resumed runs nothing and keeps every row and point file.
  const std::string point_file = part.points() + "/point_2.h5";
  const ino_t inode = file_inode(point_file);
  const CliResult again = cli({"sweep", kTrainingSweep, "--out", part.str(), "--resume", "--progress", "off"});
  CHECK(again.code == 0);
  CHECK(again.err.find("3 of 3 points finished earlier are kept; 0 run now") != std::string::npos);
  CHECK(same_bits(outputs(part.str()).doubles("wall_s")[2], after.doubles("wall_s")[2]));
  CHECK(file_inode(point_file) == inode);
  // Without --resume every point runs afresh, whatever point files lie there (a point
  // file is replaced by an atomic rename: a new inode).
  REQUIRE(cli({"sweep", kTrainingSweep, "--out", part.str(), "--force", "--progress", "off"}).code == 0);
  CHECK(file_inode(point_file) != inode);
}

TEST_CASE("A sweep file records the seed its points ran with") {
  SweepOut out("sweep_seed.h5");
  REQUIRE(cli({"sweep", kSweep, "--out", out.str(), "--progress", "off"}).code == 0);
  CHECK(Hdf5File::open(out.str()).uint_attribute("/meta", "seed") == 5);  // tiny_run.yaml's run.seed
  SweepOut seeded("sweep_seed7.h5");
  REQUIRE(cli({"sweep", kTrainingSweep, "run.iterations=1", "--seed", "7", "--out", seeded.str(),
               "--progress", "off"})
              .code == 0);
  CHECK(Hdf5File::open(seeded.str()).uint_attribute("/meta", "seed") == 7);
  // The point files say the same: the seed is the one the points ran with.
  CHECK(Hdf5File::open(seeded.points() + "/point_0.h5").uint_attribute("/meta", "seed") == 7);
}

TEST_CASE("Sweep options are checked before anything runs (exit 2)") {
  CHECK(cli({"sweep", kSweep, "--set", "chip.core_size=8"}).err ==
        "error: --set chip.core_size=8: chip.core_size is swept by " + std::string(kSweep) +
            " (4 points); a fixed value would be replaced at every point: drop one of the two\n");
  CHECK(cli({"sweep", kSweep, "chip.core_size=8"}).code == 2);  // positional override too
  CHECK(cli({"sweep", kSweep, "chip=x"}).code == 2);            // a map above the swept key
  const std::string base = std::filesystem::absolute("tests/scenarios/data/tiny_run.yaml").string();
  ScenarioFile in_file("base: " + base + "\nset: {chip.core_size: 8}\ngrid: {chip.core_size: [4, 8]}\n",
                       "sweep_set_swept.yaml");
  CHECK(cli({"sweep", in_file.path.str()}).err.find(in_file.path.str() +
                                                    ": set: chip.core_size=8: chip.core_size is swept") !=
        std::string::npos);
  TempPath out("never.h5");
  CHECK(cli({"sweep", kSweep, "--threads", "0", "--out", out.str()}).err ==
        "error: --threads = 0: must be in [1, 1024]\n");
  CHECK(cli({"sweep", kSweep, "--max-iterations", "5", "--out", out.str()}).err ==
        "error: --max-iterations = 5: applies to training sweeps; a hardware sweep trains nothing\n");
  CHECK(cli({"sweep", kSweep, "--progress", "fancy"}).code == 2);
}

TEST_CASE("A training sweep resumed under 2 MPI ranks ends as one uninterrupted process") {
  const char* mpi_file = std::getenv("TONNSIM_MPI_RESUMED_SWEEP");
  if (!mpi_file) {
    MESSAGE("TONNSIM_MPI_RESUMED_SWEEP not set: run through ctest (scenarios_sweep_mpi_resume_*)");
    return;
  }
  SweepOut single("sweep_resume_single.h5");
  // The ranks ran with OMP_NUM_THREADS=1: so does the reference.
  REQUIRE(cli({"sweep", kTrainingSweep, "--out", single.str(), "--threads", "1", "--progress", "off"})
              .code == 0);
  const Table a = outputs(single.str()), b = outputs(mpi_file);
  CHECK(read_table(Hdf5File::open(mpi_file), layout::kSweepInputs).ints("point") ==
        std::vector<std::int64_t>{0, 1, 2});
  REQUIRE(b.rows() == 3);
  for (const auto& name : a.names()) {
    if (name == "wall_s") continue;
    for (std::size_t i = 0; i < 3; ++i)
      CHECK_MESSAGE(same_bits(a.doubles(name)[i], b.doubles(name)[i]), name);
  }
}

TEST_CASE("SIGINT stops a training sweep with its finished points written; --resume completes it") {
  if (!have_tonnsim_exe()) return;
  SweepOut part("sweep_sigint.h5"), full("sweep_sigint_full.h5");
  TempPath log("sweep_sigint.log");
  // 3 points of 200 iterations; the signal comes once point 1 is 5 iterations in.
  const std::vector<std::string> args{"sweep", kTrainingSweep, "run.iterations=200",
                                      "--out", part.str(), "--progress", "lines", "--log-every", "1"};
  const pid_t child = spawn_tonnsim(args, log.str());
  REQUIRE(wait_until([&] { return file_bytes(log.str()).find("iter 205/600") != std::string::npos; }));
  ::kill(child, SIGINT);
  CHECK(wait_child(child) == 130);
  const std::string text = file_bytes(log.str());
  INFO(text);
  CHECK(text.find("stopped        1 of 3 points finished (SIGINT); continue with the same command "
                  "and --resume") != std::string::npos);
  REQUIRE(outputs(part.str()).rows() == 1);
  std::vector<std::string> again(args.begin(), args.begin() + 5);
  again.insert(again.end(), {"--resume", "--threads", "1", "--progress", "off"});
  const CliResult resumed = cli(again);
  REQUIRE(resumed.code == 0);
  CHECK(resumed.err.find("[rank 0] point 1 continued from its checkpoint") != std::string::npos);
  REQUIRE(cli({"sweep", kTrainingSweep, "run.iterations=200", "--out", full.str(), "--threads", "1",
               "--progress", "off"})
              .code == 0);
  const Table a = outputs(part.str()), b = outputs(full.str());
  REQUIRE(a.rows() == 3);
  for (const auto& name : a.names()) {
    if (name == "wall_s") continue;
    for (std::size_t i = 0; i < 3; ++i)
      CHECK_MESSAGE(same_bits(a.doubles(name)[i], b.doubles(name)[i]), name);
  }
}
