#pragma once
// Names of the groups and trace columns a training run writes, in one place so the
// writer, the readers (resume, tests) and docs/hdf5-layout.md agree.
#include <vector>

#include "scenarios/runner/hdf5_trace.hpp"

namespace tonnsim::runner::layout {

inline constexpr const char* kScenario = "/scenario";
inline constexpr const char* kMeta = "/meta";
inline constexpr const char* kTrace = "/trace";
inline constexpr const char* kFinal = "/final";
inline constexpr const char* kLedger = "/ledger";      // table: component, energy_j, latency_s
inline constexpr const char* kHardware = "/hardware";  // attributes
inline constexpr const char* kSweepInputs = "/sweep/inputs";
inline constexpr const char* kSweepOutputs = "/sweep/outputs";

/// The per-iteration trace, in column order (rel_l2, rel_l2_learned and max_abs_error are
/// NaN on iterations where the test set was not evaluated; counts are cumulative since the
/// start of the run).
const std::vector<TraceColumn>& training_trace_columns();

}  // namespace tonnsim::runner::layout
