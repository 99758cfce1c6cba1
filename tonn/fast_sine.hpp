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
// arguments fall back to std::sin / std::cos element by element.
#include <Eigen/Core>

namespace tonnsim::tonn {

/// Beyond this magnitude the three-part reduction loses exactness; std::sin takes over.
inline constexpr double kFastSineMaxArg_rad = 1.0e5;

/// y[i] = sin(scale * (x[i] + shift)) for i < n (an activation sin(w0 (z + b)) in one
/// pass). x and y may be the same array.
void fast_sin(const double* x, double* y, Eigen::Index n, double scale = 1.0, double shift = 0.0);

/// s[i] = sin(x[i]), c[i] = cos(x[i]). Element-wise: s or c may be the same array as x.
void fast_sincos(const double* x, double* s, double* c, Eigen::Index n);

}  // namespace tonnsim::tonn
