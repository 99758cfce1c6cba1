#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
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

TEST_CASE("The single-precision sine difference sin(a + 2h) - sin(a) has an error relative to "
          "the change, 4 float ulps of |2h|, not of the sine, and falls back beyond its range") {
  // y = 2 sin h cos(a + h) in double is the exact change for the float h = scale x; float
  // rounding of sin(a + 2h) itself would be 6e-8 absolute whatever the change (the error the
  // kF32 stencil avoids, Network::prepare_centre).
  Rng rng = make_rng(6, Stream::kOther);
  std::uniform_real_distribution<double> angle(-10.0, 10.0);
  double worst_relative = 0.0, worst_large = 0.0;
  for (float range : {1e-30f, 1e-6f, 1e-3f, 0.05f, 0.5f, 2.0f, 40.0f, 8000.0f, 3e4f}) {
    std::uniform_real_distribution<float> u(-range, range);
    for (int rep = 0; rep < 20; ++rep) {
      const double a = angle(rng);
      const float cos_a = static_cast<float>(std::cos(a)), sin_a = static_cast<float>(std::sin(a));
      std::vector<float> x(1000), y(1000);
      for (float& v : x) v = u(rng);
      x[0] = 0.0f;
      const float scale = 0.5f * 30.0f;  // w0 / 2, the SIREN w0 = 30
      fast_sin_difference(x.data(), y.data(), static_cast<Eigen::Index>(x.size()), scale, cos_a,
                          sin_a);
      CHECK(y[0] == 0.0f);  // no change, exactly
      for (std::size_t i = 0; i < x.size(); ++i) {
        const double h = static_cast<double>(scale * x[i]);
        const double exact = 2.0 * std::sin(h) * std::cos(a + h);
        const double err = std::abs(double(y[i]) - exact);
        if (std::abs(h) <= 0.5)
          worst_relative = std::max(worst_relative, err / std::abs(2.0 * h + 1e-300));
        else
          worst_large = std::max(worst_large, err);
      }
    }
  }
  MESSAGE("sine difference: worst error / |2h| for |h| <= 0.5: " << worst_relative
          << ", worst absolute error beyond: " << worst_large);
  CHECK(worst_relative <= 4 * 5.97e-8);  // 4 float ulps (2^-24 each) of the change
  CHECK(worst_relative > 0.0);           // float, not double, arithmetic
  CHECK(worst_large <= 4.8e-7);          // 4 float ulps of 1
}

namespace {

// Bit pattern equality (NaN-safe, tells -0 from +0).
template <class T>
bool same_bits(T a, T b) {
  return std::memcmp(&a, &b, sizeof a) == 0;
}

// Whether every value's sine is the same bits whether evaluated alone, at every position of
// a 512-block (the fast sine's block) that also holds a huge argument, in place (y == x),
// and at every position of a short array (vector body and scalar tail).
template <class T, class Sine>
void check_position_independent(const std::vector<T>& values, T huge, Sine sine) {
  std::vector<T> alone(values.size());
  for (std::size_t v = 0; v < values.size(); ++v) sine(&values[v], &alone[v], 1);
  const Eigen::Index block = 512;
  for (Eigen::Index huge_at : {Eigen::Index(0), Eigen::Index(7), block - 1}) {
    // The values tiled over one block plus a ragged tail, the huge argument in the block.
    std::vector<T> x(block + 37);
    for (std::size_t i = 0; i < x.size(); ++i) x[i] = values[i % values.size()];
    x[huge_at] = huge;
    std::vector<T> y(x.size());
    sine(x.data(), y.data(), static_cast<Eigen::Index>(x.size()));
    std::vector<T> in_place = x;
    sine(in_place.data(), in_place.data(), static_cast<Eigen::Index>(x.size()));
    int differing = 0;
    for (std::size_t i = 0; i < x.size(); ++i) {
      if (static_cast<Eigen::Index>(i) == huge_at) continue;
      differing += !same_bits(y[i], alone[i % values.size()]);
      differing += !same_bits(in_place[i], y[i]);
    }
    CHECK_MESSAGE(differing == 0, "huge argument at " << huge_at);
    T huge_alone;
    sine(&huge, &huge_alone, 1);
    CHECK(same_bits(y[huge_at], huge_alone));
  }
  // Every position of arrays of lengths 1..19 (no huge argument).
  for (std::size_t n = 1; n < 20; ++n)
    for (std::size_t v = 0; v < values.size(); ++v) {
      std::vector<T> x(n, T(0.3)), y(n);
      for (std::size_t at = 0; at < n; ++at) {
        x.assign(n, T(0.3));
        x[at] = values[v];
        sine(x.data(), y.data(), static_cast<Eigen::Index>(n));
        CHECK(same_bits(y[at], alone[v]));
      }
    }
}

template <class T>
std::vector<T> position_test_values(T max_arg) {
  std::vector<T> v{T(0), T(-0.0), T(1e-20), T(0.5), T(-1.25), T(3.14159265), T(40), T(-777.5),
                   max_arg, -max_arg};
  Rng rng = make_rng(9, Stream::kOther);
  std::uniform_real_distribution<T> u(-max_arg, max_arg);
  for (int i = 0; i < 23; ++i) v.push_back(u(rng));
  return v;
}

// fast_sin(x, y, n, scale, shift) with the values spanning the fast range of u.
template <class T>
void check_fast_sin_position_independent(T max_arg_u, T scale, T shift) {
  check_position_independent(position_test_values(max_arg_u / scale), T(1e6),
                             [scale, shift](const T* x, T* y, Eigen::Index n) {
                               fast_sin(x, y, n, scale, shift);
                             });
}

}  // namespace

TEST_CASE("A sine's value does not depend on the other arguments in its batch: the same bits "
          "alone, next to a huge argument (1e6), in place, and at any position") {
  SUBCASE("double") { check_fast_sin_position_independent(kFastSineMaxArg_rad, 1.0, 0.0); }
  SUBCASE("double, fused scale and shift") {
    check_fast_sin_position_independent(kFastSineMaxArg_rad / 2, 3.0, 0.125);
  }
  SUBCASE("float") { check_fast_sin_position_independent(kFastSineF32MaxArg_rad, 1.0f, 0.0f); }
  SUBCASE("float, fused scale and shift") {
    check_fast_sin_position_independent(kFastSineF32MaxArg_rad / 2, 3.0f, 0.125f);
  }
  SUBCASE("sincos: sine and cosine") {
    for (bool cosine : {false, true})
      check_position_independent(position_test_values(kFastSineMaxArg_rad), 1e6,
                                 [cosine](const double* x, double* y, Eigen::Index n) {
                                   std::vector<double> other(static_cast<std::size_t>(n));
                                   if (cosine)
                                     fast_sincos(x, other.data(), y, n);
                                   else
                                     fast_sincos(x, y, other.data(), n);
                                 });
  }
}

TEST_CASE("fast_sincos gives the same bits over threads, inside a parallel region and in "
          "64-element pieces (the first-order gradient's calls)") {
  // 40,000 arguments: 79 blocks of 512, enough for the loop over threads outside a region.
  Rng rng = make_rng(5, Stream::kOther);
  std::uniform_real_distribution<double> u(-200.0, 200.0);
  std::vector<double> x(40000);
  for (double& v : x) v = u(rng);
  x[12345] = 3e5;  // one argument past kFastSineMaxArg_rad: the libm fallback
  const auto n = static_cast<Eigen::Index>(x.size());
  std::vector<double> s(x.size()), c(x.size()), s_in(x.size()), c_in(x.size()),
      s_pieces(x.size()), c_pieces(x.size());
  fast_sincos(x.data(), s.data(), c.data(), n);
#pragma omp parallel
  {
#pragma omp single
    fast_sincos(x.data(), s_in.data(), c_in.data(), n);
  }
  for (Eigen::Index i0 = 0; i0 < n; i0 += 64)
    fast_sincos(x.data() + i0, s_pieces.data() + i0, c_pieces.data() + i0, std::min<Eigen::Index>(64, n - i0));
  const auto bytes = x.size() * sizeof(double);
  CHECK(std::memcmp(s.data(), s_in.data(), bytes) == 0);
  CHECK(std::memcmp(c.data(), c_in.data(), bytes) == 0);
  CHECK(std::memcmp(s.data(), s_pieces.data(), bytes) == 0);
  CHECK(std::memcmp(c.data(), c_pieces.data(), bytes) == 0);
  CHECK(s[12345] == std::sin(3e5));
}
