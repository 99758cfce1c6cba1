#pragma once
// Several scalar fields f_0 .. f_{M-1} on the same inputs, evaluated on one stencil in one
// call: Y_m(k, b) = f_m(x_b + s_k). This is what the M programmed states of one
// zeroth-order iteration ask of a network (one loss per state, all on the same points and
// stencil), and evaluating them together lets an implementation share the work the members
// have in common (tonn/network_family.hpp: the layers a perturbed state shares with the
// unperturbed one).
#include <vector>

#include "tonn/batch_function.hpp"

namespace tonnsim::tonn {

class StencilFamily {
 public:
  virtual ~StencilFamily() = default;

  /// M, the number of members.
  virtual int size() const = 0;
  /// Member m as a function of its own (0 <= m < size()).
  virtual BatchFunction& member(int m) = 0;

  /// Y[m] (resized to K x B) = member m on the stencil: Y[m](k, b) = f_m(X.col(b) + S.col(k)).
  /// The default evaluates the members one after the other; an override must give the same
  /// values.
  virtual void evaluate_stencil(const ConstMatRef& X, const ConstMatRef& S, std::vector<Mat>& Y);
};

}  // namespace tonnsim::tonn
