#include <doctest/doctest.h>

#include <cmath>
#include <string>

#include "scenarios/cli_helpers.hpp"
#include "scenarios/runner/run_estimate.hpp"
#include "scenarios/temp_path.hpp"
#include "scenarios/tiny_scenario.hpp"

using namespace tonnsim::runner;

namespace {
RunSizes quickstart_like() {
  RunSizes z;
  z.evaluations_per_loss = 138800;  // 100 points x 1388 sparse-grid nodes
  z.states_per_iteration = 7;
  z.iterations = 2000;
  z.parameters = 1281;
  z.test_points = 10000;
  z.inputs = 21;
  z.widest_layer = 16;
  return z;
}
}  // namespace

TEST_CASE("The run estimate is the product of its factors and scales linearly in each") {
  const RunSizes z = quickstart_like();
  const RunEstimate e = estimate_run(z, 1e6);
  CHECK(e.evaluations == doctest::Approx(138800.0 * 7 * 2000));
  CHECK(e.seconds == doctest::Approx(e.evaluations / 1e6));
  RunSizes twice = z;
  twice.iterations *= 2;  // doubling the iterations doubles the time, not the memory
  CHECK(estimate_run(twice, 1e6).seconds == doctest::Approx(2 * e.seconds));
  CHECK(estimate_run(twice, 1e6).peak_bytes == doctest::Approx(e.peak_bytes));
  RunSizes more_states = z;
  more_states.states_per_iteration *= 3;
  CHECK(estimate_run(more_states, 1e6).seconds == doctest::Approx(3 * e.seconds));
  CHECK(estimate_run(z, 2e6).seconds == doctest::Approx(e.seconds / 2));  // throughput
  // Memory: 8 bytes per double of one loss's stencil, the test set and optimiser copies.
  CHECK(e.peak_bytes ==
        doctest::Approx(8.0 * (138800.0 * (21 + 16) + 10000.0 * 24 + 1281.0 * 8)));
  // Without a measured throughput there is no time, and the text says so.
  CHECK(std::isnan(estimate_run(z, 0).seconds));
  CHECK(estimate_run(z, 0).text(0).find("evaluations/s") == std::string::npos);
}

TEST_CASE("The run estimate names its largest factor") {
  RunSizes z = quickstart_like();
  CHECK(estimate_run(z, 1e6).dominant_key.rfind("pde.n_collocation x estimator", 0) == 0);
  z.iterations = 1e7;
  CHECK(estimate_run(z, 1e6).dominant_key == "run.iterations = 1e+07");
}

TEST_CASE("tonnsim run prints its estimate after the first iteration, from the run's own sizes") {
  ScenarioFile f(kTiny, "estimate.yaml");
  TempPath out("estimate.h5");
  const CliResult r = cli({"run", f.path.str(), "--out", out.str(), "--progress", "off"});
  REQUIRE(r.code == 0);
  // Evaluations per loss x 5 states per iteration (2 layers x 2 + 1) x 8 iterations: the
  // forward evaluations the trace counts at the end.
  const auto at = r.err.find("note: estimate: ");
  REQUIRE(at != std::string::npos);
  const double estimated = std::stod(r.err.substr(at + 16));
  const auto evals_at = r.out.find("forward evals  ");
  REQUIRE(evals_at != std::string::npos);
  CHECK(estimated == doctest::Approx(std::stod(r.out.substr(evals_at + 15))).epsilon(0.01));
  CHECK(r.err.find("evaluations/s measured") != std::string::npos);
  CHECK(r.err.find("peak memory about") != std::string::npos);
}
