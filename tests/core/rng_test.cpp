#include <doctest/doctest.h>

#include "core/rng.hpp"

TEST_CASE("Random streams are reproducible and distinct per purpose and index") {
  using namespace tonnsim;
  auto a = make_rng(42, Stream::kPhaseNoise, 3);
  auto b = make_rng(42, Stream::kPhaseNoise, 3);
  auto c = make_rng(42, Stream::kPhaseNoise, 4);
  auto d = make_rng(42, Stream::kFabrication, 3);
  const auto xa = a(), xb = b(), xc = c(), xd = d();
  CHECK(xa == xb);
  CHECK(xa != xc);
  CHECK(xa != xd);
}
