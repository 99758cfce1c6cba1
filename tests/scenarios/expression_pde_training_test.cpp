// A PDE that is not compiled in, written in YAML only (scenarios/reaction-diffusion-10.yaml),
// trained in situ on the photonic chip from the command line at small size.
#include <doctest/doctest.h>

#include "scenarios/cli_helpers.hpp"
#include "scenarios/final_accuracy.hpp"
#include "scenarios/temp_path.hpp"

using namespace tonnsim::runner;

// The goal is a learned-part error 10x below the best trivial baseline. Measured
// (docs/user-guide.md, "Define your own PDE"): the shipped recipe (128 collocation points,
// learning rate 0.005 decayed by a cosine to 1e-6 over 30,000 iterations, 3.6 min on a quiet
// core) reaches 22x on seed 0 and a median 13x over seeds 0-5; at this test's size (400
// iterations, cosine over 400 to 1e-6, 500 test points) seeds 0, 1 and 2 reach 3.94x, 3.48x
// and 3.53x. The test asserts 3x on seed 0: the prediction beats
// every trivial predictor (N = 0, the best constant, the data carried in time) on the
// learned part, which no constant network can do (they all score 1.0 here).
TEST_CASE("A YAML-only 10-dim reaction-diffusion PDE trained in situ beats its trivial baselines 3x") {
  TempPath out("reaction_diffusion.h5");
  const CliResult r =
      cli({"run", "scenarios/reaction-diffusion-10.yaml", "--out", out.str(), "--progress", "off",
           "--seed", "0", "--set", "run.iterations=400", "--set", "run.eval_every=400", "--set",
           "optimizer.learning_rate.cosine_iterations=400", "--set", "pde.n_test=500"});
  INFO(r.err);
  REQUIRE(r.code == 0);
  const auto [learned, constant, improvement] = final_accuracy(out.str());
  CHECK(constant > 0.99);  // N* is odd in s: the best constant is ~0
  CHECK(learned < constant / 3.0);
  CHECK(improvement >= 3.0);
}
