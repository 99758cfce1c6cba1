#include "tonn/fast_sine.hpp"

#include <omp.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>

#include "core/fused_multiply_add.hpp"

namespace tonnsim::tonn {
namespace {

using Index = Eigen::Index;

constexpr double kInvPi = 3.18309886183790671538e-01;
// pi = kPiHi + kPiLo, kPiHi with 33 significant bits (twice fdlibm's pio2_1, pio2_1t).
constexpr double kPiHi = 3.14159265346825122834e+00;
constexpr double kPiLo = 1.21542010130123844986e-10;
// (-1)^n / (2n+1)!, n = 1..10.
constexpr double kT1 = -1.0 / 6, kT2 = 1.0 / 120, kT3 = -1.0 / 5040, kT4 = 1.0 / 362880,
                 kT5 = -1.0 / 39916800, kT6 = 1.0 / 6227020800.0,
                 kT7 = -1.0 / 1307674368000.0, kT8 = 1.0 / 355687428096000.0,
                 kT9 = -1.0 / 121645100408832000.0, kT10 = 1.0 / 51090942171709440000.0;
constexpr double kTwoOverPi = 6.36619772367581382433e-01;
// pi/2 = kPio2Hi + kPio2Lo; kPio2Hi has 33 significant bits so k * kPio2Hi is exact for
// |k| < 2^20 (fdlibm e_rem_pio2.c, pio2_1 and pio2_1t).
constexpr double kPio2Hi = 1.57079632673412561417e+00;
constexpr double kPio2Lo = 6.07710050650619224932e-11;
// Adding 1.5 * 2^52 rounds to the nearest integer and leaves it in the low mantissa bits.
constexpr double kRoundShift = 6755399441055744.0;

// fdlibm k_sin.c and k_cos.c minimax coefficients on [-pi/4, pi/4].
constexpr double kS1 = -1.66666666666666324348e-01, kS2 = 8.33333333332248946124e-03,
                 kS3 = -1.98412698298579493134e-04, kS4 = 2.75573137070700676789e-06,
                 kS5 = -2.50507602534068634195e-08, kS6 = 1.58969099521155010221e-10;
constexpr double kC1 = 4.16666666666666019037e-02, kC2 = -1.38888888888741095749e-03,
                 kC3 = 2.48015872894767294178e-05, kC4 = -2.75573143513906633035e-07,
                 kC5 = 2.08757232129817482790e-09, kC6 = -1.13596475577881948265e-11;

// Block length: the pre-scan for large arguments and the fast loop stay in L1.
constexpr Index kBlock = 512;

// Reduced argument r in [-pi/4, pi/4] (slightly beyond at ties) and quadrant q = k mod 4.
inline void reduce(double x, double& r, std::uint64_t& q) {
  const double t = madd(x, kTwoOverPi, kRoundShift);
  std::uint64_t bits;
  std::memcpy(&bits, &t, sizeof bits);
  q = bits & 3u;
  const double k = t - kRoundShift;
  r = madd(-k, kPio2Lo, madd(-k, kPio2Hi, x));
}

inline double sin_poly(double r) {
  const double z = r * r;
  const double p = madd(z, madd(z, madd(z, madd(z, kS6, kS5), kS4), kS3), kS2);
  return madd(z * r, madd(z, p, kS1), r);
}

inline double cos_poly(double r) {
  const double z = r * r;
  const double p = z * madd(z, madd(z, madd(z, madd(z, madd(z, kC6, kC5), kC4), kC3), kC2), kC1);
  const double hz = 0.5 * z;
  const double w = 1.0 - hz;
  return w + (((1.0 - w) - hz) + z * p);
}

// The arguments beyond the fast path's range in one block, found before the fast loop
// (which may overwrite x when y == x) and given std::sin afterwards, element by element:
// every element's value depends on its own argument only, never on which others share its
// block or batch (the bit-identity of a run split over MPI ranks, pinn/point_split.hpp,
// rests on this).
template <class T>
struct LargeArguments {
  Index count = 0;
  Index index[kBlock];
  T u[kBlock];
};

// Fills `large` with the elements of u = scale (x + shift) with |u| > max_arg. The common
// case (none) costs one vectorised pass.
template <class T>
void find_large_arguments(const T* x, Index n, T scale, T shift, T max_arg,
                          LargeArguments<T>& large) {
  large.count = 0;
  int any = 0;
  for (Index i = 0; i < n; ++i) any |= static_cast<int>(std::abs(scale * (x[i] + shift)) > max_arg);
  if (!any) return;
  for (Index i = 0; i < n; ++i) {
    const T u = scale * (x[i] + shift);
    if (std::abs(u) > max_arg) {
      large.index[large.count] = i;
      large.u[large.count] = u;
      ++large.count;
    }
  }
}

void sin_block(const double* x, double* y, Index n, double scale, double shift) {
  LargeArguments<double> large;
  find_large_arguments(x, n, scale, shift, kFastSineMaxArg_rad, large);
#pragma omp simd
  for (Index i = 0; i < n; ++i) {
    const double u = scale * (x[i] + shift);
    const double t = madd(u, kInvPi, kRoundShift);
    std::uint64_t bits;
    std::memcpy(&bits, &t, sizeof bits);
    const double k = t - kRoundShift;
    const double r = madd(-k, kPiLo, madd(-k, kPiHi, u));
    const double z = r * r;
    double p = madd(z, kT10, kT9);
    p = madd(z, p, kT8);
    p = madd(z, p, kT7);
    p = madd(z, p, kT6);
    p = madd(z, p, kT5);
    p = madd(z, p, kT4);
    p = madd(z, p, kT3);
    p = madd(z, p, kT2);
    p = madd(z, p, kT1);
    const double s = madd(r * z, p, r);
    y[i] = (bits & 1u) ? -s : s;
  }
  for (Index j = 0; j < large.count; ++j) y[large.index[j]] = std::sin(large.u[j]);
}

void sincos_block(const double* x, double* s_out, double* c_out, Index n) {
  LargeArguments<double> large;
  find_large_arguments(x, n, 1.0, 0.0, kFastSineMaxArg_rad, large);
#pragma omp simd
  for (Index i = 0; i < n; ++i) {
    double r;
    std::uint64_t q;
    reduce(x[i], r, q);
    const double s = sin_poly(r), c = cos_poly(r);
    const double sv = (q & 1u) ? c : s;
    const double cv = (q & 1u) ? s : c;
    s_out[i] = (q & 2u) ? -sv : sv;
    c_out[i] = ((q + 1u) & 2u) ? -cv : cv;
  }
  for (Index j = 0; j < large.count; ++j) {
    s_out[large.index[j]] = std::sin(large.u[j]);
    c_out[large.index[j]] = std::cos(large.u[j]);
  }
}

// Single precision: pi = kPiA + kPiB + kPiC (Cephes sinf's DP1..DP3 for pi/4, times 4);
// kPiA has 8 and kPiB 11 significant bits, so k kPiA and k kPiB are exact for |k| < 2^13.
constexpr float kInvPiF = 0.318309886183790671538f;
constexpr float kPiA = 3.140625f;
constexpr float kPiB = 9.67502593994140625e-4f;
constexpr float kPiC = 1.509957990978376432e-7f;
// Adding 1.5 * 2^23 rounds to the nearest integer and leaves it in the low mantissa bits.
constexpr float kRoundShiftF = 12582912.0f;
constexpr float kF1 = -1.0f / 6, kF2 = 1.0f / 120, kF3 = -1.0f / 5040, kF4 = 1.0f / 362880,
                kF5 = -1.0f / 39916800;

void sin_block_f32(const float* x, float* y, Index n, float scale, float shift) {
  LargeArguments<float> large;
  find_large_arguments(x, n, scale, shift, kFastSineF32MaxArg_rad, large);
#pragma omp simd
  for (Index i = 0; i < n; ++i) {
    const float u = scale * (x[i] + shift);
    const float t = madd<float>(u, kInvPiF, kRoundShiftF);
    std::uint32_t bits;
    std::memcpy(&bits, &t, sizeof bits);
    const float k = t - kRoundShiftF;
    const float r = madd<float>(-k, kPiC, madd<float>(-k, kPiB, madd<float>(-k, kPiA, u)));
    const float z = r * r;
    float p = madd<float>(z, kF5, kF4);
    p = madd<float>(z, p, kF3);
    p = madd<float>(z, p, kF2);
    p = madd<float>(z, p, kF1);
    const float s = madd<float>(r * z, p, r);
    y[i] = (bits & 1u) ? -s : s;
  }
  for (Index j = 0; j < large.count; ++j)
    y[large.index[j]] = static_cast<float>(std::sin(static_cast<double>(large.u[j])));
}

// Single precision by pi/2: pi/2 = kPio2A + kPio2B + kPio2C (Cephes sinf's DP1..DP3 for
// pi/4, times 2), exact products k kPio2A, k kPio2B for |k| < 2^13; the Cephes sinf and
// cosf minimax polynomials on [-pi/4, pi/4].
constexpr float kTwoOverPiF = 0.636619772367581343076f;
constexpr float kPio2A = 1.5703125f;
constexpr float kPio2B = 4.837512969970703125e-4f;
constexpr float kPio2C = 7.54978995489188216e-8f;
constexpr float kSinF1 = -1.6666654611e-1f, kSinF2 = 8.3321608736e-3f,
                kSinF3 = -1.9515295891e-4f;
constexpr float kCosF1 = 4.166664568298827e-2f, kCosF2 = -1.388731625493765e-3f,
                kCosF3 = 2.443315711809948e-5f;

void sin_difference_block_f32(const float* x, float* y, Index n, float scale, float cos_a,
                              float sin_a) {
  LargeArguments<float> large;
  find_large_arguments(x, n, scale, 0.0f, kFastSineF32MaxArg_rad, large);
#pragma omp simd
  for (Index i = 0; i < n; ++i) {
    const float h = scale * x[i];
    const float t = madd<float>(h, kTwoOverPiF, kRoundShiftF);
    std::uint32_t bits;
    std::memcpy(&bits, &t, sizeof bits);
    const float k = t - kRoundShiftF;
    const float r = madd<float>(-k, kPio2C, madd<float>(-k, kPio2B, madd<float>(-k, kPio2A, h)));
    const float z = r * r;
    const float sr = madd<float>(r * z, madd<float>(z, madd<float>(z, kSinF3, kSinF2), kSinF1), r);
    const float cr =
        madd<float>(z * z, madd<float>(z, madd<float>(z, kCosF3, kCosF2), kCosF1), madd<float>(-0.5f, z, 1.0f));
    // quadrant q = k mod 4: sin h = (sr, cr, -sr, -cr), cos h = (cr, -sr, -cr, sr). Quadrants
    // q and q + 2 negate both, which leaves y = 2 sin h (cos h cos a - sin h sin a) unchanged
    // bit for bit up to the sign of an exact zero (negation is exact and the multiply-add is
    // sign-symmetric), so only q mod 2 is selected: two selects and a negation instead of
    // four masked selects.
    const bool odd = (bits & 1u) != 0;
    const float sh = odd ? cr : sr;
    const float ch = odd ? -sr : cr;
    y[i] = 2.0f * sh * madd<float>(ch, cos_a, -sh * sin_a);
  }
  for (Index j = 0; j < large.count; ++j) {
    const double h = large.u[j];
    y[large.index[j]] = static_cast<float>(2.0 * std::sin(h) * (std::cos(h) * cos_a - std::sin(h) * sin_a));
  }
}

}  // namespace

void fast_sin_difference(const float* x, float* y, Index n, float scale, float cos_a,
                         float sin_a) {
  for (Index i0 = 0; i0 < n; i0 += kBlock)
    sin_difference_block_f32(x + i0, y + i0, std::min(kBlock, n - i0), scale, cos_a, sin_a);
}

void fast_sin(const float* x, float* y, Index n, float scale, float shift) {
  for (Index i0 = 0; i0 < n; i0 += kBlock)
    sin_block_f32(x + i0, y + i0, std::min(kBlock, n - i0), scale, shift);
}

void fast_sin(const double* x, double* y, Index n, double scale, double shift) {
  for (Index i0 = 0; i0 < n; i0 += kBlock)
    sin_block(x + i0, y + i0, std::min(kBlock, n - i0), scale, shift);
}

void fast_sincos(const double* x, double* s, double* c, Index n) {
  // Blocks are independent, so threads (long arrays only; serial inside a parallel
  // region) change no bit. Short arrays take a plain loop, never an OpenMP region: even a
  // region whose if clause is false cost about 2 us in the runtime here, and the
  // first-order gradient calls this once per unit of each hidden layer after the first
  // per block of 64 rows (742,000 calls a HJB-20 loss: that overhead was 85 % of its
  // gradient's time).
  const Index blocks = (n + kBlock - 1) / kBlock;
  const auto run = [&](Index b) {
    const Index i0 = b * kBlock;
    sincos_block(x + i0, s + i0, c + i0, std::min(kBlock, n - i0));
  };
  if (blocks < 64 || omp_in_parallel()) {
    for (Index b = 0; b < blocks; ++b) run(b);
    return;
  }
#pragma omp parallel for schedule(static)
  for (Index b = 0; b < blocks; ++b) run(b);
}

}  // namespace tonnsim::tonn
