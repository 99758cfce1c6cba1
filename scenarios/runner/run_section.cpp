#include "scenarios/runner/section_binders.hpp"

namespace tonnsim::runner {

void RunSection::validate() const {
  trainer.validate();
  require(checkpoint_every >= 0, "run.checkpoint_every", checkpoint_every,
          "must be >= 0 (0: checkpoint only at the end)");
  require(flush.every_rows >= 1, "run.flush_every_rows", flush.every_rows, "must be >= 1");
}

void bind_run_section(ConfigNode node, Scenario& s) {
  auto& r = s.run;
  node.get("iterations", r.trainer.iterations);
  node.get("eval_every", r.trainer.eval_every);
  node.get("checkpoint_every", r.checkpoint_every);
  node.get("seed", r.seed);
  node.get("flush_every_rows", r.flush.every_rows);
  node.get("flush_every_s", r.flush.every_s);
  ConfigNode average = node.child("average");
  average.get("kind", r.trainer.average.kind);
  average.get("decay", r.trainer.average.decay);
  node.get("precision", r.precision);
  node.finish();
  // Messages of the structs are "run.iterations = ...", i.e. relative to the root.
  node.validate([&] {
    try {
      r.validate();
    } catch (const InputError& e) {
      const std::string m = e.what();
      throw InputError(m.rfind("run.", 0) == 0 ? m.substr(4) : m);
    }
  });
}

}  // namespace tonnsim::runner
