#pragma once
// Element-wise activations with their first and second derivatives (the latter for the
// exact forward-mode jets of networks).
#include <array>

#include "core/enum_names.hpp"
#include "core/types.hpp"

namespace tonnsim::tonn {

enum class ActivationKind { kSine, kTanh, kRelu, kIdentity };

}  // namespace tonnsim::tonn

namespace tonnsim {
template <>
struct EnumNames<tonn::ActivationKind> {
  static constexpr const char* type = "activation";
  static constexpr std::array<std::pair<tonn::ActivationKind, const char*>, 4> names{
      {{tonn::ActivationKind::kSine, "sine"},
       {tonn::ActivationKind::kTanh, "tanh"},
       {tonn::ActivationKind::kRelu, "relu"},
       {tonn::ActivationKind::kIdentity, "identity"}}};
};
}  // namespace tonnsim

namespace tonnsim::tonn {

/// a(z) = sin(omega0 z) (SIREN, Sitzmann et al., NeurIPS 2020), tanh z, max(0, z), or z.
struct Activation {
  ActivationKind kind = ActivationKind::kSine;
  // Sine frequency w0, applied inside the sine as in SIREN (sin(w0 (W x + b))); the
  // SIREN initialisation divides hidden weights by the same w0. Ignored by other kinds.
  double omega0 = 1.0;

  void validate() const;

  /// out[i] = a(z[i] + shift) for n elements (the bias folded into the activation pass);
  /// out may be z.
  void apply(const double* z, double* out, Eigen::Index n, double shift = 0.0) const;
  /// The same in single precision (Precision::kF32): omega0 and the shift rounded to
  /// float, the float fast sine (tonn/fast_sine.hpp).
  void apply(const float* z, float* out, Eigen::Index n, float shift = 0.0f) const;
  /// z <- a(z) for n elements.
  void apply(double* z, Eigen::Index n) const { apply(z, z, n); }

  /// What apply_difference() needs of a reference pre-activation p (bias included), formed
  /// in double once per reference: value = a(p), and for kSine c = cos(w0 p), s = sin(w0 p),
  /// for kTanh c = tanh p.
  struct Reference {
    double p = 0, value = 0, c = 0, s = 0;
  };
  Reference reference(double p) const;
  /// Single precision, the change from a reference (Network::evaluate_stencil in kF32):
  /// out[i] = a(p + dz[i]) - a(p), formed so that its rounding error is relative to the
  /// change rather than to a(p + dz[i]):
  ///   sine      2 sin h cos(w0 p + h), h = w0 dz / 2 (fast_sin_difference);
  ///   tanh      tanh(p + dz) - tanh p in double (the addition formula cancels when a
  ///             saturated unit's shift crosses over);
  ///   relu      max(0, p + dz) - max(0, p) in double;
  ///   identity  dz.
  /// out may be dz.
  void apply_difference(const float* dz, float* out, Eigen::Index n, const Reference& ref) const;

  /// a, a' and a'' at z (n elements each). `value` may be the same array as z. ReLU's
  /// kink is given derivative 0 and second derivative 0.
  void derivatives(const double* z, double* value, double* d1, double* d2, Eigen::Index n) const;
};

}  // namespace tonnsim::tonn
