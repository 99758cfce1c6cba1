#pragma once
// Adam (Kingma and Ba, ICLR 2015, Algorithm 1), with bias correction:
//   m_t = beta1 m_{t-1} + (1 - beta1) g_t,      v_t = beta2 v_{t-1} + (1 - beta2) g_t^2,
//   mhat = m_t / (1 - beta1^t),                  vhat = v_t / (1 - beta2^t),
//   theta_t = theta_{t-1} - lr_t mhat / (sqrt(vhat) + epsilon).
// At t = 1, mhat = g and vhat = g^2, so the first step is -lr g / (|g| + epsilon), i.e.
// -lr sign(g) per coordinate: the step size does not depend on the gradient's scale,
// which is why Adam tolerates the unknown scale of a ZO estimate.
#include "solvers/update_rule.hpp"

namespace tonnsim::solvers {

class Adam : public UpdateRule {
 public:
  Adam(const AdamOptions& options, Index dimension);
  UpdateRuleKind kind() const override { return UpdateRuleKind::kAdam; }

 protected:
  void update(Vec& theta, const Vec& gradient, double learning_rate) override;

 private:
  AdamOptions options_;
};

}  // namespace tonnsim::solvers
