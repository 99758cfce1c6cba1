// Coordinate-wise zeroth-order training in situ (optimizer.zo.kind: cge) on the photonic chip
// with the published non-idealities: the sines Poisson (scenarios/poisson-sines-2d.yaml),
// whose exact network part is not constant, solved from loss measurements only.
#include <doctest/doctest.h>

#include "scenarios/cli_helpers.hpp"
#include "scenarios/final_accuracy.hpp"
#include "scenarios/temp_path.hpp"

using namespace tonnsim::runner;

// Central differences along every one of the chip's 433 phases and digital parameters per
// iteration (867 programmed states), with the difference step mu = 0.025 rad just above the
// 8-bit phase DAC's step 2 pi / 256 = 0.0245 rad (a smaller step rounds both sides of a
// difference to the same code). At this size (150 iterations, Adam lr 0.03 with a cosine
// decay over them, 32 + 16 points per step, 500 test points; ~25 s on one core) seeds
// 0 / 1 / 2 reached 4.27x / 2.42x / 3.27x below the best constant (session 10; the shipped
// recipe, 2,000 iterations at lr 1e-2: results/convergence/README.md, "Poisson with sines in
// situ"); session 8's random-direction recipe reached 2.4x in 2,000 iterations. The test
// asserts 2x on seed 0, fixed on purpose: seed 1's 2.42x is too close to the bound.
TEST_CASE("Coordinate-wise ZO in situ beats the sines Poisson's best constant 2x in 150 iterations") {
  TempPath out("poisson_sines_cge.h5");
  const CliResult r = cli(
      {"run", "scenarios/poisson-sines-2d.yaml", "--out", out.str(), "--progress", "off", "--seed",
       "0", "--set", "optimizer.zo.kind=cge", "--set", "optimizer.zo.coordinate.mu=0.025", "--set",
       "optimizer.learning_rate.initial=0.03", "--set", "optimizer.learning_rate.schedule=cosine",
       "--set", "optimizer.learning_rate.cosine_iterations=150", "--set", "run.iterations=150",
       "--set", "run.eval_every=150", "--set", "pde.n_collocation=32", "--set",
       "pde.n_condition=16", "--set", "pde.n_test=500"});
  INFO(r.err);
  REQUIRE(r.code == 0);
  const auto [learned, constant, improvement] = final_accuracy(out.str());
  CHECK(constant > 0.5);  // the exact part sin(pi x) sin(pi y) is far from any constant
  CHECK(learned < constant / 2.0);
  CHECK(improvement >= 2.0);
}
