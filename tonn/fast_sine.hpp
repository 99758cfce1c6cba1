#pragma once
// Vectorisable sine and cosine for whole arrays.
//
// Why: a sine network evaluates two sines per hidden unit per input (about 1.9e8 per HJB
// loss), and Eigen 3.4's .sin() for double is a scalar libm call per element. These loops
// are written so GCC vectorises them (no calls, no branches in the hot loop).
//
// Method: k = nearest integer to u/pi, r = u - k pi with pi split in two parts
// (Cody-Waite reduction; k * kPiHi is exact for |k| < 2^20), sin u = (-1)^k sin r with
// the Taylor polynomial of sin to degree 21 on |r| <= pi/2 (truncation error
// (pi/2)^23/23! ~ 1e-18): one polynomial, no quadrant selection, so fast_sin costs about
// 17 vector operations per element. fast_sincos, used for jets, follows fdlibm (Sun
// Microsystems 1993, k_sin.c / k_cos.c / e_rem_pio2.c): reduction by pi/2 and the
// minimax polynomials for sin and cos on [-pi/4, pi/4], the quadrant picking
// (+-sin r, +-cos r). Absolute error a few 1e-16 for |u| <= kFastSineMaxArg_rad; larger
// arguments fall back to std::sin / std::cos element by element: only the large elements,
// so every result depends on its own argument alone, never on the others in its batch
// (a run split over MPI ranks is bit-identical for every rank count, pinn/point_split.hpp).
#include <Eigen/Core>

namespace tonnsim::tonn {

/// Beyond this magnitude the three-part reduction loses exactness; std::sin takes over.
inline constexpr double kFastSineMaxArg_rad = 1.0e5;

/// y[i] = sin(scale * (x[i] + shift)) for i < n (an activation sin(w0 (z + b)) in one
/// pass). x and y may be the same array.
void fast_sin(const double* x, double* y, Eigen::Index n, double scale = 1.0, double shift = 0.0);

/// Beyond this magnitude the single-precision reduction loses exactness (k pi_1 and k pi_2
/// exact for |k| < 2^13); the double-precision sine takes over.
inline constexpr float kFastSineF32MaxArg_rad = 8192.0f;

/// Single precision (issue 13 item 2): y[i] = sin(scale * (x[i] + shift)), the argument
/// formed in float. Reduction by pi in three parts (Cody-Waite, the Cephes sinf constants
/// times 4), sin u = (-1)^k sin r with the Taylor polynomial to degree 11 on |r| <= pi/2
/// (truncation (pi/2)^13 / 13! = 5.7e-8) in float with fused multiply-adds, a loop written
/// to vectorise (8 float lanes per AVX2 vector; not yet timed). Error against the exact sine of the float argument: below 2.4e-7 (2 float
/// ulps of 1) for |u| <= kFastSineF32MaxArg_rad (tests/tonn/fast_sine_test.cpp).
void fast_sin(const float* x, float* y, Eigen::Index n, float scale = 1.0f, float shift = 0.0f);

/// Single precision, a sine's change from a reference argument a (Network::evaluate_stencil
/// in kF32 forms every hidden activation as a difference against the stencil's centre):
///
///   y[i] = sin(a + scale x[i]) - sin(a) = 2 sin h (cos h cos a - sin h sin a),
///   h = scale x[i] / 2,
///
/// with cos_a = cos a and sin_a = sin a given (formed in double, rounded to float). The
/// rounding error is relative to the change, about 4 float ulps of |scale x[i]|, not to
/// sin(a + scale x[i]) as in sin(a + scale x) - sin(a) formed directly. sin h and cos h
/// come from one reduction by pi/2 (three parts, the Cephes sinf/cosf constants times 2) and
/// the Cephes sinf/cosf polynomials on [-pi/4, pi/4] (Moshier, Cephes 1989), with the
/// quadrant picked as in fast_sincos; |h| > kFastSineF32MaxArg_rad falls back to the double
/// sine element by element. x and y may be the same array
/// (tests/tonn/fast_sine_test.cpp).
void fast_sin_difference(const float* x, float* y, Eigen::Index n, float scale, float cos_a,
                         float sin_a);

/// s[i] = sin(x[i]), c[i] = cos(x[i]). Element-wise: s or c may be the same array as x.
void fast_sincos(const double* x, double* s, double* c, Eigen::Index n);

}  // namespace tonnsim::tonn
