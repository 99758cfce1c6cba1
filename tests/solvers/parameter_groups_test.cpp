#include <doctest/doctest.h>

#include "core/error.hpp"
#include "solvers/parameter_groups.hpp"

using namespace tonnsim;
using namespace tonnsim::solvers;

namespace {
// Two TT layers of two cores each plus a dense head, listed out of offset order.
ParameterLayout network_layout() {
  return ParameterLayout({{"layer1/core0", 10, 4},
                          {"layer0/core0", 0, 6},
                          {"layer0/core1", 6, 4},
                          {"layer1/core1", 14, 3},
                          {"layer10/dense", 17, 2}},
                         19);
}

void check_rejected(const std::vector<ParameterGroup>& groups, Index dim, const char* fragment) {
  try {
    ParameterLayout layout(groups, dim);
    FAIL("layout accepted");
  } catch (const InputError& e) {
    CHECK(std::string(e.what()).find(fragment) != std::string::npos);
  }
}
}  // namespace

TEST_CASE("A parameter layout must tile the vector without gaps or overlaps") {
  CHECK_NOTHROW(network_layout());
  check_rejected({{"a", 0, 3}, {"b", 2, 3}}, 5, "overlaps");
  check_rejected({{"a", 0, 2}, {"b", 3, 2}}, 5, "in no group");
  check_rejected({{"a", 0, 2}, {"b", 2, 2}}, 5, "cover the dimension");
  check_rejected({{"a", 0, 2}, {"a", 2, 3}}, 5, "not unique");
  check_rejected({{"a//b", 0, 5}}, 5, "empty segments");
  check_rejected({{"a", 0, 0}, {"b", 0, 5}}, 5, "must be >= 1");
}

TEST_CASE("Prefix selection matches whole path segments") {
  const auto layout = network_layout();
  CHECK(layout.select("layer1").size() == 2);       // not layer10/dense
  CHECK(layout.select("layer1/").size() == 2);      // trailing slash ignored
  CHECK(layout.select("layer10").size() == 1);
  CHECK(layout.select("").size() == 5);
  CHECK(layout.select("layer0/core1").front().offset == 6);
  CHECK_THROWS_AS(layout.select("layer2"), InputError);
  CHECK_THROWS_AS(layout.group("layer0"), InputError);  // exact names only
  const auto coords = layout.coordinates({"layer0/core1", "layer10"});
  CHECK(coords == std::vector<Index>{6, 7, 8, 9, 17, 18});
}

TEST_CASE("Blocks at depth 0, 1 and 2 are joint, layer-wise and core-wise") {
  const auto layout = network_layout();
  const auto joint = layout.blocks(0);
  REQUIRE(joint.size() == 1);
  CHECK(joint[0].coordinates.size() == 19);
  const auto layers = layout.blocks(1);
  REQUIRE(layers.size() == 3);
  CHECK(layers[0].name == "layer1");  // order of first appearance in the layout
  CHECK(layers[0].coordinates == std::vector<Index>{10, 11, 12, 13, 14, 15, 16});
  CHECK(layers[1].name == "layer0");
  CHECK(layers[1].coordinates.size() == 10);
  const auto cores = layout.blocks(2, {"layer1"});
  REQUIRE(cores.size() == 2);
  CHECK(cores[1].name == "layer1/core1");
  CHECK(cores[1].coordinates == std::vector<Index>{14, 15, 16});
  CHECK(layout.blocks(7).size() == 5);
}
