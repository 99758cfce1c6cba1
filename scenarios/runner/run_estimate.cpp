#include "scenarios/runner/run_estimate.hpp"

#include <cmath>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "scenarios/runner/progress.hpp"

namespace tonnsim::runner {

RunEstimate estimate_run(const RunSizes& z, double evaluations_per_s) {
  RunEstimate e;
  e.evaluations = z.evaluations_per_loss * z.states_per_iteration * z.iterations;
  e.seconds = evaluations_per_s > 0 && std::isfinite(evaluations_per_s)
                  ? e.evaluations / evaluations_per_s
                  : std::nan("");
  e.peak_bytes = 8.0 * (z.evaluations_per_loss * (z.inputs + z.widest_layer) +
                        z.test_points * (z.inputs + 3.0) + z.parameters * 8.0);
  // The stencil is evaluations per loss over points; the largest factor names the key.
  const double points = z.evaluations_per_loss > 0 ? z.evaluations_per_loss : 1.0;
  const std::vector<std::pair<std::string, double>> factors{
      {"run.iterations", z.iterations},
      {z.states_key + " (states per iteration)", z.states_per_iteration},
      {z.points_key + " x " + z.stencil_key + " (evaluations per loss)", points}};
  double best = -1;
  for (const auto& [key, value] : factors)
    if (value > best) {
      best = value;
      e.dominant_key = key + " = " + fmt::format("{:.4g}", value);
    }
  return e;
}

std::string RunEstimate::text(double evaluations_per_s) const {
  const std::string mb = fmt::format("{:.3g} MB", peak_bytes / 1e6);
  if (std::isnan(seconds))
    return fmt::format("estimate: {:.3g} network evaluations (largest factor: {}), peak memory "
                       "about {}",
                       evaluations, dominant_key, mb);
  return fmt::format("estimate: {:.3g} network evaluations (largest factor: {}), about {} at "
                     "{:.3g} evaluations/s measured, peak memory about {}",
                     evaluations, dominant_key, format_duration(seconds), evaluations_per_s, mb);
}

}  // namespace tonnsim::runner
