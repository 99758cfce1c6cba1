#include "tonn/batch_function.hpp"

#include <algorithm>

#include "core/error.hpp"

namespace tonnsim::tonn {

void BatchFunction::evaluate_stencil(const ConstMatRef& X, const ConstMatRef& S, MatRef Y) {
  const Eigen::Index D = X.rows(), B = X.cols(), K = S.cols();
  require(S.rows() == D, "stencil rows", S.rows(), "must equal the input dimension " + std::to_string(D));
  require(Y.rows() == K && Y.cols() == B, "stencil output shape", Y.rows() * 1000000 + Y.cols(),
          "must be K x B = " + std::to_string(K) + " x " + std::to_string(B));
  // Chunk over points so the scratch stays near 1e6 doubles whatever the batch.
  const Eigen::Index per_chunk = std::max<Eigen::Index>(1, 1000000 / std::max<Eigen::Index>(1, D * K));
  Mat pts(D, K * std::min(per_chunk, B));
  Vec vals(pts.cols());
  for (Eigen::Index b0 = 0; b0 < B; b0 += per_chunk) {
    const Eigen::Index nb = std::min(per_chunk, B - b0);
    for (Eigen::Index b = 0; b < nb; ++b)
      pts.middleCols(b * K, K) = S.colwise() + X.col(b0 + b);
    evaluate(pts.leftCols(nb * K), vals.head(nb * K));
    for (Eigen::Index b = 0; b < nb; ++b) Y.col(b0 + b) = vals.segment(b * K, K);
  }
}

}  // namespace tonnsim::tonn
