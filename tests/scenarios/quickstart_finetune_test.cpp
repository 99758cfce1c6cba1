// The shipped in-situ fine-tuning of the quick start (scenarios/quickstart-finetune.yaml):
// an offline-trained network programmed on the photonic chip with the published
// non-idealities loses accuracy to uncompensated crosstalk, and coordinate-wise ZO on the
// digital read-out, from loss measurements on the chip only, wins it back.
#include <doctest/doctest.h>

#include "scenarios/cli_helpers.hpp"
#include "scenarios/final_accuracy.hpp"
#include "scenarios/temp_path.hpp"

using namespace tonnsim::runner;

// Measured with the shipped 100 iterations (session 14, seed 1): programmed 9.1e-2 (3.9x the
// best constant), 5.66e-2 at 20 iterations (6.3x), 5.10e-2 at 100 (6.9x); chip instances
// 2 / 3 end at 7.7x / 7.8x. The first 20 iterations (the shipped cosine schedule's first
// fifth) must take the rel L2 of u below 3/4 of the programmed network's and the learned
// part 5x below the best constant, the in-situ aim; about 10 s on one core. Only the
// read-out may move: 20 iterations of L(theta) and 2 x 65 read-out states each.
TEST_CASE("In-situ ZO on the read-out wins back the quick-start network's programming error") {
  TempPath out("quickstart_finetune.h5");
  const CliResult r = cli({"run", "scenarios/quickstart-finetune.yaml", "--out", out.str(),
                           "--progress", "off", "--set", "run.iterations=20", "--set",
                           "run.eval_every=20"});
  INFO(r.err);
  REQUIRE(r.code == 0);
  const auto [learned, constant, improvement] = final_accuracy(out.str());
  const auto h = Hdf5File::open(out.str());
  const double before = h.double_attribute("/final", "initial_rel_l2");
  const double after = h.double_attribute("/final", "rel_l2");
  MESSAGE("rel L2 of u: programmed " << before << ", after 20 in-situ iterations " << after);
  CHECK(h.double_attribute("/final", "programming_error") > 0.05);  // crosstalk is not compensated
  CHECK(after < 0.75 * before);
  CHECK(learned < constant / 5.0);  // the constant is the best baseline (improvement = ratio)
  CHECK(improvement == doctest::Approx(constant / learned));
  CHECK(h.int_attribute("/final", "programmed_states") == 20 * (1 + 2 * 65));
}
