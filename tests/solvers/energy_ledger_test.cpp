#include "solvers/energy_ledger.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <iomanip>
#include <random>
#include <string>

#include "core/error.hpp"
#include "core/rng.hpp"
#include "photonics/power_area.hpp"
#include "solvers/retune_cost.hpp"
#include "solvers/zo_step.hpp"
#include "tonn/photonic_network.hpp"
#include "tonn/reference_models.hpp"
#include "tonn/tt_contraction.hpp"

using namespace tonnsim;
using namespace tonnsim::solvers;

namespace {

const double kHjbStaticW = 17.9;  // order of the SIREN-initialised chip (docs/mzi-count.md)
// The SIREN-initialised HJB-20 reference network programmed onto the chip, as measured
// (Release build, canonical null-space phases; the sanitizer job checks other flags).
const double kProgrammedHjbStaticW = 16.121712966569;

ChipModel hjb_chip(double static_w = kHjbStaticW) {
  return chip_model(tonn::hjb20_reference_spec(), tonn::HardwareAccounting{},
                    photonics::DeviceParameters{}, static_w);
}

/// A single TT layer [4,4,4,8] -> [8,4,4,4], rank 2: four 8 x 8 tiles, 64 MVMs each.
ChipModel balanced_chip() {
  tonn::NetworkSpec spec;
  spec.input_dim = 512;
  tonn::LayerSpec l;
  l.type = tonn::LayerType::kTT;
  l.in_modes = {4, 4, 4, 8};
  l.out_modes = {8, 4, 4, 4};
  l.activation.kind = tonn::ActivationKind::kIdentity;
  spec.layers = {l};
  return chip_model(spec, tonn::HardwareAccounting{}, photonics::DeviceParameters{}, 2.0);
}

SolveCounts hjb_counts(long evaluations_per_point = 925) {
  SolvePlan plan;
  plan.evaluations_per_point = evaluations_per_point;
  return planned_counts(hjb_chip(), plan);
}

double inference_energy(const LedgerBreakdown& b) {
  double e = 0.0;
  for (auto c :
       {LedgerComponent::kLaser, LedgerComponent::kInputEncoding, LedgerComponent::kOutputReadout,
        LedgerComponent::kNonlinearity, LedgerComponent::kDigitalReadout})
    e += b.line(c).energy_j;
  return e;
}

LedgerOptions organised(ChipOrganisation o) {
  LedgerOptions opt;
  opt.organisation = o;
  return opt;
}

void check_totals(const LedgerBreakdown& b) {
  double e = 0.0;
  for (const LedgerLine& l : b.lines) e += l.energy_j;
  CHECK(b.lines.size() == EnumNames<LedgerComponent>::names.size());
  CHECK(b.total_energy_j == doctest::Approx(e).epsilon(1e-14));
  CHECK(b.total_time_s ==
        doctest::Approx(b.inference_time_s + b.retune_time_s + b.control_time_s).epsilon(1e-14));
  double retune_s = 0.0;
  for (const RetuneCharge& c : b.retunes) retune_s += double(c.retune.states) * c.settle_time_s;
  CHECK(b.retune_time_s == doctest::Approx(retune_s).epsilon(1e-14));
}

}  // namespace

TEST_CASE("HJB chip model has the TT contraction's MVM counts and multiply-adds") {
  const ChipModel chip = hjb_chip();
  REQUIRE(chip.stages.size() == 8);
  const double mvms[8] = {64, 16, 4, 3, 64, 64, 64, 64};  // prod_{l<k} m_l prod_{l>k} n_l
  for (int s = 0; s < 8; ++s) {
    CAPTURE(s);
    CHECK(chip.stages[s].mvms_per_inference == mvms[s]);
    CHECK(chip.stages[s].tiles == 1);
    CHECK(chip.stages[s].heaters == 136);  // 2 k^2 + k
  }
  // Photonic MACs of the right-to-left sweep = the digital contraction's multiply-adds.
  const auto specs = tonn::layer_shapes(tonn::hjb20_reference_spec());
  for (int l = 0; l < 2; ++l) {
    double macs = 0.0;
    for (const PhotonicStage& s : chip.stages)
      if (s.layer == l) macs += s.mvms_per_inference * double(s.inputs * s.outputs);
    CHECK(macs == tonn::sweep_cost(specs[l].tt, tonn::SweepOrder::kRightToLeft));
  }
  CHECK(chip.tile_mvms_per_inference() == 343);
  CHECK(chip.busiest_tile_mvms() == 64);
  CHECK(chip.input_symbols_per_inference() == 21 + 24 + 32 + 128 + 4 * 64 * 8);
  CHECK(chip.output_samples_per_inference() == (3 + 4 + 16 + 64) * 8 + 4 * 64 * 8);
  CHECK(chip.nonlinear_units() == 1024);
  CHECK(chip.digital_multiply_adds() == 512);
  CHECK(chip.total_tiles() == 8);
  CHECK(chip.total_heaters() == 1088);
  CHECK(chip.layers[2].heaters == 0);
  CHECK(chip.static_power_w() == doctest::Approx(kHjbStaticW));
}

TEST_CASE("Planned HJB counts follow from the published configuration") {
  const SolveCounts c925 = hjb_counts(925);
  const SolveCounts c1851 = hjb_counts(1851);
  CHECK(c925.iterations == 10000);
  CHECK(c925.programmed_states == 10000 * 7);  // L(theta) + 2 x 3 layer-wise perturbations
  CHECK(c925.forward_evals == 70000L * 100 * 925);
  CHECK(c1851.forward_evals == 70000L * 100 * 1851);
  // Per steady iteration: update (1088 heaters), +u0 (544, mu), -u0 (544, 2mu),
  // +u1 (1088, mu: layer 0 returns, layer 1 leaves), -u1 (544, 2mu), +u2 (544, mu: layer 1
  // returns), -u2 (0: the digital layer). Iteration 0 has no update.
  CHECK(c925.heater_changes() == 9999L * 1088 + 10000L * (544 + 544 + 1088 + 544 + 544));
  for (const RetuneClass& r : c925.retunes) {
    CAPTURE(r.name);
    if (r.name == "update") {
      CHECK(r.states == 9999);
      CHECK(r.phase_step_rad == doctest::Approx(1e-3));
    } else if (r.name == "perturb_2mu") {
      CHECK(r.states == 20000);
      CHECK(r.heaters == 544);
      CHECK(r.phase_step_rad == doctest::Approx(0.05));
    } else {
      CHECK(r.name == "perturb_mu");
      CHECK(r.states == (r.heaters == 544 ? 20000 : 10000));
      CHECK(r.phase_step_rad == doctest::Approx(0.025));
    }
  }
}

TEST_CASE("Planned counts equal the objective's counts of a real layer-wise ZO run") {
  // Blocks of 10, 6 and 4 coordinates, every one a heater: the objective's retuned
  // coordinates are then exactly the planned heater changes.
  ChipModel chip = hjb_chip();
  chip.stages.resize(3);
  chip.layers.resize(3);
  const long heaters[3] = {10, 6, 4};
  for (int l = 0; l < 3; ++l) {
    chip.stages[l].layer = l;
    chip.stages[l].heaters = heaters[l];
    chip.layers[l].heaters = heaters[l];
  }
  ParameterLayout layout({{"layer0", 0, 10}, {"layer1", 10, 6}, {"layer2", 16, 4}}, 20);
  auto zo = zo_preset(ZoPreset::kPhaseDomain);
  zo.common.evaluate_loss_at_theta = true;
  ZoStepper stepper(make_zo_estimator(zo, layout), make_update_rule({}, 20), {});
  Vec target = Vec::LinSpaced(20, -1.0, 1.0);
  FunctionObjective f(20, [&](const Vec& x) { return (x - target).squaredNorm(); });
  Vec theta = Vec::Zero(20);
  f.assume_programmed(theta);
  const long iterations = 4;
  for (long k = 0; k < iterations; ++k) stepper.step(f, theta);

  SolvePlan plan;
  plan.iterations = iterations;
  const SolveCounts planned = planned_counts(chip, plan);
  CHECK(planned.programmed_states == f.counters().evaluations);
  CHECK(planned.heater_changes() == f.counters().retuned_coordinates);
}

TEST_CASE("Ledger inference energy is forward evaluations times the per-inference energy") {
  const ChipModel chip = hjb_chip();
  const SolveCounts counts = hjb_counts();
  const LedgerBreakdown b = account_solve(counts, chip, {});
  const photonics::DeviceParameters d;
  const double per_inference =
      chip.input_symbols_per_inference() * photonics::input_energy_per_sample_j(d) +
      chip.output_samples_per_inference() * photonics::detector_energy_per_sample_j(d) +
      1024 * d.control.nonlinearity_energy_j + 512 * d.control.multiply_add_energy_j +
      b.laser_power_w * 64 / 10e9;
  CHECK(b.symbol_rate_hz == 10e9);  // the ADC is the slowest converter
  CHECK(b.time_per_inference_s == doctest::Approx(64 / 10e9));
  CHECK(b.energy_per_inference_j == doctest::Approx(per_inference).epsilon(1e-12));
  CHECK(inference_energy(b) ==
        doctest::Approx(double(counts.forward_evals) * per_inference).epsilon(1e-12));
  // Eight tiles lit, each fed for k = 8 outputs after 2k + 1 MZIs.
  const auto tile = photonics::laser_budget(17 * 0.99, 8, d);
  CHECK(b.laser_power_w == doctest::Approx(8 * tile.electrical_w));
}

TEST_CASE("Doubling forward evaluations doubles inference cost and leaves retuning unchanged") {
  const ChipModel chip = hjb_chip();
  for (auto o : {ChipOrganisation::kWholeNetwork, ChipOrganisation::kTimeMultiplexed}) {
    CAPTURE(to_string(o));
    SolveCounts counts = hjb_counts();
    const LedgerBreakdown one = account_solve(counts, chip, organised(o));
    counts.forward_evals *= 2;
    const LedgerBreakdown two = account_solve(counts, chip, organised(o));
    CHECK(inference_energy(two) == doctest::Approx(2 * inference_energy(one)).epsilon(1e-12));
    CHECK(two.inference_time_s == doctest::Approx(2 * one.inference_time_s).epsilon(1e-12));
    CHECK(two.retune_time_s == one.retune_time_s);
    CHECK(two.line(LedgerComponent::kPhaseRetuning).energy_j ==
          one.line(LedgerComponent::kPhaseRetuning).energy_j);
    CHECK(two.control_time_s == one.control_time_s);
  }
}

TEST_CASE("Time-multiplexed inference time is the tile MVMs over the busiest tile's") {
  for (const ChipModel& chip : {hjb_chip(), balanced_chip()}) {
    SolveCounts counts;
    counts.iterations = 10;
    counts.programmed_states = 70;
    counts.forward_evals = 123456;
    const auto whole = account_solve(counts, chip, organised(ChipOrganisation::kWholeNetwork));
    const auto multi = account_solve(counts, chip, organised(ChipOrganisation::kTimeMultiplexed));
    CHECK(multi.inference_time_s / whole.inference_time_s ==
          doctest::Approx(chip.tile_mvms_per_inference() / chip.busiest_tile_mvms()));
    // The same MVMs with the same converters: the converter energy does not change.
    CHECK(multi.line(LedgerComponent::kInputEncoding).energy_j ==
          whole.line(LedgerComponent::kInputEncoding).energy_j);
  }
  // With equal MVMs on every stage the ratio is the number of tiles.
  const ChipModel chip = balanced_chip();
  SolveCounts counts;
  counts.forward_evals = 1000;
  const auto whole = account_solve(counts, chip, organised(ChipOrganisation::kWholeNetwork));
  const auto multi = account_solve(counts, chip, organised(ChipOrganisation::kTimeMultiplexed));
  CHECK(chip.total_tiles() == 4);
  CHECK(multi.inference_time_s == doctest::Approx(4 * whole.inference_time_s));
  // W wavelength channels divide the inference time and keep the energy.
  LedgerOptions wdm;
  wdm.wavelength_channels = 4;
  const auto fast = account_solve(counts, chip, wdm);
  CHECK(fast.inference_time_s == doctest::Approx(whole.inference_time_s / 4));
  CHECK(inference_energy(fast) == doctest::Approx(inference_energy(whole)));
}

TEST_CASE("Static heater energy is static power times solve time") {
  const ChipModel chip = hjb_chip();
  const SolveCounts counts = hjb_counts();
  const auto whole = account_solve(counts, chip, {});
  CHECK(whole.line(LedgerComponent::kStaticHeaters).energy_j ==
        doctest::Approx(kHjbStaticW * whole.total_time_s).epsilon(1e-12));
  // Time multiplexed, with equal power per stage: the loaded tile always holds 1/8 of it.
  const auto multi = account_solve(counts, chip, organised(ChipOrganisation::kTimeMultiplexed));
  CHECK(multi.line(LedgerComponent::kStaticHeaters).energy_j ==
        doctest::Approx(kHjbStaticW / 8 * multi.total_time_s).epsilon(1e-12));
  // Power on one stage only: charged for the share of inference time that stage's tile
  // is loaded (64 of 343 MVMs) and 1/8 of the retune and control time.
  ChipModel skewed = chip;
  for (PhotonicStage& s : skewed.stages) s.static_power_w = 0.0;
  skewed.stages[0].static_power_w = 1.0;
  const auto b = account_solve(counts, skewed, organised(ChipOrganisation::kTimeMultiplexed));
  CHECK(b.line(LedgerComponent::kStaticHeaters).energy_j ==
        doctest::Approx(64.0 / 343 * b.inference_time_s + (b.retune_time_s + b.control_time_s) / 8)
            .epsilon(1e-12));
}

TEST_CASE("Retune time and energy equal the thermal model's per state times states") {
  ChipModel chip = hjb_chip();
  chip.crosstalk = photonics::CrosstalkCompensation::kCompensate;
  const SolveCounts counts = hjb_counts();
  const photonics::DeviceParameters d;
  const auto thermal = photonics::ThermalParams::from_device(d.phase_shifter);
  // Step drive, compensated crosstalk: closed-form settle tau ln(step / tol) per class, no
  // energy beyond holding.
  const auto whole = account_solve(counts, chip, {});
  double expected_s = 0.0;
  for (const RetuneClass& r : counts.retunes)
    expected_s += double(r.states) * photonics::step_settle_time_s(thermal.tau_s, r.phase_step_rad,
                                                                   thermal.settle_tolerance_rad);
  CHECK(whole.retune_time_s == doctest::Approx(expected_s).epsilon(1e-6));
  CHECK(std::abs(whole.line(LedgerComponent::kPhaseRetuning).energy_j) < 1e-9);
  // Uncompensated (the chip's calibration none): on the alternating pattern a neighbour
  // moves the other way, so the steady-state swing is step (1 - 2c) inside the row and
  // step (1 - c) at its ends: the settle is tau ln(step (1 - c) / tol).
  chip.crosstalk = photonics::CrosstalkCompensation::kIgnore;
  const auto ignored = account_solve(counts, chip, {});
  double ignored_s = 0.0;
  for (const RetuneClass& r : counts.retunes)
    ignored_s += r.heaters == 0 ? 0.0
                                : double(r.states) * photonics::step_settle_time_s(
                                                         thermal.tau_s,
                                                         r.phase_step_rad * (1 - thermal.crosstalk_factor),
                                                         thermal.settle_tolerance_rad);
  CHECK(ignored.retune_time_s == doctest::Approx(ignored_s).epsilon(1e-6));
  CHECK(ignored.retune_time_s < whole.retune_time_s);
  // Overdrive, time multiplexed: every state loads 8 tiles; each switch is one retune of a
  // 136-heater row by the tile-switch step, evaluated here on the thermal model directly.
  LedgerOptions opt = organised(ChipOrganisation::kTimeMultiplexed);
  opt.retune.drive = photonics::DriveShape::kOverdrive;
  const auto multi = account_solve(counts, chip, opt);
  const RetunePattern p = representative_retune(136, opt.tile_switch_step_rad);
  const auto one = photonics::HeaterRow(136, thermal)
                       .retune(p.from_rad, p.to_rad, ledger_retune_options(chip, opt));
  const double switches = double(counts.programmed_states) * 8;
  CHECK(one.excess_energy_j > 0);  // the down-going half clamps at 0 W
  CHECK(multi.line(LedgerComponent::kPhaseRetuning).energy_j ==
        doctest::Approx(switches * one.excess_energy_j).epsilon(1e-9));
  CHECK(multi.retune_time_s == doctest::Approx(switches * one.settle_time_s).epsilon(1e-9));
  CHECK(one.settle_time_s > 0);
}

TEST_CASE("A retune-cost cache gives the uncached thermal-model costs, reused across calls") {
  const photonics::DeviceParameters d;
  const auto thermal = photonics::ThermalParams::from_device(d.phase_shifter);
  photonics::RetuneOptions overdrive;
  overdrive.drive = photonics::DriveShape::kOverdrive;  // energy beyond holding is nonzero
  RetuneCostCache cache(thermal, overdrive);
  for (int pass = 0; pass < 2; ++pass)  // the second pass reads the memo
    for (long heaters : {0L, 5L, 136L, 544L, 1088L})
      for (double step : {0.025, 0.05}) {
        const RetuneCost a = cache.cost(heaters, step, 136);
        const RetuneCost b = retune_cost(heaters, step, 136, thermal, overdrive);
        CHECK(a.settle_time_s == b.settle_time_s);
        CHECK(a.energy_j == b.energy_j);
        CHECK(a.excess_energy_j == b.excess_energy_j);
      }
  // A whole ledger with a cache shared over calls equals the one built fresh.
  LedgerOptions opt;
  opt.retune = overdrive;
  const ChipModel chip = hjb_chip();
  RetuneCostCache shared(thermal, ledger_retune_options(chip, opt));
  for (int call = 0; call < 2; ++call) {
    const auto a = account_solve(hjb_counts(), chip, opt, shared);
    const auto b = account_solve(hjb_counts(), chip, opt);
    CHECK(a.total_energy_j == b.total_energy_j);
    CHECK(a.total_time_s == b.total_time_s);
  }
}

TEST_CASE("Ledger totals are the sums of their components") {
  const ChipModel chip = hjb_chip();
  for (long per_point : {925L, 1851L})
    for (auto o : {ChipOrganisation::kWholeNetwork, ChipOrganisation::kTimeMultiplexed}) {
      const auto b = account_solve(hjb_counts(per_point), chip, organised(o));
      check_totals(b);
      CHECK(b.line(LedgerComponent::kControl).energy_j == doctest::Approx(1.0 * 10000 * 500e-9));
      CHECK(b.control_time_s == doctest::Approx(10000 * 500e-9));
    }
}

TEST_CASE("Ledger validation errors name the field") {
  const ChipModel chip = hjb_chip();
  auto message = [](auto&& f) {
    try {
      f();
    } catch (const InputError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  SolveCounts bad = hjb_counts();
  bad.forward_evals = -1;
  CHECK(message([&] { account_solve(bad, chip, {}); }).find("forward_evals") == 0);
  bad = hjb_counts();
  bad.retunes[0].phase_step_rad = 7.0;
  CHECK(message([&] { account_solve(bad, chip, {}); }).find("retunes[0].phase_step_rad") == 0);
  bad = hjb_counts();
  bad.programmed_states = 10;
  CHECK(message([&] { account_solve(bad, chip, {}); }).find("retunes") == 0);
  LedgerOptions opt;
  opt.wavelength_channels = 0;
  CHECK(message([&] { account_solve(hjb_counts(), chip, opt); }).find("wavelength_channels") == 0);
  tonn::HardwareAccounting right_sized;
  right_sized.tt = tonn::TTAccounting::kRightSized;
  const ChipModel blocks = chip_model(tonn::hjb20_reference_spec(), right_sized, {}, 1.0);
  CHECK(message([&] {
          account_solve(hjb_counts(), blocks, organised(ChipOrganisation::kTimeMultiplexed));
        }).find("organisation") == 0);
  ChipModel broken = chip;
  broken.stages[3].tiles = 2;
  CHECK(message([&] { account_solve(hjb_counts(), broken, {}); }).find("stages[3].tiles") == 0);
  SolvePlan plan;
  plan.mu_rad = 0.0;
  CHECK(message([&] { planned_counts(chip, plan); }).find("mu_rad") == 0);
}

TEST_CASE("HJB-20 reference solve: ledger of both organisations and stencil layouts") {
  // The published chip: one 8 x 8 tensor core per TT core, output layer read out digitally,
  // static power of the SIREN-initialised weights decomposed onto the tiles.
  tonn::Network net = tonn::make_hjb20_reference();
  const ChipModel chip = chip_model(net, tonn::HardwareAccounting{}, photonics::DeviceParameters{});
  MESSAGE("static heater power of the programmed chip: " << std::setprecision(15) << chip.static_power_w() << " W");
  // The same in every build (Release -O3 with FMA contraction, Debug or the sanitizer job
  // at -O1 without): the phases programmed for the rank-deficient TT cores' null spaces
  // are canonical (photonics/svd_block.cpp), not the SVD's rounding-dependent choice,
  // which gave 17.684 W in Debug and 17.907 W in Release (issue 14).
  CHECK(chip.static_power_w() == doctest::Approx(kProgrammedHjbStaticW).epsilon(1e-9));
  CHECK(chip.static_power_w() > 0);
  CHECK(chip.static_power_w() < 1088 * 2 * 24.77e-3);  // every heater below 2 P_pi
  // The numbers quoted in docs/energy-model.md: {J, s} for whole network, time
  // multiplexed, whole network with 64 wavelength channels.
  struct Quoted {
    long per_point;
    double whole_j, whole_s, multi_j, multi_s, wdm_j, wdm_s;
  };
  for (const Quoted& q : {Quoted{925, 816.5, 41.66, 604.1, 228.1, 158.9, 0.8662},
                          Quoted{1851, 1630, 83.14, 1197, 450.4, 314.4, 1.514}}) {
    const long per_point = q.per_point;
    SolvePlan plan;
    plan.evaluations_per_point = per_point;
    const SolveCounts counts = planned_counts(chip, plan);
    const auto whole = account_solve(counts, chip, organised(ChipOrganisation::kWholeNetwork));
    const auto multi = account_solve(counts, chip, organised(ChipOrganisation::kTimeMultiplexed));
    LedgerOptions wdm;
    wdm.wavelength_channels = 64;  // every MVM of the busiest tile in one symbol period
    const auto fast = account_solve(counts, chip, wdm);
    for (const auto* b : {&whole, &multi, &fast}) {
      check_totals(*b);
      const std::string channels = b == &fast ? ", 64 wavelength channels" : "";
      MESSAGE("HJB-20, " << per_point << " evaluations per point" << channels << "\n"
                         << ledger_table(*b));
    }
    CHECK(whole.total_energy_j == doctest::Approx(q.whole_j).epsilon(1e-3));
    CHECK(whole.total_time_s == doctest::Approx(q.whole_s).epsilon(1e-3));
    CHECK(multi.total_energy_j == doctest::Approx(q.multi_j).epsilon(1e-3));
    CHECK(multi.total_time_s == doctest::Approx(q.multi_s).epsilon(1e-3));
    CHECK(fast.total_energy_j == doctest::Approx(q.wdm_j).epsilon(1e-3));
    CHECK(fast.total_time_s == doctest::Approx(q.wdm_s).epsilon(1e-3));
    // The one-core chip is slower (343 vs 64 MVM slots per inference, plus tile switches).
    CHECK(multi.inference_time_s == doctest::Approx(whole.inference_time_s * 343 / 64));
    CHECK(multi.retune_time_s > whole.retune_time_s);
    CHECK(fast.inference_time_s == doctest::Approx(whole.inference_time_s / 64));
    CHECK(inference_energy(fast) == doctest::Approx(inference_energy(whole)));
    // Published: 1.36 J and 1.15 s per solve. Every configuration here costs more energy;
    // docs/energy-model.md explains the difference component by component.
    CHECK(whole.total_energy_j > 1.36);
    CHECK(multi.total_energy_j > 1.36);
  }
}

TEST_CASE("A chip instance gives the same crosstalk treatment in its outputs and its ledger") {
  tonn::Network digital = tonn::make_hjb20_reference();
  auto rng = make_rng(70, Stream::kOther);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  Mat x(21, 8);  // one sample per column
  for (Eigen::Index i = 0; i < x.size(); ++i) x.data()[i] = u(rng);
  Vec reference(x.cols());
  digital.evaluate(x, reference);
  struct Seen {
    double output_error, static_w;
  };
  auto on_chip = [&](photonics::Calibration calibration) {
    tonn::PhotonicOptions o;
    o.non_idealities.crosstalk = true;  // crosstalk alone
    o.non_idealities.calibration = calibration;
    tonn::Network net = tonn::make_photonic_network(digital, o);
    Vec y(x.cols());
    net.evaluate(x, y);
    const ChipModel chip = chip_model(net, tonn::HardwareAccounting{}, o.device);
    // The ledger reads the computing chip's calibration and the drive its heaters hold.
    CHECK(chip.crosstalk == photonics::retune_compensation(o.non_idealities));
    CHECK(chip.static_power_w() == doctest::Approx(*tonn::chip_heater_power_w(net)));
    const LedgerOptions options;
    CHECK(ledger_retune_options(chip, options).crosstalk == chip.crosstalk);
    // A cache built for another treatment is refused rather than silently used.
    photonics::RetuneOptions other = options.retune;
    other.crosstalk = chip.crosstalk == photonics::CrosstalkCompensation::kCompensate
                          ? photonics::CrosstalkCompensation::kIgnore
                          : photonics::CrosstalkCompensation::kCompensate;
    RetuneCostCache wrong(photonics::ThermalParams::from_device(o.device.phase_shifter), other);
    CHECK_THROWS_AS(account_solve(hjb_counts(), chip, options, wrong), InputError);
    return Seen{(y - reference).norm() / reference.norm(), chip.static_power_w()};
  };
  const Seen none = on_chip(photonics::Calibration::kNone);
  const Seen compensated = on_chip(photonics::Calibration::kCrosstalkCompensated);
  MESSAGE("crosstalk only: output error " << none.output_error << " uncompensated, "
                                          << compensated.output_error << " compensated; heaters "
                                          << none.static_w << " W vs " << compensated.static_w
                                          << " W");
  CHECK(compensated.output_error < 1e-8);  // nothing but crosstalk acts, and it is undone
  CHECK(none.output_error > 1e-2);
  // Pre-distortion lowers each drive by its neighbours' leak, but a heater programmed to 0
  // next to a warm neighbour would need a negative phase: it wraps to 2 pi - leak, ~2 P_pi.
  // On the SIREN-initialised program (many heaters at exactly 0) the wraps win.
  CHECK(compensated.static_w != none.static_w);
  CHECK(compensated.static_w > none.static_w);
}

TEST_CASE("A wrap costs the settle time of its near-2 pi swing") {
  const ChipModel chip = hjb_chip();
  const double mu = 0.025;
  const SolveCounts counts = counts_from_record(10, 70, 70 * 925, 70 * 1088, mu, 3);
  REQUIRE(counts.retunes.size() == 2);
  const auto b = account_solve(counts, chip, {});
  const photonics::ThermalParams t = photonics::ThermalParams::from_device(chip.device.phase_shifter);
  for (const RetuneCharge& c : b.retunes) {
    const bool wrap = c.retune.name == "measured_wrap";
    CHECK(c.retune.states == (wrap ? 3 : 67));
    const double swing = wrap ? 2 * M_PI - mu : mu;
    CHECK(c.settle_time_s ==
          doctest::Approx(photonics::step_settle_time_s(t.tau_s, swing, t.settle_tolerance_rad))
              .epsilon(1e-6));
  }
  // tau ln((2 pi - mu) / 1 mrad) = 10.7 us against tau ln(mu / 1 mrad) = 3.9 us.
  CHECK(b.retunes[1].settle_time_s == doctest::Approx(10.7e-6).epsilon(0.01));
  CHECK(b.retunes[0].settle_time_s == doctest::Approx(3.94e-6).epsilon(0.01));
  const auto unwrapped = account_solve(counts_from_record(10, 70, 70 * 925, 70 * 1088, mu), chip, {});
  CHECK(b.retune_time_s - unwrapped.retune_time_s ==
        doctest::Approx(3 * (b.retunes[1].settle_time_s - b.retunes[0].settle_time_s)));
}

TEST_CASE("The published-assumption organisation gives the published 1.36 J and 1.15 s") {
  // Inferred accounting (solvers/energy_ledger.hpp): one whole-network inference per 0.1 ns
  // symbol, one settle per iteration, converters at the network's 21 inputs and 1 output at
  // rated power over the solve, no heaters or electronic activations. Static power is not
  // charged, so the chip's program does not matter here.
  const ChipModel chip = hjb_chip();
  SolvePlan plan;
  plan.evaluations_per_point = 1851;
  plan.loss_at_theta = false;
  const SolveCounts counts = planned_counts(chip, plan);
  REQUIRE(counts.programmed_states == 6 * 10000);  // 3 layers x antithetic pair
  const LedgerBreakdown p = account_solve(counts, chip, organised(ChipOrganisation::kPublishedPipelined));
  MESSAGE("published-assumption organisation, HJB-20 published run\n" << ledger_table(p));
  check_totals(p);
  const photonics::DeviceParameters d;
  // 6 states x 185,100 inferences x 10,000 iterations x 0.1 ns.
  CHECK(p.inference_time_s == doctest::Approx(6.0 * 185100.0 * 1e4 * 1e-10));
  CHECK(p.time_per_inference_s == doctest::Approx(1.0 / 10e9));
  REQUIRE(p.retunes.size() == 1);
  CHECK(p.retunes[0].retune.states == 10000);
  CHECK(p.retune_time_s == doctest::Approx(1e4 * p.retunes[0].settle_time_s));
  CHECK(p.retunes[0].settle_time_s > 3e-6);  // a thermal settle of a ZO step: ~4-5 us
  CHECK(p.retunes[0].settle_time_s < 6e-6);
  const double rated_w = 21 * (d.dac.power_w + d.modulator.energy_per_bit_j * d.modulator.rate_hz) +
                         1 * (d.adc.power_w + d.detector.tia_power_w) + p.laser_power_w;
  CHECK(p.total_energy_j ==
        doctest::Approx(rated_w * p.total_time_s + d.control.power_w * p.control_time_s));
  CHECK(p.line(LedgerComponent::kStaticHeaters).energy_j == 0.0);
  CHECK(p.line(LedgerComponent::kNonlinearity).energy_j == 0.0);
  // The published figures, within 10 %.
  CHECK(p.total_time_s == doctest::Approx(1.15).epsilon(0.10));
  CHECK(p.total_energy_j == doctest::Approx(1.36).epsilon(0.10));
  // It is the whole-network organisation under the published assumption set.
  LedgerOptions spelled;
  spelled.assumptions = LedgerAssumptions::published();
  const LedgerBreakdown w = account_solve(counts, chip, spelled);
  CHECK(w.total_energy_j == doctest::Approx(p.total_energy_j).epsilon(1e-14));
  CHECK(w.total_time_s == doctest::Approx(p.total_time_s).epsilon(1e-14));
  CHECK(from_string<ChipOrganisation>("published_pipelined") == ChipOrganisation::kPublishedPipelined);
}

TEST_CASE("Ledger assumptions are validated against the organisation") {
  LedgerOptions o;
  o.organisation = ChipOrganisation::kTimeMultiplexed;
  o.assumptions.static_heaters = false;
  CHECK_THROWS_WITH_AS(o.validate(), doctest::Contains("assumptions"), InputError);
  LedgerOptions r;
  r.assumptions.rated_power_times_latency = true;
  CHECK_THROWS_WITH_AS(r.validate(), doctest::Contains("boundary_converters_only"), InputError);
  r.assumptions.boundary_converters_only = true;
  CHECK_NOTHROW(r.validate());
  CHECK(LedgerAssumptions{} == LedgerAssumptions{});
  CHECK_FALSE(LedgerAssumptions::published() == LedgerAssumptions{});
}

TEST_CASE("The published organisation charges one settle per iteration plus each wrap's extra swing") {
  const ChipModel chip = hjb_chip();
  const double mu = 0.025;
  LedgerOptions p;
  p.organisation = ChipOrganisation::kPublishedPipelined;
  const auto plain = account_solve(counts_from_record(10, 70, 70 * 925, 70 * 1088, mu), chip, p);
  const auto wrapped = account_solve(counts_from_record(10, 70, 70 * 925, 70 * 1088, mu, 3), chip, p);
  const photonics::ThermalParams t = photonics::ThermalParams::from_device(chip.device.phase_shifter);
  const double regular = photonics::step_settle_time_s(t.tau_s, mu, t.settle_tolerance_rad);
  const double wrap = photonics::step_settle_time_s(t.tau_s, 2 * M_PI - mu, t.settle_tolerance_rad);
  // No wraps: 10 settles of the mu step, not one per state (70).
  CHECK(plain.retune_time_s == doctest::Approx(10 * regular).epsilon(1e-3));
  // 3 wrapping states: each adds the near-2 pi swing's settle beyond the regular one; the
  // other 7 iterations are not charged a wrap (before: every iteration took the wrap's).
  CHECK(wrapped.retune_time_s == doctest::Approx(10 * regular + 3 * (wrap - regular)).epsilon(1e-3));
  CHECK(wrapped.retune_time_s < 10 * wrap);
}
