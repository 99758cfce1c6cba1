// The README's main job (scenarios/quickstart.yaml): a TONN trained from scratch in situ on
// the photonic chip with the published non-idealities, by coordinate-wise ZO on loss
// measurements alone, solves the learnable 20-dim HJB better than every trivial predictor.
#include <doctest/doctest.h>

#include "scenarios/cli_helpers.hpp"
#include "scenarios/final_accuracy.hpp"
#include "scenarios/temp_path.hpp"

using namespace tonnsim::runner;

// Measured as shipped (session 15, 300 iterations): learned-part rel L2 0.105, 3.4x the best
// constant on seed 1; 2.5-4.3x over run seeds 2 / 3 and chip instances 2 / 3. The check is
// the README's claim, with room for those spreads: the learned part at least 2x better
// than the best constant, from an untrained chip that is not. About a minute on 2 cores.
TEST_CASE("The quick start trained from scratch in situ beats the best constant 2x") {
  TempPath out("quickstart_from_scratch.h5");
  const CliResult r = cli({"run", "scenarios/quickstart.yaml", "--out", out.str(),
                           "--progress", "off"});
  INFO(r.err);
  REQUIRE(r.code == 0);
  const auto [learned, constant, improvement] = final_accuracy(out.str());
  const auto h = Hdf5File::open(out.str());
  const double before = h.double_attribute("/final", "initial_rel_l2");
  const double constant_u = h.double_attribute("/final", "baseline_constant_rel_l2");
  MESSAGE("learned part " << learned << " (constant " << constant << ", " << improvement
                          << "x); rel L2 of u before training " << before);
  CHECK(before > constant_u);  // the untrained chip does not already beat the constant
  CHECK(learned < constant / 2.0);
  CHECK(improvement == doctest::Approx(constant / learned));
  // Every iteration measures L(theta) and L(theta +- mu e_j) for 593 phases and digital
  // parameters, and nothing else reaches the chip: 300 x 1,187 states.
  CHECK(h.int_attribute("/final", "programmed_states") == 300 * (1 + 2 * 593));
}
