#pragma once
// Vectorisable sine and cosine for whole arrays.
//
// Why: a sine network evaluates two sines per hidden unit per input (about 1.9e8 per HJB
// loss), and Eigen 3.4's .sin() for double is a scalar libm call per element. These loops
// are written so GCC vectorises them (no calls, no branches in the hot loop).
//
// Method (fdlibm, Sun Microsystems 1993, k_sin.c / k_cos.c / e_rem_pio2.c):
//   k = nearest integer to x * 2/pi, r = x - k pi/2 with pi/2 split in three parts
//   (Cody-Waite reduction, exact products for |k| < 2^20), then the fdlibm minimax
//   polynomials for sin and cos on [-pi/4, pi/4] and the quadrant k mod 4 picks
//   (+-sin r, +-cos r). Absolute error <= ~2 ulp of 1 for |x| <= kFastSineMaxArg_rad;
//   larger arguments (and any element the fast path cannot reduce exactly) fall back to
//   std::sin / std::cos element by element.
#include <Eigen/Core>

namespace tonnsim::tonn {

/// Beyond this magnitude the three-part reduction loses exactness; std::sin takes over.
inline constexpr double kFastSineMaxArg_rad = 1.0e5;

/// y[i] = sin(x[i]) for i < n. x and y may alias.
void fast_sin(const double* x, double* y, Eigen::Index n);

/// s[i] = sin(x[i]), c[i] = cos(x[i]). Element-wise: s or c may be the same array as x.
void fast_sincos(const double* x, double* s, double* c, Eigen::Index n);

}  // namespace tonnsim::tonn
