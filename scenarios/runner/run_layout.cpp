#include "scenarios/runner/run_layout.hpp"

namespace tonnsim::runner::layout {

const std::vector<TraceColumn>& training_trace_columns() {
  static const std::vector<TraceColumn> columns{
      {"iteration", ColumnType::kInt, ""},
      {"loss", ColumnType::kDouble, ""},
      {"rel_l2", ColumnType::kDouble, ""},
      {"rel_l2_learned", ColumnType::kDouble, ""},
      {"max_abs_error", ColumnType::kDouble, ""},
      {"grad_norm", ColumnType::kDouble, ""},
      {"lr", ColumnType::kDouble, ""},
      {"forward_evals", ColumnType::kInt, ""},
      {"phase_retunes", ColumnType::kInt, ""},
      {"energy_j", ColumnType::kDouble, "J"},
      {"latency_s", ColumnType::kDouble, "s"},
      {"wraps", ColumnType::kInt, ""},
      {"cumulative_wraps", ColumnType::kInt, ""},
      {"wrap_states", ColumnType::kInt, ""},
      {"static_power_w", ColumnType::kDouble, "W"},
  };
  return columns;
}

}  // namespace tonnsim::runner::layout
