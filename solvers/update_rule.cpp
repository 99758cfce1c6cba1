#include "solvers/update_rule.hpp"

#include <cmath>

#include "core/error.hpp"
#include "solvers/adam.hpp"
#include "solvers/sgd_momentum.hpp"

namespace tonnsim::solvers {

void SgdOptions::validate() const {
  require(momentum >= 0.0 && momentum < 1.0, "sgd.momentum", momentum, "must lie in [0, 1)");
  require(!nesterov || momentum > 0.0, "sgd.nesterov", "true", "needs sgd.momentum > 0");
}

void AdamOptions::validate() const {
  require(beta1 >= 0.0 && beta1 < 1.0, "adam.beta1", beta1, "must lie in [0, 1)");
  require(beta2 >= 0.0 && beta2 < 1.0, "adam.beta2", beta2, "must lie in [0, 1)");
  require(epsilon >= 0.0 && std::isfinite(epsilon), "adam.epsilon", epsilon,
          "must be finite and >= 0");
}

void UpdateRuleOptions::validate() const {
  if (kind == UpdateRuleKind::kSgd) sgd.validate();
  if (kind == UpdateRuleKind::kAdam) adam.validate();
}

UpdateRule::UpdateRule(Index dimension, Index buffer_columns)
    : buffers_(Mat::Zero(dimension, buffer_columns)) {
  require(dimension >= 1, "update rule dimension", dimension, "must be >= 1");
}

void UpdateRule::apply(Vec& theta, const Vec& gradient, double learning_rate) {
  require(theta.size() == dimension(), "update theta size", theta.size(),
          "must equal the update rule dimension " + std::to_string(dimension()));
  require(gradient.size() == dimension(), "update gradient size", gradient.size(),
          "must equal the update rule dimension " + std::to_string(dimension()));
  require(std::isfinite(learning_rate) && learning_rate >= 0.0, "learning rate", learning_rate,
          "must be finite and >= 0");
  if (!gradient.allFinite())
    throw RunError("update rule: the gradient has a NaN or Inf entry at step " +
                   std::to_string(steps_ + 1) + "; parameters left unchanged");
  ++steps_;
  update(theta, gradient, learning_rate);
}

Vec UpdateRule::state() const {
  Vec s(state_size());
  s(0) = static_cast<double>(steps_);
  s.tail(buffers_.size()) = buffers_.reshaped();
  return s;
}

void UpdateRule::set_state(const Vec& state) {
  require(state.size() == state_size(), "update rule state size", state.size(),
          "must be " + std::to_string(state_size()) + " (1 + buffers) for " + to_string(kind()));
  require(state(0) >= 0.0 && state(0) == std::floor(state(0)), "update rule state step count",
          state(0), "must be a non-negative integer");
  require(state.allFinite(), "update rule state", "non-finite entry", "must be finite");
  steps_ = static_cast<long>(state(0));
  buffers_.reshaped() = state.tail(buffers_.size());
}

std::unique_ptr<UpdateRule> make_update_rule(const UpdateRuleOptions& options, Index dimension) {
  options.validate();
  switch (options.kind) {
    case UpdateRuleKind::kSgd: return std::make_unique<SgdMomentum>(options.sgd, dimension);
    case UpdateRuleKind::kAdam: return std::make_unique<Adam>(options.adam, dimension);
  }
  throw InputError("make_update_rule: unknown update rule");
}

}  // namespace tonnsim::solvers
