// Output files are never damaged: concurrent writers, existing outputs, inputs as outputs,
// resuming a finished file, Ctrl-C / SIGTERM, damaged checkpoints, MPI ranks (issue 14).
#include <doctest/doctest.h>

#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "scenarios/child_process.hpp"
#include "scenarios/cli_helpers.hpp"
#include "scenarios/runner/checkpoint.hpp"
#include "scenarios/runner/hdf5_file.hpp"
#include "scenarios/runner/output_claim.hpp"
#include "scenarios/runner/output_error.hpp"
#include "scenarios/temp_path.hpp"
#include "scenarios/tiny_scenario.hpp"

using namespace tonnsim;
using namespace tonnsim::runner;

namespace {

bool exists(const std::string& path) { return std::filesystem::exists(path); }

/// kTiny with `iterations` and a checkpoint every `every` iterations.
std::string tiny_with(long iterations, long every) {
  std::string text = kTiny;
  const std::string old = "run: {iterations: 8, eval_every: 3, checkpoint_every: 2, seed: 5}\n";
  text.replace(text.find(old), old.size(),
               "run: {iterations: " + std::to_string(iterations) +
                   ", eval_every: 1000000, checkpoint_every: " + std::to_string(every) +
                   ", seed: 5}\n");
  return text;
}

}  // namespace

TEST_CASE("An existing output is refused without --force and replaced only by a valid file with it") {
  ScenarioFile f(kTiny, "exists.yaml");
  TempPath out("exists.h5");
  REQUIRE(cli({"run", f.path.str(), "--out", out.str(), "--progress", "off", "--max-iterations",
               "3"}).code == 0);
  const std::string before = file_bytes(out.str());
  // A resumable run is not reset by a second `run` into the same file.
  const CliResult again = cli({"run", f.path.str(), "--out", out.str(), "--progress", "off"});
  CHECK(again.code == 2);
  CHECK(again.err.find("exists; pass --force") != std::string::npos);
  CHECK(file_bytes(out.str()) == before);
  // --force with a run that fails before it has a valid file keeps the old one intact.
  const CliResult failing = cli({"run", f.path.str(), "--out", out.str(), "--progress", "off",
                                 "--force", "--set", "network.initial_parameters=/nonexistent.h5"});
  CHECK(failing.code == 2);
  CHECK(file_bytes(out.str()) == before);
  CHECK_FALSE(exists(out.str() + ".partial"));
  CHECK_FALSE(exists(out.str() + ".lock"));
  // --force replaces it with a complete new run.
  REQUIRE(cli({"run", f.path.str(), "--out", out.str(), "--progress", "off", "--force"}).code == 0);
  CHECK(Hdf5File::open(out.str()).int_attribute("/final", "complete") == 1);
  // The resumable file's own --resume keeps working on it (no --force needed).
  ScenarioFile g(kTiny, "exists_resume.yaml");
  TempPath parts("exists_parts.h5");
  REQUIRE(cli({"run", g.path.str(), "--out", parts.str(), "--progress", "off",
               "--max-iterations", "3"}).code == 0);
  CHECK(cli({"run", "--resume", parts.str(), "--progress", "off"}).code == 0);
}

TEST_CASE("An output that is the run's own scenario file is refused and the scenario kept") {
  ScenarioFile f(kTiny, "self.yaml");
  const CliResult r = cli({"run", f.path.str(), "--out", f.path.str(), "--progress", "off", "--force"});
  CHECK(r.code == 2);
  CHECK(r.err.find("is the input file this command reads") != std::string::npos);
  CHECK(file_bytes(f.path.str()) == kTiny);
  // Through another spelling of the same path too.
  const std::string other = f.path.str().substr(0, f.path.str().rfind('/')) + "/./" +
                            f.path.str().substr(f.path.str().rfind('/') + 1);
  CHECK(cli({"run", f.path.str(), "--out", other, "--force"}).code == 2);
  CHECK(file_bytes(f.path.str()) == kTiny);
}

TEST_CASE("Resuming a finished file leaves it bit-identical and says so") {
  std::string text = kTiny;  // dynamic phase noise on: recomputing /final would change it
  ScenarioFile f(text, "finished.yaml");
  TempPath out("finished.h5");
  REQUIRE(cli({"run", f.path.str(), "--out", out.str(), "--progress", "off"}).code == 0);
  const std::string before = file_bytes(out.str());
  const CliResult r = cli({"run", "--resume", out.str(), "--progress", "off"});
  CHECK(r.code == 0);
  CHECK(r.err.find("already complete (8 iterations); nothing to resume, the file was left "
                   "unchanged") != std::string::npos);
  CHECK(r.out.find("final rel L2") != std::string::npos);
  CHECK(file_bytes(out.str()) == before);
}

TEST_CASE("A second writer of the same output fails cleanly and the first one's file stays valid") {
  if (!have_tonnsim_exe()) return;
  ScenarioFile f(tiny_with(1000000, 5), "concurrent.yaml");
  TempPath out("concurrent.h5"), log("concurrent.log");
  const pid_t first = spawn_tonnsim({"run", f.path.str(), "--out", out.str(), "--progress", "off"},
                                    log.str());
  // The first run owns the output once its first checkpoint made it valid.
  REQUIRE(wait_until([&] { return exists(out.str()); }));
  for (const bool force : {false, true}) {
    std::vector<std::string> args{"run", f.path.str(), "--out", out.str(), "--progress", "off"};
    if (force) args.push_back("--force");
    const CliResult second = cli(args);
    CAPTURE(force);
    CHECK(second.code == 3);
    CHECK(second.err.find("is being written by another tonnsim process (pid " +
                          std::to_string(first) + ")") != std::string::npos);
    // Resuming the live file is refused the same way.
    CHECK(cli({"run", "--resume", out.str()}).code == 3);
  }
  ::kill(first, SIGTERM);
  CHECK(wait_child(first) == 128 + SIGTERM);
  const Hdf5File h = Hdf5File::open(out.str());
  const Checkpoint c = read_checkpoint(h);  // checksums verified
  CHECK(c.iteration > 0);
  CHECK(h.shape("/trace/loss") == std::vector<std::int64_t>{c.iteration});
  CHECK_FALSE(exists(out.str() + ".lock"));
}

TEST_CASE("SIGINT stops a run at an iteration boundary with a checkpoint and the resume command") {
  if (!have_tonnsim_exe()) return;
  ScenarioFile f(tiny_with(1000000, 1000000), "sigint.yaml");  // no periodic checkpoint
  TempPath out("sigint.h5"), log("sigint.log");
  const pid_t child = spawn_tonnsim({"run", f.path.str(), "--out", out.str(), "--progress",
                                     "lines", "--log-every", "1"},
                                    log.str());
  // Training has begun once the first progress line is out.
  REQUIRE(wait_until([&] { return file_bytes(log.str()).find("iter ") != std::string::npos; }));
  ::kill(child, SIGINT);
  CHECK(wait_child(child) == 130);
  const std::string text = file_bytes(log.str());
  INFO(text);
  CHECK(text.find("interrupted    by SIGINT after iteration ") != std::string::npos);
  CHECK(text.find("checkpoint written; continue with: tonnsim run --resume " + out.str()) !=
        std::string::npos);
  CHECK_FALSE(exists(out.str() + ".partial"));
  long done = 0;
  {
    const Hdf5File h = Hdf5File::open(out.str());
    const Checkpoint c = read_checkpoint(h);
    done = static_cast<long>(c.iteration);
    CHECK(done >= 1);
    CHECK(h.shape("/trace/loss") == std::vector<std::int64_t>{c.iteration});
    CHECK(h.int_attribute("/final", "complete") == 0);
  }
  const CliResult resumed = cli({"run", "--resume", out.str(), "--progress", "off",
                                 "--max-iterations", "2"});
  INFO(resumed.err);
  CHECK(resumed.code == 0);
  CHECK(resumed.out.find("resumed at " + std::to_string(done)) != std::string::npos);
}

TEST_CASE("A damaged or edited checkpoint is not resumed: parameters, optimizer state, scenario") {
  ScenarioFile f(kTiny, "checksum.yaml");
  TempPath out("checksum.h5");
  const auto fresh = [&] {
    std::filesystem::remove(out.str());
    REQUIRE(cli({"run", f.path.str(), "--out", out.str(), "--progress", "off",
                 "--max-iterations", "3"}).code == 0);
  };
  const auto resume_error = [&] {
    const CliResult r = cli({"run", "--resume", out.str(), "--progress", "off"});
    CHECK(r.code == 2);
    return r.err;
  };
  SUBCASE("one flipped bit in the stored parameters") {
    fresh();
    haddr_t offset = 0;
    {
      const Hdf5File h = Hdf5File::open(out.str());
      const Hdf5Handle ds = h.open_dataset("/checkpoint/parameters");
      offset = H5Dget_offset(ds.get());
    }
    REQUIRE(offset != HADDR_UNDEF);
    std::fstream raw(out.str(), std::ios::in | std::ios::out | std::ios::binary);
    raw.seekg(static_cast<std::streamoff>(offset) + 3);
    char byte = 0;
    raw.read(&byte, 1);
    byte = static_cast<char>(byte ^ 0x10);
    raw.seekp(static_cast<std::streamoff>(offset) + 3);
    raw.write(&byte, 1);
    raw.close();
    CHECK(resume_error().find("checksum mismatch in the parameters") != std::string::npos);
  }
  SUBCASE("a zeroed optimizer state") {
    fresh();
    {
      Hdf5File h = Hdf5File::open(out.str(), Hdf5Mode::kReadWrite);
      const auto v = h.read_doubles("/checkpoint/optimizer/stepper");
      h.write("/checkpoint/optimizer/stepper", std::vector<double>(v.size(), 0.0));
    }
    CHECK(resume_error().find("checksum mismatch in the optimizer or RNG state") !=
          std::string::npos);
  }
  SUBCASE("an edited stored scenario") {
    fresh();
    {
      Hdf5File h = Hdf5File::open(out.str(), Hdf5Mode::kReadWrite);
      std::string effective = h.string_attribute("/scenario", "effective");
      effective.replace(effective.find("0.01"), 4, "0.02");
      h.set_attribute("/scenario", "effective", effective);
    }
    CHECK(resume_error().find("the stored scenario was edited or damaged") != std::string::npos);
  }
}

// (A tonnsim with MPI started by mpirun runs one distributed run instead, in which rank 0
// alone opens the output: ctest scenarios_run_mpi_*, tests/scenarios/mpi_run_test.cpp.)
TEST_CASE("Under an MPI launcher without MPI initialised (a tonnsim built without MPI) only "
          "rank 0 runs `tonnsim run` and opens the output") {
  ScenarioFile f(kTiny, "mpi_run.yaml");
  TempPath out("mpi_run.h5");
  ::setenv("OMPI_COMM_WORLD_RANK", "1", 1);
  const CliResult r = cli({"run", f.path.str(), "--out", out.str(), "--progress", "off"});
  ::unsetenv("OMPI_COMM_WORLD_RANK");
  CHECK(r.code == 0);
  CHECK(r.err.find("rank 1: this tonnsim was built without MPI, so `tonnsim run` is not "
                   "distributed") != std::string::npos);
  CHECK_FALSE(exists(out.str()));
  CHECK_FALSE(exists(out.str() + ".lock"));
}

TEST_CASE("A lock held on an output keeps every other writer away, and goes with its holder") {
  TempPath out("locked.h5");
  {
    const OutputLock held(out.str());
    CHECK_THROWS_WITH_AS(OutputLock(out.str()), doctest::Contains("is being written by another"),
                         OutputError);
  }
  CHECK_NOTHROW(OutputLock(out.str()));
}

TEST_CASE("A full disk ends a run with exit 3 and a clear error, and its last checkpoint resumes") {
  if (!have_tonnsim_exe()) return;
  // The file-size limit stands in for a full disk. The trace grows in chunks of 1024 rows
  // (15 columns x 8 KiB): the file is ~0.2 MB up to row 1024 and needs ~0.32 MB after, so
  // a 300 KiB limit lets a few checkpoints through and then fails the writes of row 1024.
  ScenarioFile f(tiny_with(2000, 20), "diskfull.yaml");
  TempPath out("diskfull.h5"), log("diskfull.log");
  const pid_t child = spawn_tonnsim({"run", f.path.str(), "--out", out.str(), "--progress", "off"},
                                    log.str(), 300 * 1024);
  const int code = wait_child(child);
  const std::string text = file_bytes(log.str());
  INFO(text);
  CHECK(code == 3);  // not a signal (the HDF5 shutdown used to crash with SIGSEGV)
  CHECK(text.find("File too large") != std::string::npos);
  CHECK(text.find(out.str() + " holds the run as of its last complete checkpoint; free space, "
                  "then continue with: tonnsim run --resume " + out.str()) != std::string::npos);
  CHECK_FALSE(exists(out.str() + ".partial"));
  CHECK_FALSE(exists(out.str() + ".lock"));
  long done = 0;
  {
    const Hdf5File h = Hdf5File::open(out.str());
    const Checkpoint c = read_checkpoint(h);
    done = static_cast<long>(c.iteration);
    CHECK(done >= 20);
    CHECK(done % 20 == 0);
  }
  // With space back (no limit in this process), the file resumes from that checkpoint.
  const CliResult resumed = cli({"run", "--resume", out.str(), "--progress", "off",
                                 "--max-iterations", "3"});
  INFO(resumed.err);
  CHECK(resumed.code == 0);
  CHECK(resumed.out.find("resumed at " + std::to_string(done)) != std::string::npos);
}
