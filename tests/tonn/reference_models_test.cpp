#include <doctest/doctest.h>

#include "tonn/reference_models.hpp"

using namespace tonnsim;
using namespace tonnsim::tonn;

namespace {
Hjb20ReferenceOptions hjb_options(double omega0, std::uint64_t seed) {
  Hjb20ReferenceOptions o;
  o.omega0 = omega0;
  o.seed = seed;
  return o;
}
}  // namespace

TEST_CASE("HJB-20 reference model has the published size") {
  const NetworkSpec spec = hjb20_reference_spec();
  Network net = build_network(spec);
  // cores 16+16+48+56 and 4 x 64, biases 512 + 512 + 1, last layer 512 weights
  CHECK(net.num_parameters() == 1929);
  CHECK(spec.num_parameters() == 1929);
  CHECK(dense_equivalent(spec).num_parameters() == 21 * 512 + 512 + 512 * 512 + 512 + 512 + 1);
  CHECK(build_network(dense_equivalent(spec)).num_parameters() == 274433);
  CHECK(net.input_dim() == 21);
  CHECK(net.output_dim() == 1);
  std::vector<std::string> names;
  for (const auto& g : net.parameter_groups()) names.push_back(g.name);
  CHECK(names == std::vector<std::string>{"layer0/core0", "layer0/core1", "layer0/core2",
                                          "layer0/core3", "layer0/bias", "layer1/core0",
                                          "layer1/core1", "layer1/core2", "layer1/core3",
                                          "layer1/bias", "layer2/weight", "layer2/bias"});
  // Right-to-left sweeps: layer 0 costs 3*7*8 + 4*6*8 + 16*2*8 + 64*2*8 = 1640 and the
  // hidden layer 4 * 512 * 8 = 16384 multiply-adds per sample (dense: 10752 and 262144).
  net.realize();
  CHECK(net.multiply_adds_per_sample() == 1640 + 16384 + 512);
}

TEST_CASE("TT initialisation gives the effective matrix the SIREN weight variance") {
  // Layer 1 (hidden): entries of A should have variance a^2/3, a = sqrt(6/512)/w0.
  // Entries of one draw share 256 core numbers, so average the second moment over seeds.
  const double w0 = 30.0, a = std::sqrt(6.0 / 512) / w0;
  double second_moment = 0;
  const int draws = 12;
  for (int seed = 0; seed < draws; ++seed) {
    Network net = make_hjb20_reference(hjb_options(w0, std::uint64_t(seed)));
    net.realize();
    second_moment += net.layer(1).dense_weight().array().square().mean() / draws;
  }
  CHECK(second_moment == doctest::Approx(a * a / 3).epsilon(0.25));
}
