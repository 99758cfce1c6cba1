// Sizes that would exhaust the machine are refused by `check` and `run` alike, before
// anything is allocated, naming the key and where it was set (issue 14).
#include <doctest/doctest.h>

#include <fstream>
#include <string>

#include "pinn/sparse_grid.hpp"
#include "scenarios/cli_helpers.hpp"
#include "scenarios/runner/resource_limits.hpp"
#include "scenarios/temp_path.hpp"
#include "scenarios/tiny_scenario.hpp"

using namespace tonnsim;
using namespace tonnsim::runner;

TEST_CASE("The sparse-grid node bound is the unmerged node count and never below the grid's size") {
  CHECK(sparse_grid_node_bound(21, 3) == doctest::Approx(947));  // 1 + 42 + C(43, 2) + origin
  CHECK(pinn::smolyak_gauss_hermite(21, 3).size() == 925);
  for (int dim : {1, 2, 3, 5})
    for (int level = 1; level <= 4; ++level) {
      CAPTURE(dim);
      CAPTURE(level);
      CHECK(sparse_grid_node_bound(dim, level) >=
            static_cast<double>(pinn::smolyak_gauss_hermite(dim, level).size()));
    }
  CHECK(sparse_grid_node_bound(1, 4) == doctest::Approx(5));  // the 4-point 1-D rule + origin
  CHECK(sparse_grid_node_bound(101, 50) > 1e30);
}

TEST_CASE("Resource ceilings stop check and run alike at the key, with its location") {
  // The sparse-grid ceilings apply where the sparse grid is the estimator.
  std::string grid_text = kTiny;
  const std::string fd = "{kind: finite_difference, finite_difference: {step: 0.1}}";
  grid_text.replace(grid_text.find(fd), fd.size(), "{kind: sparse_grid}");
  ScenarioFile f(grid_text, "limits.yaml");
  TempPath out("limits.h5");
  struct Case {
    const char* set;
    const char* expected;  // part of the one-line error
  };
  for (const Case& c : {
           Case{"estimator.sparse_grid.level=50",
                "estimator.sparse_grid.level = 50: exceeds the ceiling 8 (Smolyak level"},
           Case{"estimator.sparse_grid.level=6",
                "estimator.sparse_grid.level = 6: gives up to 1533940 sparse-grid nodes in 21 "
                "dimensions, above the ceiling 200000"},
           Case{"chip.core_size=2000000000",
                "chip.core_size = 2000000000: exceeds the ceiling 1024 (tensor-core size"},
           Case{"network.layers.1.out_dim=2000000000",
                "network.layers[1].out_dim = 2000000000: exceeds the ceiling 65536 (layer width"},
           Case{"pde.n_test=2000000000",
                "pde.n_test = 2000000000: exceeds the ceiling 10000000 (test points"},
           Case{"pde.n_collocation=2000000000",
                "pde.n_collocation = 2000000000: exceeds the ceiling 1000000"},
           Case{"network.layers.0.tt_rank=5000",
                "network.layers[0].tt_rank = 5000: exceeds the ceiling 1024 (TT rank"},
       }) {
    const std::string set = c.set;
    CAPTURE(set);
    const CliResult check = cli({"check", f.path.str(), "--set", c.set});
    CAPTURE(check.err);
    CHECK(check.code == 2);
    CHECK(check.err.find(c.expected) != std::string::npos);
    CHECK(check.err.find("(from --set " + std::string(c.set) + ")") != std::string::npos);
    const CliResult run = cli({"run", f.path.str(), "--set", c.set, "--out", out.str()});
    CHECK(run.code == 2);
    CHECK(run.err == check.err);  // one validation path
  }
  // Written in the file, the error points at its line and column.
  std::string text = kTiny;
  text.replace(text.find("n_test: 64"), 10, "n_test: 2000000000");
  ScenarioFile g(text, "limits_file.yaml");
  CHECK(cli({"check", g.path.str()}).err ==
        "error: " + g.path.str() +
            ":2:46: pde.n_test = 2000000000: exceeds the ceiling 10000000 (test points; "
            "docs/scenario-reference.md, resource limits)\n");
}

TEST_CASE("A thread count, a list index and a sweep size beyond reason are input errors") {
  ScenarioFile f(kTiny, "limits_cli.yaml");
  CHECK(cli({"run", f.path.str(), "--threads", "100000"}).err ==
        "error: --threads = 100000: must be in [1, 1024]\n");
  const CliResult index = cli({"check", f.path.str(), "--set", "network.layers.99999999999999999999.x=1"});
  CHECK(index.code == 2);
  CHECK(index.err.find("'network.layers' is a list of 2 items; '99999999999999999999' is not an "
                       "index into it") != std::string::npos);
  // A 250 x 240 = 60,000-point grid.
  std::string seeds, tests;
  for (int i = 1; i <= 250; ++i) seeds += (i > 1 ? ", " : "") + std::to_string(i);
  for (int i = 1; i <= 240; ++i) tests += (i > 1 ? ", " : "") + std::to_string(10 + i);
  TempPath sweep("limits_sweep.yaml");
  std::ofstream(sweep.str()) << "base: " << f.path.str() << "\nmode: hardware\ngrid:\n  run.seed: ["
                             << seeds << "]\n  pde.n_test: [" << tests << "]\n";
  const CliResult r = cli({"sweep", sweep.str(), "--out", "/tmp/never_limits.h5"});
  CHECK(r.code == 2);
  CHECK(r.err.find("grid: 60000 points, above the ceiling 10000") != std::string::npos);
}
