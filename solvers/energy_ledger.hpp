#pragma once
// The energy/latency ledger of one solve on the photonic chip (issue 5): joules and seconds
// by component, from the counts of the run (solvers/solve_counts.hpp), the chip
// (solvers/chip_model.hpp) and device constants only (photonics/device_parameters.hpp;
// every constant with its source in docs/device-parameters.md, the model in
// docs/energy-model.md).
//
// Symbol rate f = min(modulator, DAC, ADC rate): one MVM of a tile per symbol period per
// wavelength channel (W channels: W vectors at once, each with its own converters).
// Per inference (electrical interconnect: every MVM's inputs are modulated and outputs
// detected, the TT reshapes between cores done in the readout electronics):
//   E_in  = input symbols  x (E_DAC + B E_bit)           (photonics/power_area.hpp)
//   E_out = output samples x (E_ADC + P_TIA / f_ADC)
//   E_nl  = nonlinear units x E_nl;   E_dig = digital multiply-adds x E_MAC
// Organisations:
//   whole network:   every stage on its own tiles, pipelined through digital buffers; the
//                    busiest tile sets the rate:     t_inf = max_s MVMs_s / (W f);
//                    lasers of all tiles on during inference;
//   time multiplexed: one k x k core runs every tile in turn; per programmed state it
//                    takes every tile's program once (all of the state's inferences pass
//                    that tile, results buffered), so t_inf = sum_s MVMs_s tiles_s / (W f)
//                    and each state costs total_tiles tile switches (large retunes) that
//                    replace the perturbation retunes (the perturbed program is loaded
//                    with the tile).
// Solve:
//   T_inference = forward_evals t_inf
//   T_retune    = sum over retune classes of states x settle time (thermal model)
//   T_control   = iterations x control.overhead_per_iteration_s
//   T           = T_inference + T_retune + T_control  (sequential: a state is measured only
//                 after its heaters settle; control runs between iterations)
//   E_laser     = P_laser T_inference, P_laser = sum over lit tiles of W x laser_budget
//                 (path: V mesh, attenuator, U mesh, 0.99 dB per MZI; k outputs at S_PD)
//   E_retune    = sum over classes of states x excess energy (drive energy beyond holding
//                 the new program: 0 for a step drive)
//   E_static    = static heater power x T (the initial program held for the whole solve, or
//                 counts.static_power_w, the mean power of the programs a run actually held,
//                 wraps and drift included; under time multiplexing the power of the tile
//                 loaded, weighted by its time)
//   E_control   = control.power_w T_control
//
// Published-assumption organisation (published_pipelined): the accounting under which this
// ledger reproduces the published 1.36 J and 1.15 s per HJB-20 solve (design notes). The
// paper does not state its accounting; every choice below is INFERRED from the two numbers
// (docs/energy-model.md, "Published accounting" and the bridge table), not taken from it:
//   t_inf     = 1 / (W f)                  the whole network optically pipelined, one
//                                          inference per symbol period;
//   T_retune  = iterations x max settle    one settle per iteration (~4-5 us), not per state;
//   E         = P_rated T + E_control      every converter and laser at its rated power for
//                                          the whole solve: n_in (P_DAC + E_bit f_mod) +
//                                          n_out (P_ADC + P_TIA) + P_laser, with n_in, n_out
//                                          the network's input and output widths only;
//   no static heater power, no electronic nonlinearity or digital read-out.
// Each choice is a LedgerAssumptions switch, so the way from the published figure to the
// whole-network ledger can be taken one assumption at a time (solvers/ledger_bridge.hpp).
#include <array>
#include <string>
#include <utility>
#include <vector>

#include "core/enum_names.hpp"
#include "photonics/thermal_dynamics.hpp"
#include "solvers/chip_model.hpp"
#include "solvers/retune_cost.hpp"
#include "solvers/solve_counts.hpp"

namespace tonnsim::solvers {

enum class ChipOrganisation { kWholeNetwork, kTimeMultiplexed, kPublishedPipelined };

enum class LedgerComponent {
  kLaser,           // optical power for every lit tile during inference
  kInputEncoding,   // DACs + modulators of every MVM's inputs
  kOutputReadout,   // photodetectors + TIAs + ADCs of every MVM's outputs
  kNonlinearity,    // electronic activation between layers
  kDigitalReadout,  // dense layers computed in the readout electronics
  kPhaseRetuning,   // heater drive beyond holding power during retunes
  kStaticHeaters,   // heater power holding the programs over the whole solve
  kControl,         // digital control between iterations
};

}  // namespace tonnsim::solvers

namespace tonnsim {
template <>
struct EnumNames<solvers::ChipOrganisation> {
  static constexpr const char* type = "chip organisation";
  static constexpr std::array<std::pair<solvers::ChipOrganisation, const char*>, 3> names{
      {{solvers::ChipOrganisation::kWholeNetwork, "whole_network"},
       {solvers::ChipOrganisation::kTimeMultiplexed, "time_multiplexed"},
       {solvers::ChipOrganisation::kPublishedPipelined, "published_pipelined"}}};
};
template <>
struct EnumNames<solvers::LedgerComponent> {
  static constexpr const char* type = "ledger component";
  static constexpr std::array<std::pair<solvers::LedgerComponent, const char*>, 8> names{
      {{solvers::LedgerComponent::kLaser, "laser"},
       {solvers::LedgerComponent::kInputEncoding, "input_encoding"},
       {solvers::LedgerComponent::kOutputReadout, "output_readout"},
       {solvers::LedgerComponent::kNonlinearity, "nonlinearity"},
       {solvers::LedgerComponent::kDigitalReadout, "digital_readout"},
       {solvers::LedgerComponent::kPhaseRetuning, "phase_retuning"},
       {solvers::LedgerComponent::kStaticHeaters, "static_heaters"},
       {solvers::LedgerComponent::kControl, "control"}}};
};
}  // namespace tonnsim

namespace tonnsim::solvers {

/// The accounting choices on which the published per-solve figures and this ledger's
/// whole-network organisation differ. Defaults: this ledger's (whole network). published():
/// the set INFERRED for the published 1.36 J / 1.15 s (header comment above); the paper
/// states none of them.
struct LedgerAssumptions {
  // Ours: the busiest tile's MVMs set the inference time, max_s MVMs_s / (W f) (a tile does
  // one MVM per symbol). Published (inferred): one whole-network inference per symbol period,
  // 1 / (W f): 6 states x 185,100 inferences x 10,000 iterations x 0.1 ns = 1.11 s.
  bool inference_per_symbol = false;
  // Ours: every programmed state waits for its own heaters to settle. Published (inferred):
  // one settle per iteration, the longest of the run's retune classes (the ~4 us per
  // iteration that 1.15 s - 1.11 s leaves).
  bool settle_once_per_iteration = false;
  // Ours: every MVM's inputs modulated and outputs detected (electrical interconnect between
  // TT cores). Published (inferred): converters only at the network's inputs and outputs
  // (optical interconnect, which the 67 dB loss of a cascaded layer rules out: energy-model.md).
  bool boundary_converters_only = false;
  // Ours: converters charged per sample during inference (P / f_sample; B bits per modulated
  // symbol), lasers during inference. Published (inferred): converters and lasers at their
  // rated power for the whole solve, the modulator at E_bit x its rated bit rate. Requires
  // boundary_converters_only (the rated channel count of an electrically interconnected chip
  // is not modelled).
  bool rated_power_times_latency = false;
  // Ours: sines between layers in the electronics (control.nonlinearity_energy_j each) and
  // dense layers read out digitally (multiply_add_energy_j). Published (inferred): not charged.
  bool electronic_activations = true;
  // Ours: the heaters hold the program for the whole solve (P_pi phi / pi each). Published
  // (inferred): not charged; 18.18 W x 1.15 s alone is 20.9 J, 15x the published total.
  bool static_heaters = true;

  /// The inferred published set: the opposite of every default.
  static LedgerAssumptions published();
  bool operator==(const LedgerAssumptions& o) const;
};

struct LedgerOptions {
  ChipOrganisation organisation = ChipOrganisation::kWholeNetwork;
  // Accounting choices of the whole-network organisation (defaults: ours). The
  // published_pipelined organisation is the whole network under LedgerAssumptions::published()
  // and ignores this field; time_multiplexed needs the defaults. Not a scenario key: the
  // bridge table (solvers/ledger_bridge.hpp) sets it one choice at a time.
  LedgerAssumptions assumptions;
  // Vectors one tile processes at once on separate wavelengths (WDM), each channel with
  // its own modulators, detectors and laser line. Assumption: 1, the design notes name no
  // wavelength multiplexing.
  int wavelength_channels = 1;
  // Time multiplexed: largest heater step when the core switches from one tile's program
  // to the next. Assumption: 255 LSB of the 8-bit phase quantisation, 2 pi 255/256 rad
  // (two independent programs differ by nearly the full range on one of 136 heaters).
  double tile_switch_step_rad = 2.0 * M_PI * 255.0 / 256.0;
  // Drive shape and integration of every retune (photonics/thermal_dynamics.hpp). Default:
  // step drive. Its crosstalk field is not a ledger choice: the ledger takes the chip's
  // calibration (ChipModel::crosstalk, ledger_retune_options), so the chip that computes
  // and the ledger that charges it compensate crosstalk alike.
  photonics::RetuneOptions retune;

  /// Throws InputError naming the field.
  void validate() const;
};

struct LedgerLine {
  LedgerComponent component = LedgerComponent::kLaser;
  double energy_j = 0.0;
  double active_time_s = 0.0;  // wall time over which the component draws this energy
};

/// One retune class as charged: per-occurrence cost from the thermal model.
struct RetuneCharge {
  RetuneClass retune;
  double settle_time_s = 0.0;    // per occurrence
  double excess_energy_j = 0.0;  // per occurrence
};

struct LedgerBreakdown {
  ChipOrganisation organisation = ChipOrganisation::kWholeNetwork;
  LedgerAssumptions assumptions;      // as charged (published() for published_pipelined)
  std::vector<LedgerLine> lines;      // one per LedgerComponent, in enum order
  std::vector<RetuneCharge> retunes;  // what T_retune and E_retune are made of
  double inference_time_s = 0.0;
  double retune_time_s = 0.0;
  double control_time_s = 0.0;
  double total_time_s = 0.0;    // sum of the three above
  double total_energy_j = 0.0;  // sum of the lines
  // Per-inference figures and rates behind the lines.
  double symbol_rate_hz = 0.0;
  double time_per_inference_s = 0.0;
  double energy_per_inference_j = 0.0;  // laser + converters + nonlinearity + digital
  double laser_power_w = 0.0;           // electrical, all lit tiles
  double static_power_w = 0.0;          // E_static / T (time-averaged)

  const LedgerLine& line(LedgerComponent component) const;
};

/// options.retune with the crosstalk compensation of the chip's calibration: what every
/// retune of `chip` is charged with (build a RetuneCostCache from it).
photonics::RetuneOptions ledger_retune_options(const ChipModel& chip, const LedgerOptions& options);

/// The ledger of a solve with `counts` on `chip` (equations above). Throws InputError
/// naming the field for invalid counts, chip or options, and for a time-multiplexed
/// organisation of a chip that is not tiled (one k x k core runs k x k tiles only).
LedgerBreakdown account_solve(const SolveCounts& counts, const ChipModel& chip,
                              const LedgerOptions& options);
/// The same, with the thermal integrations memoised in `cache` (built from the chip's
/// device and options.retune) for repeated calls, e.g. one per iteration of a run.
LedgerBreakdown account_solve(const SolveCounts& counts, const ChipModel& chip,
                              const LedgerOptions& options, RetuneCostCache& cache);

/// A plain-text table of the breakdown (components, retune classes, latency), for logs
/// and docs; the caller prints it.
std::string ledger_table(const LedgerBreakdown& ledger);

}  // namespace tonnsim::solvers
