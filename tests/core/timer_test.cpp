#include <doctest/doctest.h>

#include <string>

#include "core/timer.hpp"

using namespace tonnsim;

TEST_CASE("The profile's shares are of the wall time, so nested phases do not add to 100 %") {
  TimerRegistry& r = TimerRegistry::global();
  r.clear();
  r.add("zo/step", 0.55);
  r.add("loss/forward", 0.50);  // runs inside zo/step
  const std::string report = r.report(0.59);
  // 0.55 / 0.59 = 93.2 %, 0.50 / 0.59 = 84.7 % (a share of the sum would say 52.4 %, 47.6 %).
  CHECK(report.find("zo/step") < report.find("loss/forward"));  // sorted by seconds
  CHECK(report.find("93.2%") != std::string::npos);
  CHECK(report.find("84.7%") != std::string::npos);
  CHECK(report.find("52.4%") == std::string::npos);
  CHECK(report.find("wall 0.590000 s") != std::string::npos);
  r.clear();
}
