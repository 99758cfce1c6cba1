#include "scenarios/runner/run_layout.hpp"

namespace tonnsim::runner::layout {

const std::vector<TraceColumn>& training_trace_columns() {
  static const std::vector<TraceColumn> columns{
      {"iteration", ColumnType::kInt, "count", "0-based iteration index"},
      {"loss", ColumnType::kDouble, "1",
       "PINN loss at the iteration's parameters (residual^2 mean + weighted condition terms)"},
      {"rel_l2", ColumnType::kDouble, "1",
       "test-set ||u_pred - u|| / ||u|| (NaN off run.eval_every)"},
      {"rel_l2_learned", ColumnType::kDouble, "1",
       "test-set ||u_pred - u|| / ||u - g||, g the ansatz's fixed part (NaN off run.eval_every)"},
      {"max_abs_error", ColumnType::kDouble, "units of u",
       "test-set max |u_pred - u| (NaN off run.eval_every)"},
      {"grad_norm", ColumnType::kDouble, "1/rad or 1/weight",
       "norm of the (estimated) gradient of the loss"},
      {"lr", ColumnType::kDouble, "rad or weight per unit gradient",
       "learning rate of the step"},
      {"forward_evals", ColumnType::kInt, "count", "cumulative network evaluations"},
      {"phase_retunes", ColumnType::kInt, "count", "cumulative heater changes"},
      {"energy_j", ColumnType::kDouble, "J", "chip ledger: cumulative energy of the solve so far"},
      {"latency_s", ColumnType::kDouble, "s", "chip ledger: cumulative time of the solve so far"},
      {"wraps", ColumnType::kInt, "count", "heaters wrapped by 2 pi at this iteration's update"},
      {"cumulative_wraps", ColumnType::kInt, "count", "heater wraps so far"},
      {"wrap_states", ColumnType::kInt, "count",
       "programmed states so far that swung a heater by ~2 pi"},
      {"static_power_w", ColumnType::kDouble, "W",
       "heater power held by this iteration's states, mean over them (NaN on the digital model)"},
  };
  return columns;
}

}  // namespace tonnsim::runner::layout
