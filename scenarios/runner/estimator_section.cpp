#include "scenarios/runner/section_binders.hpp"

namespace tonnsim::runner {

void bind_estimator_section(ConfigNode node, Scenario& s) {
  auto& e = s.estimator;
  node.get("kind", e.kind);
  ConfigNode sg = node.child("sparse_grid");
  sg.get("sigma", e.sparse_grid.sigma);
  sg.get("level", e.sparse_grid.level);
  sg.get("merge_mirror_shifts", e.sparse_grid.merge_mirror_shifts);
  ConfigNode mc = node.child("monte_carlo");
  mc.get("sigma", e.monte_carlo.sigma);
  mc.get("n_pairs", e.monte_carlo.n_pairs);
  mc.get("seed", e.monte_carlo.seed);
  ConfigNode fd = node.child("finite_difference");
  fd.get("step", e.finite_difference.step);
  node.finish();
  // Every estimator's options are checked, chosen or not, so a typo in an unused block
  // does not wait for the day it is chosen.
  sg.validate([&] { e.sparse_grid.validate(); });
  mc.validate([&] { e.monte_carlo.validate(); });
  fd.validate([&] { e.finite_difference.validate(); });
}

}  // namespace tonnsim::runner
