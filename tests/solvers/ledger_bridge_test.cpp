#include "solvers/ledger_bridge.hpp"

#include <doctest/doctest.h>

#include "tonn/reference_models.hpp"

using namespace tonnsim;
using namespace tonnsim::solvers;

TEST_CASE("The bridge goes from the published organisation to the whole-network ledger") {
  // The chip of docs/energy-model.md: the SIREN-initialised HJB-20 model on 8 tiles.
  tonn::Network net = tonn::make_hjb20_reference();
  const ChipModel chip = chip_model(net, tonn::HardwareAccounting{}, photonics::DeviceParameters{});
  const SolvePlan published = published_solve_plan(), ours;
  const std::vector<BridgeRow> rows = ledger_bridge(chip, published, ours);
  MESSAGE("bridge from the published accounting to ours (HJB-20, static heaters "
          << chip.static_power_w() << " W)\n"
          << bridge_table(rows));
  REQUIRE(rows.size() == 9);
  LedgerOptions p;
  p.organisation = ChipOrganisation::kPublishedPipelined;
  const LedgerBreakdown first = account_solve(planned_counts(chip, published), chip, p);
  CHECK(rows.front().ledger.total_energy_j == doctest::Approx(first.total_energy_j));
  CHECK(rows.front().ledger.total_time_s == doctest::Approx(first.total_time_s));
  const LedgerBreakdown last = account_solve(planned_counts(chip, ours), chip, LedgerOptions{});
  CHECK(rows.back().ledger.total_energy_j == doctest::Approx(last.total_energy_j).epsilon(1e-14));
  CHECK(rows.back().ledger.total_time_s == doctest::Approx(last.total_time_s).epsilon(1e-14));
  CHECK(rows.back().ledger.assumptions == LedgerAssumptions{});
  // Every row changes something.
  for (std::size_t i = 1; i < rows.size(); ++i) {
    CAPTURE(rows[i].change);
    const auto& a = rows[i - 1].ledger;
    const auto& b = rows[i].ledger;
    CHECK((a.total_energy_j != b.total_energy_j || a.total_time_s != b.total_time_s));
  }
  // Rows 0-7 charge no static heater power, so they do not depend on the chip's program.
  for (std::size_t i = 0; i + 1 < rows.size(); ++i)
    CHECK(rows[i].ledger.line(LedgerComponent::kStaticHeaters).energy_j == 0.0);
  // Rows 0-7 as quoted in docs/energy-model.md ({J, s}); row 8 is the whole-network ledger
  // checked above (its static heater energy follows the chip's program).
  const double quoted[8][2] = {{1.421, 1.163},  {1.646, 1.349},  {0.8572, 0.7004},
                               {1.059, 0.8665}, {1.012, 0.8665}, {136.3, 0.8665},
                               {143.7, 0.8665}, {144.9, 41.66}};
  for (int i = 0; i < 8; ++i) {
    CAPTURE(i);
    CHECK(rows[i].ledger.total_energy_j == doctest::Approx(quoted[i][0]).epsilon(1e-3));
    CHECK(rows[i].ledger.total_time_s == doctest::Approx(quoted[i][1]).epsilon(1e-3));
  }
  // The stencil row halves the inference time (925 of 1851 inferences per point).
  CHECK(rows[2].ledger.inference_time_s ==
        doctest::Approx(rows[1].ledger.inference_time_s * 925.0 / 1851.0));
  // The tile-rate row multiplies the inference time by the busiest tile's 64 MVMs.
  CHECK(rows[7].ledger.inference_time_s ==
        doctest::Approx(rows[6].ledger.inference_time_s * chip.busiest_tile_mvms()));
}
