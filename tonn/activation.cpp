#include "tonn/activation.hpp"

#include <algorithm>
#include <cmath>

#include "core/error.hpp"
#include "tonn/fast_sine.hpp"

namespace tonnsim::tonn {

using Index = Eigen::Index;

void Activation::validate() const {
  require(std::isfinite(omega0) && omega0 > 0, "omega0", omega0, "must be finite and > 0");
}

namespace {
template <class T>
void apply_activation(const Activation& a, const T* z, T* out, Index n, T shift) {
  switch (a.kind) {
    case ActivationKind::kSine:
      fast_sin(z, out, n, static_cast<T>(a.omega0), shift);
      break;
    case ActivationKind::kTanh:
      for (Index i = 0; i < n; ++i) out[i] = std::tanh(z[i] + shift);
      break;
    case ActivationKind::kRelu:
#pragma omp simd
      for (Index i = 0; i < n; ++i) out[i] = z[i] + shift > 0 ? z[i] + shift : T(0);
      break;
    case ActivationKind::kIdentity:
#pragma omp simd
      for (Index i = 0; i < n; ++i) out[i] = z[i] + shift;
      break;
  }
}
}  // namespace

void Activation::apply(const double* z, double* out, Index n, double shift) const {
  apply_activation(*this, z, out, n, shift);
}

void Activation::apply(const float* z, float* out, Index n, float shift) const {
  apply_activation(*this, z, out, n, shift);
}

Activation::Reference Activation::reference(double p) const {
  Reference r;
  r.p = p;
  const double zero = 0.0;
  apply(&zero, &r.value, 1, p);  // a(0 + p): the bits apply() gives an input equal to p
  if (kind == ActivationKind::kSine) {
    r.c = std::cos(omega0 * p);
    r.s = std::sin(omega0 * p);
  } else if (kind == ActivationKind::kTanh) {
    r.c = std::tanh(p);
  }
  return r;
}

void Activation::apply_difference(const float* dz, float* out, Index n, const Reference& ref) const {
  switch (kind) {
    case ActivationKind::kSine:
      fast_sin_difference(dz, out, n, static_cast<float>(0.5 * omega0), static_cast<float>(ref.c),
                          static_cast<float>(ref.s));
      break;
    case ActivationKind::kTanh:
      // in double: tanh(p + dz) - tanh p loses about 1e-16 absolute, far below the float
      // rounding of the change; the addition formula tanh dz (1 - t^2) / (1 + t tanh dz)
      // cancels in float when a saturated unit's shift crosses over (t tanh dz -> -1)
      for (Index i = 0; i < n; ++i)
        out[i] = static_cast<float>(std::tanh(ref.p + static_cast<double>(dz[i])) - ref.c);
      break;
    case ActivationKind::kRelu: {
      const double base = std::max(0.0, ref.p);
      for (Index i = 0; i < n; ++i)
        out[i] = static_cast<float>(std::max(0.0, ref.p + static_cast<double>(dz[i])) - base);
      break;
    }
    case ActivationKind::kIdentity:
      if (out != dz) std::copy(dz, dz + n, out);
      break;
  }
}

void Activation::derivatives(const double* z, double* value, double* d1, double* d2, Index n) const {
  switch (kind) {
    case ActivationKind::kSine: {
      const double w = omega0;
      for (Index i = 0; i < n; ++i) value[i] = w * z[i];
      fast_sincos(value, value, d1, n);
#pragma omp simd
      for (Index i = 0; i < n; ++i) {
        d2[i] = -w * w * value[i];
        d1[i] *= w;
      }
      break;
    }
    case ActivationKind::kTanh:
      for (Index i = 0; i < n; ++i) {
        const double t = std::tanh(z[i]);
        value[i] = t;
        d1[i] = 1 - t * t;
        d2[i] = -2 * t * (1 - t * t);
      }
      break;
    case ActivationKind::kRelu:
      for (Index i = 0; i < n; ++i) {
        const bool on = z[i] > 0;
        value[i] = on ? z[i] : 0.0;
        d1[i] = on ? 1.0 : 0.0;
        d2[i] = 0.0;
      }
      break;
    case ActivationKind::kIdentity:
      for (Index i = 0; i < n; ++i) {
        value[i] = z[i];
        d1[i] = 1.0;
        d2[i] = 0.0;
      }
      break;
  }
}

}  // namespace tonnsim::tonn
