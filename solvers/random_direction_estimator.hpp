#pragma once
// Random-direction gradient estimate (RGE), joint or block-wise:
//   g_B = (s_B / N_B) sum_{i<N_B} D_i u_i,   D_i = [L(theta + mu u_i) - L(theta - mu u_i)] / (2 mu)
// (or the forward difference), u_i supported on block B, blocks perturbed one after the
// other (each block's states leave every other block at theta). With E[u u^T] = (E||u||^2
// / |B|) I and s_B = |B| / E||u||^2, E[g_B] = grad_B L exactly for quadratics and up to
// O(mu^2) otherwise. Per-coordinate variance grows like |B| / N_B, which is why block-wise
// (layer-wise) perturbation and tensor compression pay off.
// References: Nesterov and Spokoiny, Found. Comput. Math. 2017; Liu et al., IEEE Signal
// Processing Magazine 2020; Zhao et al. 2023 (layer-wise, tensor-compressed, PINNs).
#include "solvers/zo_estimator.hpp"

namespace tonnsim::solvers {

class RandomDirectionEstimator : public ZoEstimator {
 public:
  RandomDirectionEstimator(const ParameterLayout& layout, const RandomDirectionOptions& options,
                           const ZoCommonOptions& common);

  ZoEstimatorKind kind() const override { return ZoEstimatorKind::kRandomDirection; }
  ZoEstimate estimate(Objective& f, const Vec& theta, long iteration) override;
  long calls_per_estimate(long iteration) const override;

  /// The blocks perturbed on their own, with their direction counts N_B.
  const std::vector<ParameterBlock>& blocks() const { return blocks_; }
  const std::vector<int>& block_directions() const { return directions_; }

 private:
  bool measures_loss() const;

  RandomDirectionOptions options_;
  ZoCommonOptions common_;
  Index dimension_;
  std::vector<ParameterBlock> blocks_;
  std::vector<int> directions_;  // N_B per block
  long perturbed_ = 0;           // sum of block sizes
};

}  // namespace tonnsim::solvers
