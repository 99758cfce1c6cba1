#include <doctest/doctest.h>

#include <cmath>
#include <random>
#include <vector>

#include "core/rng.hpp"
#include "tonn/fast_sine.hpp"

using namespace tonnsim;
using namespace tonnsim::tonn;

TEST_CASE("Vectorised sine and cosine match libm to a few 1e-16") {
  Rng rng = make_rng(3, Stream::kOther);
  std::vector<double> x;
  for (double scale : {1e-300, 1e-8, 1.0, 3.0, 40.0, 1e3, 9e4, 1e6, 1e12}) {
    std::uniform_real_distribution<double> u(-scale, scale);
    for (int i = 0; i < 2000; ++i) x.push_back(u(rng));
  }
  // Arguments next to multiples of pi/2, where the reduction must not cancel.
  for (int k = -2000; k <= 2000; k += 7) {
    const double c = k * 1.5707963267948966;
    x.insert(x.end(), {c, std::nextafter(c, 1e9), std::nextafter(c, -1e9)});
  }
  x.push_back(0.0);
  x.push_back(-0.0);
  std::vector<double> s(x.size()), c(x.size()), s2(x.size());
  fast_sincos(x.data(), s.data(), c.data(), static_cast<Eigen::Index>(x.size()));
  fast_sin(x.data(), s2.data(), static_cast<Eigen::Index>(x.size()));
  double worst = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    worst = std::max({worst, std::abs(s[i] - std::sin(x[i])), std::abs(c[i] - std::cos(x[i])),
                      std::abs(s2[i] - s[i])});
  }
  CHECK(worst <= 4.5e-16);
  // The fused form sin(scale (x + shift)) is the plain sine of the rounded argument.
  std::vector<double> fused(x.size());
  fast_sin(x.data(), fused.data(), static_cast<Eigen::Index>(x.size()), 30.0, 0.25);
  double worst_fused = 0;
  for (std::size_t i = 0; i < x.size(); ++i)
    worst_fused = std::max(worst_fused, std::abs(fused[i] - std::sin(30.0 * (x[i] + 0.25))));
  CHECK(worst_fused <= 4.5e-16);
  // In place, and non-finite inputs give NaN.
  std::vector<double> y{0.5, INFINITY, NAN};
  fast_sin(y.data(), y.data(), 3);
  CHECK(y[0] == doctest::Approx(std::sin(0.5)).epsilon(1e-16));
  CHECK(std::isnan(y[1]));
  CHECK(std::isnan(y[2]));
}

TEST_CASE("The single-precision vectorised sine is within 2.4e-7 (2 float ulps of 1) of the "
          "exact sine of its float argument, and falls back beyond its reduction range") {
  Rng rng = make_rng(4, Stream::kOther);
  std::vector<float> x;
  for (float scale : {1e-30f, 1e-4f, 1.0f, 3.0f, 40.0f, 1e3f, 8000.0f}) {
    std::uniform_real_distribution<float> u(-scale, scale);
    for (int i = 0; i < 20000; ++i) x.push_back(u(rng));
  }
  // Next to multiples of pi, where r cancels, and at the range's end.
  for (int k = -2600; k <= 2600; k += 3) {
    const float c = static_cast<float>(k * 3.14159265358979323846);
    x.insert(x.end(), {c, std::nextafter(c, 1e9f), std::nextafter(c, -1e9f)});
  }
  x.insert(x.end(), {0.0f, -0.0f, kFastSineF32MaxArg_rad, -kFastSineF32MaxArg_rad});
  std::vector<float> s(x.size());
  fast_sin(x.data(), s.data(), static_cast<Eigen::Index>(x.size()));
  double worst = 0.0;
  for (std::size_t i = 0; i < x.size(); ++i)
    worst = std::max(worst, std::abs(double(s[i]) - std::sin(double(x[i]))));
  MESSAGE("worst single-precision sine error " << worst);
  CHECK(worst <= 2.4e-7);
  CHECK(worst > 0.0);  // float, not double, arithmetic
  // The fused form sin(scale (x + shift)) is the sine of the float argument formed first,
  // and arguments beyond the range go through the double sine.
  std::vector<float> fused(x.size());
  fast_sin(x.data(), fused.data(), static_cast<Eigen::Index>(x.size()), 2.0f, 0.25f);
  double worst_fused = 0.0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    const float u = 2.0f * (x[i] + 0.25f);
    const double exact = std::sin(double(u));
    worst_fused = std::max(worst_fused, std::abs(double(fused[i]) - exact));
  }
  CHECK(worst_fused <= 2.4e-7);
}
