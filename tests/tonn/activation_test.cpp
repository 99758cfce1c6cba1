#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "tonn/activation.hpp"

using namespace tonnsim::tonn;

// Activation::apply_difference (the kF32 stencil's change a(p + dz) - a(p)) against the
// change formed in long double, relative to the change's own size: float rounding of the
// change allows a few 6e-8. Saturated tanh units whose shift crosses over (p = 10, dz =
// -9.5; p = 20, dz = -20) are where an addition-formula form cancels (74 % and NaN there).
TEST_CASE("Activation changes in single precision are accurate relative to the change, "
          "saturated tanh units included") {
  struct Case {
    ActivationKind kind;
    double omega0, p;
  };
  const std::vector<Case> cases = {
      {ActivationKind::kTanh, 1.0, 0.3},  {ActivationKind::kTanh, 1.0, 5.0},
      {ActivationKind::kTanh, 1.0, 10.0}, {ActivationKind::kTanh, 1.0, -20.0},
      {ActivationKind::kTanh, 1.0, 20.0}, {ActivationKind::kRelu, 1.0, 0.25},
      {ActivationKind::kSine, 30.0, 0.7}, {ActivationKind::kSine, 3.0, -2.1}};
  const std::vector<float> dz = {1e-4f, -1e-4f, 0.1f, -0.1f, -6.0f, -9.5f, -20.0f, 20.0f, 0.0f};
  for (const Case& c : cases) {
    const Activation act{c.kind, c.omega0};
    const Activation::Reference ref = act.reference(c.p);
    std::vector<float> out(dz.size());
    act.apply_difference(dz.data(), out.data(), static_cast<Eigen::Index>(dz.size()), ref);
    for (std::size_t i = 0; i < dz.size(); ++i) {
      const long double z0 = c.p, z1 = c.p + static_cast<long double>(dz[i]);
      long double exact = 0;
      switch (c.kind) {
        case ActivationKind::kTanh: exact = std::tanh(z1) - std::tanh(z0); break;
        case ActivationKind::kRelu: exact = std::max(0.0L, z1) - std::max(0.0L, z0); break;
        default:
          exact = std::sin(c.omega0 * z1) - std::sin(c.omega0 * z0);
      }
      CAPTURE(static_cast<int>(c.kind));
      CAPTURE(c.p);
      CAPTURE(dz[i]);
      REQUIRE(std::isfinite(out[i]));
      // float rounding of the change (2^-24 relative) plus the reference's own rounding
      CHECK(std::abs(static_cast<long double>(out[i]) - exact) <=
            4e-7L * std::abs(exact) + 1e-15L);
    }
  }
}
