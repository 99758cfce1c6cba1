#pragma once
// The estimate `tonnsim run` prints before training: network evaluations, wall time and
// peak memory of the run, from its sizes,
//   evaluations = evaluations per loss (points x stencil) x states per iteration x iterations
//   wall time   = evaluations / throughput (network evaluations per second, measured on
//                 this machine and model: the invocation's first iteration, timed; the
//                 estimate is printed after it)
//   memory      = 8 B x (evaluations per loss x (inputs + widest layer)   one loss's stencil
//                        + test points x (inputs + 3)                     test set, exact u
//                        + parameters x 8)                                optimiser copies
// and the key that dominates the evaluation count. It is an order-of-magnitude guide, not
// a limit: ceilings on each size are resource_limits.hpp's. Measured (2 threads, the quick
// start through session 14, results/convergence/quickstart-s14.yaml, --max-iterations 50):
// 18 s estimated, 20 s wall; memory
// 95 MB estimated vs 50 MB peak resident (of which ~24 MB is the program itself): the
// stencil is evaluated in blocks, so the formula is an upper bound within a factor ~4.
#include <string>

namespace tonnsim::runner {

struct RunSizes {
  // Network evaluations per loss: PinnLoss::evaluations_per_loss (ZO) or
  // gradient_evaluations_per_loss (first order).
  double evaluations_per_loss = 0;
  double states_per_iteration = 1;  // loss evaluations per iteration (ZO: calls_per_estimate)
  double iterations = 0;            // still to run
  double parameters = 0;
  double test_points = 0;
  double inputs = 0;
  double widest_layer = 0;
  // The factors' keys, for naming the dominant one.
  std::string points_key = "pde.n_collocation";
  std::string stencil_key = "estimator";
  std::string states_key = "optimizer.zo";
};

struct RunEstimate {
  double evaluations = 0;  // network evaluations of the whole (remaining) run
  double seconds = 0;      // NaN without a throughput
  double peak_bytes = 0;
  std::string dominant_key;  // the factor of `evaluations` that is largest
  /// "estimate: 4.86e+07 network evaluations (largest factor: ...), about 30s at 1.7e+06
  /// evaluations/s measured, peak memory about 95 MB"
  std::string text(double evaluations_per_s) const;
};

/// `evaluations_per_s` <= 0 or not finite: no time estimate (seconds NaN).
RunEstimate estimate_run(const RunSizes& sizes, double evaluations_per_s);

}  // namespace tonnsim::runner
