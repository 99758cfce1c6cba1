#include "solvers/energy_ledger.hpp"

#include <algorithm>
#include <optional>
#include <cmath>
#include <cstdio>

#include "core/error.hpp"
#include "photonics/power_area.hpp"
#include "solvers/retune_cost.hpp"

namespace tonnsim::solvers {

namespace {

/// MZIs on the longest path through a Clements mesh of n modes (n columns); none for n < 2.
long mesh_depth(long modes) { return modes >= 2 ? modes : 0; }

/// Electrical laser power of one tile of `stage` and one wavelength: every one of its
/// outputs receives the detector sensitivity after the V mesh, attenuator and U mesh.
double tile_laser_w(const PhotonicStage& stage, const photonics::DeviceParameters& device) {
  const long path = mesh_depth(stage.tile_inputs) + 1 + mesh_depth(stage.tile_outputs);
  return photonics::laser_budget(photonics::mzi_path_loss_db(path, device.mzi), stage.tile_outputs,
                                 device)
      .electrical_w;
}

}  // namespace

LedgerAssumptions LedgerAssumptions::published() {
  LedgerAssumptions a;
  a.inference_per_symbol = true;
  a.settle_once_per_iteration = true;
  a.boundary_converters_only = true;
  a.rated_power_times_latency = true;
  a.electronic_activations = false;
  a.static_heaters = false;
  return a;
}

bool LedgerAssumptions::operator==(const LedgerAssumptions& o) const {
  return inference_per_symbol == o.inference_per_symbol &&
         settle_once_per_iteration == o.settle_once_per_iteration &&
         boundary_converters_only == o.boundary_converters_only &&
         rated_power_times_latency == o.rated_power_times_latency &&
         electronic_activations == o.electronic_activations && static_heaters == o.static_heaters;
}

void LedgerOptions::validate() const {
  require(wavelength_channels >= 1, "wavelength_channels", wavelength_channels, "must be >= 1");
  require(organisation != ChipOrganisation::kTimeMultiplexed || assumptions == LedgerAssumptions{},
          "assumptions", "(changed)",
          "must keep their defaults under organisation time_multiplexed (they describe the "
          "whole-network chip)");
  require(!assumptions.rated_power_times_latency || assumptions.boundary_converters_only,
          "assumptions.rated_power_times_latency", "true",
          "needs assumptions.boundary_converters_only (rated channels are modelled at the "
          "network's boundary only)");
  require(std::isfinite(tile_switch_step_rad) && tile_switch_step_rad >= 0 &&
              tile_switch_step_rad < 2.0 * M_PI,
          "tile_switch_step_rad", tile_switch_step_rad, "must be in [0, 2 pi) rad");
  retune.validate();
}

const LedgerLine& LedgerBreakdown::line(LedgerComponent component) const {
  for (const LedgerLine& l : lines)
    if (l.component == component) return l;
  throw InputError("ledger has no line '" + to_string(component) + "'");
}

photonics::RetuneOptions ledger_retune_options(const ChipModel& chip,
                                               const LedgerOptions& options) {
  photonics::RetuneOptions r = options.retune;
  r.crosstalk = chip.crosstalk;
  return r;
}

LedgerBreakdown account_solve(const SolveCounts& counts, const ChipModel& chip,
                              const LedgerOptions& options) {
  RetuneCostCache cache(photonics::ThermalParams::from_device(chip.device.phase_shifter),
                        ledger_retune_options(chip, options));
  return account_solve(counts, chip, options, cache);
}

LedgerBreakdown account_solve(const SolveCounts& counts, const ChipModel& chip,
                              const LedgerOptions& options, RetuneCostCache& cache) {
  counts.validate();
  chip.validate();
  options.validate();
  require(cache.options().crosstalk == chip.crosstalk, "retune cost cache crosstalk",
          to_string(cache.options().crosstalk),
          "must be the chip's calibration, " + to_string(chip.crosstalk) +
              " (build the cache from ledger_retune_options)");
  const bool multiplexed = options.organisation == ChipOrganisation::kTimeMultiplexed;
  const LedgerAssumptions a = options.organisation == ChipOrganisation::kPublishedPipelined
                                  ? LedgerAssumptions::published()
                                  : options.assumptions;
  require(!multiplexed || chip.tiled, "organisation", to_string(options.organisation),
          "needs a tiled chip (one k x k core runs k x k tiles), not right-sized blocks");
  const photonics::DeviceParameters& device = chip.device;
  const double w = options.wavelength_channels;

  LedgerBreakdown b;
  b.organisation = options.organisation;
  b.assumptions = a;
  b.symbol_rate_hz = std::min({device.modulator.rate_hz, device.dac.rate_hz, device.adc.rate_hz});
  const double tile_slots = multiplexed            ? chip.tile_mvms_per_inference()
                            : a.inference_per_symbol ? 1.0
                                                     : chip.busiest_tile_mvms();
  b.time_per_inference_s = tile_slots / (w * b.symbol_rate_hz);

  double lit_w = 0.0;
  for (const PhotonicStage& s : chip.stages) {
    const double tile_w = tile_laser_w(s, device);
    lit_w = multiplexed ? std::max(lit_w, tile_w) : lit_w + double(s.tiles) * tile_w;
  }
  b.laser_power_w = w * lit_w;

  // Retunes: the run's state changes, or under time multiplexing the tile switches that
  // load every tile's (perturbed) program once per state.
  std::vector<RetuneClass> retunes = counts.retunes;
  if (multiplexed && chip.total_tiles() > 1)
    retunes = {{"tile_switch", counts.programmed_states * chip.total_tiles(),
                chip.heaters_per_tile(), options.tile_switch_step_rad}};
  for (const RetuneClass& r : retunes) {
    const RetuneCost c = cache.cost(r.heaters, r.phase_step_rad, chip.heaters_per_tile());
    b.retunes.push_back({r, c.settle_time_s, c.excess_energy_j});
    b.retune_time_s += double(r.states) * c.settle_time_s;
  }
  if (a.settle_once_per_iteration && !b.retunes.empty()) {
    // One settle per iteration: the longest regular class's, charged `iterations` times.
    // A state whose heaters wrap swings ~2 pi instead, so each such state (a run's
    // kWrapRetuneName class) adds its settle beyond the regular one; a run without wraps
    // is charged exactly one regular settle per iteration.
    std::optional<RetuneCharge> longest, wrap;
    for (const RetuneCharge& c : b.retunes) {
      if (c.retune.name == kWrapRetuneName)
        wrap = c;
      else if (!longest || c.settle_time_s > longest->settle_time_s)
        longest = c;
    }
    b.retunes.clear();
    b.retune_time_s = 0.0;
    if (longest) {
      longest->retune.name = "per_iteration";
      longest->retune.states = counts.iterations;
      b.retunes.push_back(*longest);
      b.retune_time_s += double(counts.iterations) * longest->settle_time_s;
    }
    if (wrap) {
      const double regular_s = longest ? longest->settle_time_s : 0.0;
      wrap->settle_time_s = std::max(0.0, wrap->settle_time_s - regular_s);
      b.retunes.push_back(*wrap);
      b.retune_time_s += double(wrap->retune.states) * wrap->settle_time_s;
    }
  }
  double retune_energy_j = 0.0;
  for (const RetuneCharge& c : b.retunes)
    retune_energy_j += double(c.retune.states) * c.excess_energy_j;

  const double evals = double(counts.forward_evals);
  b.inference_time_s = evals * b.time_per_inference_s;
  b.control_time_s = double(counts.iterations) * device.control.overhead_per_iteration_s;
  b.total_time_s = b.inference_time_s + b.retune_time_s + b.control_time_s;

  // Static heater power: the whole program all the time, or the loaded tile's program;
  // the run's measured programs (counts.static_power_w) scale the stages' shares.
  const double program_w = counts.static_power_w.value_or(chip.static_power_w());
  const double stage_scale = chip.static_power_w() > 0 ? program_w / chip.static_power_w() : 0.0;
  double static_j = a.static_heaters ? program_w * b.total_time_s : 0.0;
  if (multiplexed) {
    const double tile_mvms = chip.tile_mvms_per_inference();
    double inference_w = 0.0;
    for (const PhotonicStage& s : chip.stages)
      inference_w += tile_mvms > 0 ? stage_scale * s.static_power_w * s.mvms_per_inference / tile_mvms
                                   : 0.0;
    const double mean_tile_w = program_w / double(std::max(1L, chip.total_tiles()));
    static_j =
        inference_w * b.inference_time_s + mean_tile_w * (b.retune_time_s + b.control_time_s);
  }
  b.static_power_w = b.total_time_s > 0 ? static_j / b.total_time_s : 0.0;

  const double in_symbols = a.boundary_converters_only ? double(chip.network_inputs)
                                                       : chip.input_symbols_per_inference();
  const double out_samples = a.boundary_converters_only ? double(chip.network_outputs)
                                                        : chip.output_samples_per_inference();
  double in_j = in_symbols * photonics::input_energy_per_sample_j(device);
  double out_j = out_samples * photonics::detector_energy_per_sample_j(device);
  const double nl_j = a.electronic_activations
                          ? double(chip.nonlinear_units()) * device.control.nonlinearity_energy_j
                          : 0.0;
  const double dig_j = a.electronic_activations
                           ? chip.digital_multiply_adds() * device.control.multiply_add_energy_j
                           : 0.0;
  double laser_j = b.laser_power_w * b.time_per_inference_s;
  // Lasers and converters draw their energy during inference, or (rated power) all the time.
  double io_time_s = b.inference_time_s;
  if (a.rated_power_times_latency) {
    const double in_w =
        in_symbols * (device.dac.power_w + device.modulator.energy_per_bit_j * device.modulator.rate_hz);
    const double out_w = out_samples * (device.adc.power_w + device.detector.tia_power_w);
    io_time_s = b.total_time_s;
    // Per inference: the solve's share (evals > 0; with no inference nothing is lit).
    const double per_eval_s = evals > 0 ? b.total_time_s / evals : 0.0;
    in_j = in_w * per_eval_s;
    out_j = out_w * per_eval_s;
    laser_j = b.laser_power_w * per_eval_s;
  }
  b.energy_per_inference_j = laser_j + in_j + out_j + nl_j + dig_j;

  using C = LedgerComponent;
  b.lines = {{C::kLaser, laser_j * evals, io_time_s},
             {C::kInputEncoding, in_j * evals, io_time_s},
             {C::kOutputReadout, out_j * evals, io_time_s},
             {C::kNonlinearity, nl_j * evals, b.inference_time_s},
             {C::kDigitalReadout, dig_j * evals, b.inference_time_s},
             {C::kPhaseRetuning, retune_energy_j, b.retune_time_s},
             {C::kStaticHeaters, static_j, b.total_time_s},
             {C::kControl, device.control.power_w * b.control_time_s, b.control_time_s}};
  for (const LedgerLine& l : b.lines) b.total_energy_j += l.energy_j;
  return b;
}

std::string ledger_table(const LedgerBreakdown& ledger) {
  std::string out;
  char buf[256];
  auto row = [&](const char* fmt, auto... args) {
    std::snprintf(buf, sizeof buf, fmt, args...);
    out += buf;
  };
  row("organisation %s: %.4g J, %.4g s\n", to_string(ledger.organisation).c_str(),
      ledger.total_energy_j, ledger.total_time_s);
  row("  %-16s %12s %7s %12s\n", "component", "energy [J]", "share", "active [s]");
  for (const LedgerLine& l : ledger.lines)
    row("  %-16s %12.4g %6.2f%% %12.4g\n", to_string(l.component).c_str(), l.energy_j,
        ledger.total_energy_j > 0 ? 100.0 * l.energy_j / ledger.total_energy_j : 0.0,
        l.active_time_s);
  row("  %-16s %12s %8s %10s %12s %12s\n", "retune class", "states", "heaters", "step [rad]",
      "settle [us]", "time [s]");
  for (const RetuneCharge& c : ledger.retunes)
    row("  %-16s %12ld %8ld %10.4g %12.4g %12.4g\n", c.retune.name.c_str(), c.retune.states,
        c.retune.heaters, c.retune.phase_step_rad, 1e6 * c.settle_time_s,
        double(c.retune.states) * c.settle_time_s);
  row("  latency: inference %.4g s + retuning %.4g s + control %.4g s = %.4g s\n",
      ledger.inference_time_s, ledger.retune_time_s, ledger.control_time_s, ledger.total_time_s);
  row("  per inference: %.4g ns, %.4g nJ; symbol rate %.4g GHz; laser %.4g mW; static heaters "
      "%.4g W (time average)\n",
      1e9 * ledger.time_per_inference_s, 1e9 * ledger.energy_per_inference_j,
      1e-9 * ledger.symbol_rate_hz, 1e3 * ledger.laser_power_w, ledger.static_power_w);
  return out;
}

}  // namespace tonnsim::solvers
