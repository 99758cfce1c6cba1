#include "solvers/zo_step.hpp"

#include <cmath>

#include "core/error.hpp"
#include "core/timer.hpp"

namespace tonnsim::solvers {

ZoStepper::ZoStepper(std::unique_ptr<ZoEstimator> estimator, std::unique_ptr<UpdateRule> update,
                     const LearningRateOptions& learning_rate)
    : estimator_(std::move(estimator)), update_(std::move(update)),
      learning_rate_(learning_rate) {
  require(estimator_ != nullptr, "zo stepper estimator", "null", "must be given");
  require(update_ != nullptr, "zo stepper update rule", "null", "must be given");
  learning_rate_.validate();
}

ZoStepRecord ZoStepper::step(Objective& f, Vec& theta) {
  ScopedTimer timer("zo/step");
  const long k = iteration_;
  const ZoEstimate e = estimator_->estimate(f, theta, k);
  ZoStepRecord r;
  r.iteration = k;
  r.loss_at_theta = e.loss_at_theta;
  r.gradient_norm = e.gradient.norm();
  r.learning_rate = learning_rate_at(learning_rate_, k);
  r.estimator = e.kind;
  r.objective_calls = e.objective_calls;
  r.retuned_coordinates = e.retuned_coordinates;
  r.perturbed_coordinates = e.perturbed_coordinates;
  r.finite = e.gradient.allFinite() && (!e.loss_at_theta || std::isfinite(*e.loss_at_theta));
  if (!r.finite) return r;
  update_->apply(theta, e.gradient, r.learning_rate);
  ++iteration_;
  return r;
}

Vec ZoStepper::state() const {
  Vec s(1 + update_->state_size());
  s(0) = static_cast<double>(iteration_);
  s.tail(update_->state_size()) = update_->state();
  return s;
}

void ZoStepper::set_state(const Vec& state) {
  require(state.size() == 1 + update_->state_size(), "zo stepper state size", state.size(),
          "must be " + std::to_string(1 + update_->state_size()));
  require(state(0) >= 0.0 && state(0) == std::floor(state(0)), "zo stepper state iteration",
          state(0), "must be a non-negative integer");
  update_->set_state(state.tail(update_->state_size()));
  iteration_ = static_cast<long>(state(0));
}

}  // namespace tonnsim::solvers
