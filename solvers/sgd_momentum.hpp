#pragma once
// SGD with heavy-ball momentum (Polyak 1964), PyTorch convention without dampening:
//   v_t = momentum v_{t-1} + g_t,   theta_t = theta_{t-1} - lr_t v_t,
// or with Nesterov look-ahead (Sutskever et al., ICML 2013, as reformulated in PyTorch):
//   theta_t = theta_{t-1} - lr_t (g_t + momentum v_t).
// For a constant gradient g: v_t = g (1 - momentum^t) / (1 - momentum).
#include "solvers/update_rule.hpp"

namespace tonnsim::solvers {

class SgdMomentum : public UpdateRule {
 public:
  SgdMomentum(const SgdOptions& options, Index dimension);
  UpdateRuleKind kind() const override { return UpdateRuleKind::kSgd; }

 protected:
  void update(Vec& theta, const Vec& gradient, double learning_rate) override;

 private:
  SgdOptions options_;
};

}  // namespace tonnsim::solvers
