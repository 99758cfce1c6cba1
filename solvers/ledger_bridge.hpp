#pragma once
// The bridge from the published per-solve figures (1.36 J, 1.15 s for HJB-20; design notes)
// to this ledger's whole-network organisation, one accounting assumption at a time
// (issue 11; the table in docs/energy-model.md). Row 0 is the published_pipelined
// organisation on the published run as its latency implies it; every later row changes one
// thing, a run count (SolvePlan) or one LedgerAssumptions switch, and is charged by
// account_solve; the last row is the whole-network ledger of our run. The assumptions of
// row 0 are inferred from the published numbers, not stated by the paper
// (solvers/energy_ledger.hpp).
#include <string>
#include <vector>

#include "solvers/energy_ledger.hpp"
#include "solvers/solve_counts.hpp"

namespace tonnsim::solvers {

/// The published HJB-20 run as the published latency implies it (inferred): the default plan
/// (10,000 iterations, batch 100, layer-wise N = 1, mu 0.025) with the published stencil of
/// 1851 inferences per point and no separate L(theta) state, i.e. 3 layers x an antithetic
/// pair = 6 states and 6 x 185,100 inferences per iteration.
SolvePlan published_solve_plan();

struct BridgeRow {
  std::string change;      // what this row changes relative to the row above
  LedgerBreakdown ledger;  // the whole solve under the row's plan and assumptions
};

/// Rows from `published` counts under the published_pipelined organisation to `ours` under
/// the whole-network organisation with default assumptions (`options` gives the wavelength
/// channels and retune drive of every row; its organisation and assumptions are set per row).
std::vector<BridgeRow> ledger_bridge(const ChipModel& chip, const SolvePlan& published,
                                     const SolvePlan& ours, const LedgerOptions& options = {});

/// A plain-text table of the rows: change, J, s, and each row's ratio to the one above.
std::string bridge_table(const std::vector<BridgeRow>& rows);

}  // namespace tonnsim::solvers
