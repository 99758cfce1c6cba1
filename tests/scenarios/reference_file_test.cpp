// `pde.reference:` test metrics from a data file (CSV or HDF5) instead of the exact
// solution, and the located errors of a malformed file.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "scenarios/cli_helpers.hpp"
#include "scenarios/runner/experiment.hpp"
#include "scenarios/runner/hdf5_file.hpp"
#include "scenarios/runner/checksum.hpp"
#include "scenarios/runner/reference_file.hpp"
#include "scenarios/temp_path.hpp"

using namespace tonnsim;
using namespace tonnsim::runner;

namespace {

// A 2-dim reaction-diffusion with a closed-form solution and a hard initial constraint,
// small enough to build in milliseconds.
const std::string kScenario =
    "pde:\n"
    "  kind: expression\n"
    "  space_dim: 2\n"
    "  n_test: 300\n"
    "  expression:\n"
    "    domain: {x: [-1, 1], t: [0, 1]}\n"
    "    residual: u_t - lap_u + 0.25*u\n"
    "    exact: exp(-0.75*t)*sin(sum_x/sqrt(2))\n"
    "    ansatz: {g: sin(sum_x/sqrt(2)), h: t}\n"
    "estimator: {kind: finite_difference, finite_difference: {step: 0.05}}\n"
    "network:\n"
    "  layers:\n"
    "    - {type: dense, out_dim: 8, activation: sine}\n"
    "    - {type: dense, out_dim: 1, activation: identity}\n"
    "chip: {model: digital}\n";

std::string full_precision(double v) {
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "%.17g", v);
  return buffer;
}

// The error message of binding `text` with `sets`, or "" when it binds.
std::string bind_error(const std::string& text, const std::vector<std::string>& sets) {
  try {
    bind_text(text, sets);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

// The current directory changed for a scope (the tests below run the CLI in-process).
class CurrentDirectory {
 public:
  explicit CurrentDirectory(const std::filesystem::path& to) : saved_(std::filesystem::current_path()) {
    std::filesystem::current_path(to);
  }
  ~CurrentDirectory() { std::filesystem::current_path(saved_); }
  CurrentDirectory(const CurrentDirectory&) = delete;
  CurrentDirectory& operator=(const CurrentDirectory&) = delete;

 private:
  std::filesystem::path saved_;
};

std::string file_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// "N bytes, FNV-1a 64 0x..." of a file's bytes, computed here from checksum.hpp.
std::string contents_text(const std::string& path) {
  const std::string bytes = file_bytes(path);
  char hex[24];
  std::snprintf(hex, sizeof hex, "%#018llx",
                static_cast<unsigned long long>(fnv1a64(bytes.data(), bytes.size())));
  return std::to_string(bytes.size()) + " bytes, FNV-1a 64 " + hex;
}

const std::string kReferenceRows = "x1,x2,t,u\n0.1,0.2,0.5,0.3\n-0.4,0.9,1,0.1\n";

void check_same_metrics(const pinn::TestMetrics& a, const pinn::TestMetrics& b) {
  CHECK(a.rel_l2 == doctest::Approx(b.rel_l2).epsilon(1e-12));
  CHECK(a.rel_l2_learned == doctest::Approx(b.rel_l2_learned).epsilon(1e-12));
  CHECK(a.max_abs_error == doctest::Approx(b.max_abs_error).epsilon(1e-12));
}

}  // namespace

TEST_CASE("A reference file written from the exact solution gives the exact solution's metrics") {
  Experiment exact = build_experiment(bind_text(kScenario));
  const Mat X = exact.loss->test_points();
  Vec u(X.cols());
  exact.loss->pde().exact(X, u);

  TempPath csv("reference.csv"), h5("reference.h5");
  {
    // Columns in another order than the inputs, with a comment and a blank line: the
    // header names them.
    std::ofstream out(csv.str());
    out << "# exp(-0.75 t) sin((x1 + x2)/sqrt 2) at the test points\n\nu, t, x2, x1\n";
    for (Eigen::Index b = 0; b < X.cols(); ++b)
      out << full_precision(u(b)) << ", " << full_precision(X(2, b)) << ", "
          << full_precision(X(1, b)) << ", " << full_precision(X(0, b)) << "\n";
  }
  {
    Hdf5File f = Hdf5File::create(h5.str());
    f.write("/points", Mat(X.transpose()));
    f.write("/values", std::vector<double>(u.data(), u.data() + u.size()));
  }
  const pinn::TestMetrics want = exact.loss->test_metrics(exact.digital);
  const pinn::TrivialBaselines& want_baselines = exact.loss->trivial_baselines();
  REQUIRE(want.rel_l2_learned > 0.0);
  for (const std::string& file : {csv.str(), h5.str()}) {
    INFO(file);
    Experiment from_file = build_experiment(bind_text(kScenario, {"pde.reference.file=" + file}));
    CHECK(from_file.loss->test_points() == X);
    check_same_metrics(from_file.loss->test_metrics(from_file.digital), want);
    const pinn::TrivialBaselines& baselines = from_file.loss->trivial_baselines();
    REQUIRE(baselines.scores.size() == want_baselines.scores.size());
    CHECK(baselines.constant_value == doctest::Approx(want_baselines.constant_value).epsilon(1e-12));
    for (std::size_t k = 0; k < baselines.scores.size(); ++k)
      check_same_metrics(baselines.scores[k].metrics, want_baselines.scores[k].metrics);
  }
}

TEST_CASE("A reference replaces a missing exact solution: the metrics become finite") {
  std::string no_exact = kScenario;
  no_exact.erase(no_exact.find("    exact:"), no_exact.find("    ansatz:") - no_exact.find("    exact:"));
  Experiment without = build_experiment(bind_text(no_exact));
  CHECK(std::isnan(without.loss->test_metrics(without.digital).rel_l2));
  TempPath csv("reference_only.csv");
  std::ofstream(csv.str()) << "x1,x2,t,u\n0.1,0.2,0.5,0.3\n-0.4,0.9,1,0.1\n0.7,-0.3,0.25,0.2\n";
  Experiment with = build_experiment(bind_text(no_exact, {"pde.reference.file=" + csv.str()}));
  CHECK(with.loss->test_points().cols() == 3);
  CHECK(std::isfinite(with.loss->test_metrics(with.digital).rel_l2));
}

TEST_CASE("A malformed reference file is reported at its file, line and column") {
  const auto error_for = [](const std::string& csv_text) {
    TempPath csv("bad_reference.csv");
    std::ofstream(csv.str()) << csv_text;
    return std::make_pair(bind_error(kScenario, {"pde.reference.file=" + csv.str()}), csv.str());
  };
  {
    const auto [e, path] = error_for("x1,x2,t,u\n0.1,0.2,0.5,0.3\n0.1, 0.2x,0.5,0.3\n");
    // Line 3, the field ' 0.2x' starts after "0.1," at column 5 and its text at 6.
    CHECK(e.find(path + ":3:6: column 'x2' = '0.2x' is not a finite number") != std::string::npos);
    CHECK(e.find("pde.reference.file = " + path) != std::string::npos);
  }
  {
    const auto [e, path] = error_for("x1,x2,u\n0.1,0.2,0.3\n");
    CHECK(e.find(path + ":1: no column 't' in the header (x1, x2, u); expected the columns x1, x2, t, u") !=
          std::string::npos);
  }
  {
    const auto [e, path] = error_for("x1,x2,tt,u\n");
    CHECK(e.find(path + ":1:7: column 'tt' is not an input or the value column; did you mean 't'?") !=
          std::string::npos);
  }
  {
    const auto [e, path] = error_for("x1,x2,t,u\n0.1,0.2,0.5\n");
    CHECK(e.find(path + ":2: 3 fields; the header (line 1) has 4") != std::string::npos);
  }
  {
    const auto [e, path] = error_for("x1,x2,t,u\n0.1,0.2,nan,0.3\n");
    CHECK(e.find(path + ":2:9: column 't' = 'nan' is not a finite number") != std::string::npos);
  }
  CHECK(bind_error(kScenario, {"pde.reference.file=/nonexistent/ref.csv"})
            .find("cannot open the reference file") != std::string::npos);
  CHECK(bind_error(kScenario, {"pde.reference.file=ref.txt"}).find("unknown reference format") !=
        std::string::npos);
  TempPath h5("bad_reference.h5");
  {
    Hdf5File f = Hdf5File::create(h5.str());
    f.write("/points", Mat(Mat::Zero(4, 2)));
    f.write("/values", std::vector<double>(4, 0.0));
  }
  CHECK(bind_error(kScenario, {"pde.reference.file=" + h5.str()})
            .find("/points has 2 columns; expected 3 (x1, x2, t), one point per row") !=
        std::string::npos);
}

TEST_CASE("A relative reference path is taken from the scenario file's directory") {
  TempPath csv("relative_reference.csv");
  std::ofstream(csv.str()) << "x1,x2,t,u\n0.1,0.2,0.5,0.3\n";
  const std::string name = std::filesystem::path(csv.str()).filename().string();
  ScenarioFile scenario(kScenario + "run: {iterations: 1}\n", "relative_reference.yaml");
  // The scenario sits next to the CSV (both in the temp directory); the CLI runs from the
  // worktree, where no such file exists.
  const CliResult r = cli({"check", scenario.path.str(), "--set", "pde.reference.file=" + name});
  INFO(r.err);
  CHECK(r.code == 0);
}

TEST_CASE("A relative reference path is taken from the scenario's folder even when that folder "
          "does not exist, never from the current directory") {
  // A reference of that name in the current directory must not be read instead.
  const auto folder = std::filesystem::temp_directory_path();
  TempPath csv("fallback_reference.csv");
  std::ofstream(csv.str()) << kReferenceRows;
  const std::string name = std::filesystem::path(csv.str()).filename().string();
  CurrentDirectory here(folder);
  std::string e;
  try {
    bind_text(kScenario, {"pde.reference.file=" + name}, "/nonexistent_folder/s.yaml");
  } catch (const InputError& error) {
    e = error.what();
  }
  CHECK(e.find("/nonexistent_folder/" + name + ": cannot open the reference file") !=
        std::string::npos);
  // A scenario name without a folder part (a file in the current directory, a text)
  // takes it from the current directory.
  CHECK(bind_text(kScenario, {"pde.reference.file=" + name}, "s.yaml").problem.reference_stamp.path ==
        (folder / name).lexically_normal().string());
}

TEST_CASE("A run records its reference file's path, size and checksum, and a resume after the "
          "file changed is refused naming the file, the stored and the current checksum") {
  TempPath csv("resume_reference.csv"), out("resume_reference.h5");
  std::ofstream(csv.str()) << kReferenceRows;
  const std::string name = std::filesystem::path(csv.str()).filename().string();
  ScenarioFile scenario(kScenario + "run: {iterations: 2}\n", "resume_reference.yaml");
  REQUIRE(cli({"run", scenario.path.str(), "--set", "pde.reference.file=" + name, "--out",
               out.str(), "--max-iterations", "1", "--progress", "off"})
              .code == 0);
  const std::string started = contents_text(csv.str());
  {
    const Hdf5File f = Hdf5File::open(out.str());
    CHECK(f.string_attribute("/scenario", "reference_file") == csv.str());
    CHECK(f.uint_attribute("/scenario", "reference_bytes") == file_bytes(csv.str()).size());
    CHECK(f.uint_attribute("/scenario", "reference_fnv1a64") ==
          fnv1a64(file_bytes(csv.str()).data(), file_bytes(csv.str()).size()));
  }
  // One more test point (this edit also changes the size; a same-size edit is told apart by
  // the checksum alone, not exercised here).
  std::ofstream(csv.str(), std::ios::app) << "0.7,-0.3,0.25,0.2\n";
  const CliResult changed = cli({"run", "--resume", out.str(), "--progress", "off"});
  CHECK(changed.code == 2);
  CHECK(changed.err.find(out.str() + ": the reference file " + csv.str() +
                         " changed since the run started: stored " + started + ", now " +
                         contents_text(csv.str()) + "; the test set would differ") !=
        std::string::npos);
  // Restored, it resumes.
  std::ofstream(csv.str()) << kReferenceRows;
  const CliResult restored = cli({"run", "--resume", out.str(), "--progress", "off"});
  INFO(restored.err);
  CHECK(restored.code == 0);
}

TEST_CASE("A resumed run reads its reference from the path recorded when it started, whatever "
          "the current directory") {
  const auto folder = std::filesystem::temp_directory_path();
  TempPath csv("cwd_reference.csv"), out("cwd_reference.h5");
  std::ofstream(csv.str()) << kReferenceRows;
  ScenarioFile scenario(kScenario + "run: {iterations: 2}\n", "cwd_reference.yaml");
  {
    // Started from the scenario's folder with relative names (the scenario name recorded
    // in /scenario/file is then relative to that folder).
    CurrentDirectory there(folder);
    REQUIRE(cli({"run", std::filesystem::path(scenario.path.str()).filename().string(), "--set",
                 "pde.reference.file=" + std::filesystem::path(csv.str()).filename().string(),
                 "--out", out.str(), "--max-iterations", "1", "--progress", "off"})
                .code == 0);
  }
  const CliResult resumed = cli({"run", "--resume", out.str(), "--progress", "off"});
  INFO(resumed.err);
  CHECK(resumed.code == 0);
}
