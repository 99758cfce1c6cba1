#include "scenarios/runner/section_binders.hpp"

namespace tonnsim::runner {

namespace {
void bind_random_direction(ConfigNode node, solvers::RandomDirectionOptions& o) {
  node.get("distribution", o.distribution);
  node.get("scheme", o.scheme);
  node.get("scaling", o.scaling);
  node.get("mu", o.mu);
  node.get("directions", o.directions);
  node.get("scope", o.scope);
  node.get("group_depth", o.group_depth);
  node.get("group_prefixes", o.group_prefixes);
  ConfigNode blocks = node.child("block_directions");
  for (const std::string& name : blocks.keys()) {
    int n = 0;
    blocks.get(name, n);
    o.block_directions[name] = n;
  }
  node.finish();
}

void bind_coordinate(ConfigNode node, solvers::CoordinateOptions& o) {
  node.get("mu", o.mu);
  node.get("scheme", o.scheme);
  node.get("selection", o.selection);
  node.get("subset_size", o.subset_size);
  node.get("indices", o.indices);
  node.get("scaling", o.scaling);
  node.get("group_prefixes", o.group_prefixes);
  node.finish();
}

void bind_zo(ConfigNode node, solvers::ZoEstimatorOptions& zo) {
  // A preset fills every field first; the keys below then override single fields.
  std::optional<solvers::ZoPreset> preset;
  node.get("preset", preset);
  if (preset) zo = solvers::zo_preset(*preset);
  // The training loop records L(theta) every iteration, so the estimator measures it
  // (one more state per iteration, charged by the ledger like any other).
  zo.common.evaluate_loss_at_theta = true;
  node.get("kind", zo.kind);
  node.get("evaluate_loss_at_theta", zo.common.evaluate_loss_at_theta);
  node.get("hybrid_switch_iteration", zo.hybrid_switch_iteration);
  bind_random_direction(node.child("random_direction"), zo.random_direction);
  bind_coordinate(node.child("coordinate"), zo.coordinate);
  node.finish();
  node.validate([&] { zo.validate(); });
}

void bind_update(ConfigNode node, solvers::UpdateRuleOptions& u) {
  node.get("kind", u.kind);
  ConfigNode adam = node.child("adam");
  adam.get("beta1", u.adam.beta1);
  adam.get("beta2", u.adam.beta2);
  adam.get("epsilon", u.adam.epsilon);
  ConfigNode sgd = node.child("sgd");
  sgd.get("momentum", u.sgd.momentum);
  sgd.get("nesterov", u.sgd.nesterov);
  node.finish();
  node.validate([&] { u.validate(); });
}
}  // namespace

void bind_optimizer_section(ConfigNode node, Scenario& s) {
  auto& o = s.optimizer;
  node.get("kind", o.kind);
  bind_zo(node.child("zo"), o.zo);
  ConfigNode in_situ = node.child("in_situ");
  in_situ.get("method", o.in_situ.method);
  in_situ.finish();
  bind_update(node.child("update"), o.update);
  ConfigNode lr = node.child("learning_rate");
  lr.get("schedule", o.learning_rate.schedule);
  lr.get("initial", o.learning_rate.initial);
  lr.get("step_gamma", o.learning_rate.step_gamma);
  lr.get("step_every", o.learning_rate.step_every);
  lr.get("cosine_iterations", o.learning_rate.cosine_iterations);
  lr.get("cosine_floor", o.learning_rate.cosine_floor);
  node.finish();
  node.validate([&] { o.learning_rate.validate(); });
}

}  // namespace tonnsim::runner
