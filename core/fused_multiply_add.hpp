#pragma once
// a * b + c with one rounding where the CPU has FMA (built with -march=native), else the
// plain expression: one definition for the vectorised kernels (fast sine in double and
// float, TT contraction), so every kernel rounds its multiply-adds the same way.
#include <cmath>

namespace tonnsim {

template <class T>
inline T madd(T a, T b, T c) {
#ifdef __FMA__
  return std::fma(a, b, c);
#else
  return a * b + c;
#endif
}

}  // namespace tonnsim
