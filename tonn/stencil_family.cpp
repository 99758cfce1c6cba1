#include "tonn/stencil_family.hpp"

namespace tonnsim::tonn {

void StencilFamily::evaluate_stencil(const ConstMatRef& X, const ConstMatRef& S,
                                     std::vector<Mat>& Y) {
  Y.resize(static_cast<std::size_t>(size()));
  for (int m = 0; m < size(); ++m) {
    Y[m].resize(S.cols(), X.cols());
    member(m).evaluate_stencil(X, S, Y[m]);
  }
}

}  // namespace tonnsim::tonn
