#include "scenarios/runner/training_run.hpp"

#include <omp.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <csignal>
#include <filesystem>
#include <ostream>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "core/error.hpp"
#include "core/timer.hpp"
#include "scenarios/runner/checkpoint.hpp"
#include "scenarios/runner/experiment.hpp"
#include "scenarios/runner/hdf5_file.hpp"
#include "scenarios/runner/hdf5_table.hpp"
#include "scenarios/runner/hdf5_trace.hpp"
#include "scenarios/runner/output_claim.hpp"
#include "scenarios/runner/output_error.hpp"
#include "scenarios/runner/parameter_map.hpp"
#include "scenarios/runner/progress.hpp"
#include "scenarios/runner/resource_limits.hpp"
#include "scenarios/runner/run_estimate.hpp"
#include "scenarios/runner/run_layout.hpp"
#include "scenarios/runner/run_metadata.hpp"
#include "scenarios/runner/run_records.hpp"
#include "scenarios/runner/stop_signal.hpp"
#include "scenarios/runner/version.hpp"
#include "solvers/chip_model.hpp"
#include "solvers/first_order_trainer.hpp"
#include "solvers/energy_ledger.hpp"
#include "solvers/solve_counts.hpp"
#include "solvers/zo_estimator.hpp"
#include "tonn/photonic_network.hpp"

namespace tonnsim::runner {

namespace {

// Names of the optimiser-state entries of /checkpoint (docs/hdf5-layout.md).
constexpr const char* kStepperState = "stepper";
// [states, heater changes, wrap states, update wraps, sum of per-iteration heater power W]
constexpr const char* kCounters = "objective_counters";
constexpr const char* kProgrammed = "programmed_state";     // the chip's last state
constexpr const char* kWall = "wall_s";                     // training time so far
constexpr const char* kAverage = "parameter_average";       // run.average on: a_k

std::string default_out_path(const std::string& scenario) {
  return (std::filesystem::path("results") / std::filesystem::path(scenario).stem())
             .string() + ".h5";
}

const Vec& state_entry(const Checkpoint& c, const std::string& name, const std::string& file) {
  for (const auto& [key, value] : c.optimizer_state)
    if (key == name) return value;
  throw InputError(file + ": /checkpoint/optimizer/" + name +
                   " is missing; the file was not written by `tonnsim run`");
}

void write_records(Hdf5File& f, const std::string& group, const std::vector<Record>& records) {
  for (const auto& r : records)
    std::visit([&](const auto& v) { f.set_attribute(group, r.name, v); }, r.value);
}

void write_hardware(Hdf5File& f, const tonn::HardwareComparison& h) {
  f.create_group(layout::kHardware);
  write_records(f, layout::kHardware, hardware_records(h));
}

/// The ledger of the chip a run trains on, charged from the run's own cumulative counts
/// (absent for the digital model, which runs on no chip).
class RunLedger {
 public:
  RunLedger(const Scenario& s, Experiment& e) : options_(s.chip.ledger) {
    if (s.chip.model != ModelKind::kPhotonic) return;
    chip_ = experiment_chip_model(s, e);
    // The run measures held heater power on the chip that computes (k x k tiles); the
    // ledger charges the organisation it accounts (chip.accounting). Both are evaluated
    // here on the same starting program (build_experiment's, also on resume), and their
    // ratio carries the measured drift over: exactly 1 when the two are the same chip.
    const double computing_w = tonn::chip_heater_power_w(e.model()).value_or(0.0);
    const double accounted_w = e.hardware.tonn.static_power_w.value_or(0.0);
    organisation_per_computing_ = computing_w > 0 ? accounted_w / computing_w : 1.0;
    cache_.emplace(photonics::ThermalParams::from_device(s.device.phase_shifter),
                   solvers::ledger_retune_options(*chip_, options_));
    // Every perturbed heater steps by mu (Rademacher directions: exactly +-mu); a
    // first-order update moves each heater by about the learning rate (Adam) or less.
    const auto& zo = s.optimizer.zo;
    step_rad_ = s.optimizer.kind != OptimizerKind::kZo ? s.optimizer.learning_rate.initial
                : zo.kind == solvers::ZoEstimatorKind::kCoordinate ? zo.coordinate.mu
                                                                   : zo.random_direction.mu;
  }
  bool active() const { return chip_.has_value(); }
  std::optional<solvers::LedgerBreakdown> at(const solvers::IterationRecord& r) const {
    if (!chip_ || r.loss_evals == 0) return std::nullopt;
    ScopedTimer t("run/ledger");
    // Static heater power: the mean over the states the run programmed, not the initial
    // one, carried from the computing chip to the accounted organisation.
    const long iterations = r.iteration + 1;
    const std::optional<double> held_w =
        std::isfinite(r.static_power_w)
            ? std::optional<double>(organisation_per_computing_ * r.static_power_sum_w /
                                    double(r.loss_evals))
            : std::nullopt;
    return solvers::account_solve(
        solvers::counts_from_record(iterations, r.loss_evals, r.forward_evals, r.phase_retunes,
                                    step_rad_, r.wrap_states, held_w),
        *chip_, options_, *cache_);
  }

 private:
  solvers::LedgerOptions options_;
  std::optional<solvers::ChipModel> chip_;
  // One thermal integration per kind of retune for the whole run, not one per trace row.
  mutable std::optional<solvers::RetuneCostCache> cache_;
  double step_rad_ = 0.0;
  double organisation_per_computing_ = 1.0;  // accounted / computing chip's starting power
};

std::vector<TraceValue> trace_row(const solvers::IterationRecord& r, const RunLedger& ledger) {
  const auto l = ledger.at(r);
  return {std::int64_t{r.iteration},
          r.loss,
          r.rel_l2,
          r.rel_l2_learned,
          r.max_abs_error,
          r.grad_norm,
          r.learning_rate,
          std::int64_t{r.forward_evals},
          std::int64_t{r.phase_retunes},
          l ? l->total_energy_j : std::nan(""),
          l ? l->total_time_s : std::nan(""),
          std::int64_t{r.wraps},
          std::int64_t{r.cumulative_wraps},
          std::int64_t{r.wrap_states},
          r.static_power_w};
}

void write_ledger(Hdf5File& f, const solvers::LedgerBreakdown& l) {
  Table t;
  for (auto& c : ledger_columns(l)) t.add(c.name, std::move(c.values), c.unit, c.description);
  write_table(f, layout::kLedger, t);
  write_records(f, layout::kLedger, ledger_records(l));
}

/// The random streams the next iteration draws from, by name, as engine states
/// (checkpoint.hpp rng_state): stored in /checkpoint/rng and compared on resume. Every
/// stream is derived from (seed, purpose, iteration) (core/rng.hpp), so these states are
/// what a resumed run draws with, and a mismatch means the seed or the derivation changed.
std::vector<std::pair<std::string, std::string>> next_rng_states(const Scenario& s,
                                                                 long iteration) {
  const auto step = static_cast<std::uint64_t>(iteration);
  std::vector<std::pair<std::string, std::string>> states{
      {"collocation_sampling", rng_state(make_rng(s.problem.loss.seed, Stream::kSampling, step))}};
  if (s.optimizer.kind == OptimizerKind::kZo)
    states.emplace_back("zo_perturbation",
                        rng_state(solvers::detail::iteration_rng(s.optimizer.zo.common.seed, iteration)));
  return states;
}

void verify_rng_states(const Checkpoint& c, const Scenario& s, const std::string& file) {
  const auto expected = next_rng_states(s, static_cast<long>(c.iteration));
  for (const auto& [name, state] : expected) {
    const auto stored = std::find_if(c.rng_states.begin(), c.rng_states.end(),
                                     [&](const auto& r) { return r.first == name; });
    if (stored == c.rng_states.end())
      throw InputError(file + ": /checkpoint/rng/" + name + " is missing (written by an older "
                       "tonnsim); the random streams cannot be verified, so it is not resumed");
    if (stored->second != state)
      throw InputError(file + ": /checkpoint/rng " + name + ": the stored engine state " +
                       rng_state_digest(stored->second) + " differs from the state " +
                       rng_state_digest(state) + " of the stream the resumed run would draw " +
                       "for iteration " + std::to_string(c.iteration) +
                       " (seed or code changed); not resumed");
  }
}

/// `text` as a YAML double-quoted scalar: a --set value that stays this string whatever
/// characters it holds.
std::string yaml_quoted(const std::string& text) {
  YAML::Emitter e;
  e << YAML::DoubleQuoted << text;
  return e.c_str();
}

/// --resume with `pde.reference`: the test set must come from the same bytes as when the
/// run started (`stored`, from /scenario; `current`, read now from the stored path).
void verify_reference(const ReferenceFileStamp& stored, const ReferenceFileStamp& current,
                      const std::string& file) {
  if (current.path.empty()) return;  // no reference (the scenario checksum holds it unchanged)
  if (stored.path.empty())
    throw InputError(file + ": pde.reference.file is set but /scenario records no checksum of "
                     "it (written by an older tonnsim); the test set cannot be verified, so it "
                     "is not resumed");
  if (!stored.same_contents(current))
    throw InputError(file + ": the reference file " + stored.path + " changed since the run "
                     "started: stored " + stored.contents_text() + ", now " +
                     current.contents_text() + "; the test set would differ, so it is not "
                     "resumed (restore the file, or start a new run)");
}

/// Every summary number goes through one of these: 4 significant digits, scientific for
/// errors, general for physical quantities (units follow in the text).
std::string sci(double v) { return fmt::format("{:.3e}", v); }
std::string num(double v) { return fmt::format("{:.4g}", v); }
std::string factor(double k) {  // 1168x, not 1.17e+03x; 3 digits below 1000
  return k >= 1000 && k < 1e7 ? fmt::format("{:.0f}x", k) : fmt::format("{:.3g}x", k);
}

/// /final attributes of the trivial baselines (pinn/test_metrics.hpp), e.g.
/// baseline_constant_rel_l2, and the improvement of the final prediction over the best.
void write_baselines(Hdf5File& f, const pinn::TrivialBaselines& b, double improvement) {
  const char* fin = layout::kFinal;
  for (const auto& score : b.scores) {
    const std::string key = "baseline_" + score.name + "_";
    f.set_attribute(fin, key + "rel_l2", score.metrics.rel_l2);
    f.set_attribute(fin, key + "rel_l2_learned", score.metrics.rel_l2_learned);
    f.set_attribute(fin, key + "max_abs_error", score.metrics.max_abs_error);
    f.set_attribute(fin, key + "description", score.description);
  }
  f.set_attribute(fin, "baseline_constant_value", b.constant_value);
  f.set_attribute(fin, "best_baseline", b.best().name);
  f.set_attribute(fin, "improvement_over_best_baseline", improvement);
}

void print_accuracy(std::ostream& out, const RunSummary& r) {
  out << fmt::format(
      "  learned part   rel L2 {} (||u_pred - u|| / ||u - g||, g the ansatz's fixed part); max "
      "abs error {}\n"
      "  baselines      rel L2 of u / of the learned part / max abs error, same test set:\n",
      sci(r.last.rel_l2_learned), sci(r.last.max_abs_error));
  for (const auto& b : r.baselines.scores) {
    out << fmt::format("    {:<13}{} / {} / {}  {}", b.name, sci(b.metrics.rel_l2),
                       sci(b.metrics.rel_l2_learned), sci(b.metrics.max_abs_error), b.description);
    if (b.name == "constant") out << " (c = " << num(r.baselines.constant_value) << ")";
    out << "\n";
  }
  out << fmt::format("  improvement over the best trivial baseline: {} ({})\n",
                     factor(r.improvement), r.baselines.best().name);
}

/// Which layers the chip computes optically and which the readout electronics compute (the
/// convention every MZI count and ratio of the summary depends on, docs/mzi-count.md), e.g.
/// "optical 0, 1; digital readout 2 (512 multiply-adds per sample); chip.dense digital_readout".
std::string layer_convention(const tonn::NetworkHardware& chip, tonn::DenseRealisation dense) {
  std::string optical, digital;
  double multiply_adds = 0.0;
  for (std::size_t l = 0; l < chip.layers.size(); ++l) {
    const tonn::LayerHardware& layer = chip.layers[l];
    std::string& list = layer.counts.mzis > 0 ? optical : digital;
    list += (list.empty() ? "" : ", ") + std::to_string(l);
    if (layer.counts.mzis == 0) multiply_adds += layer.digital_multiply_adds;
  }
  std::string text = "optical " + (optical.empty() ? std::string("none") : optical) +
                     "; digital readout " + (digital.empty() ? std::string("none") : digital);
  if (!digital.empty()) text += fmt::format(" ({} multiply-adds per sample)", num(multiply_adds));
  return text + "; chip.dense " + to_string(dense);
}

void print_summary(std::ostream& out, const Scenario& s, Experiment& e, const RunSummary& r,
                   const std::optional<solvers::LedgerBreakdown>& ledger) {
  const auto& h = e.hardware;
  const bool on_chip = s.chip.model == ModelKind::kPhotonic;
  // The digital model trains the weights; the chip trains the phases that realise them.
  const std::string parameters =
      on_chip ? fmt::format("{} weights, trained as {} chip phases", e.spec.num_parameters(),
                            e.model().num_parameters())
              : fmt::format("{} weights", e.spec.num_parameters());
  out << fmt::format("tonnsim run: {}\n  problem        {}, estimator {}, model {}, precision {}, "
                     "optimizer {} ({})\n",
                     r.out_path, to_string(s.problem.pde.kind), to_string(s.estimator.kind),
                     to_string(s.chip.model), to_string(s.run.precision),
                     to_string(s.optimizer.kind), parameters)
      << "  iterations     " << r.last.iteration + 1;
  if (r.first_iteration > 0) out << " (resumed at " << r.first_iteration << ")";
  out << "\n  final loss     " << sci(r.last.loss) << "\n  final rel L2   " << sci(r.last.rel_l2);
  if (r.first_iteration == 0) {
    out << " (before training " << sci(r.initial_rel_l2);
    // The digital model runs on no chip: there is no programming error to report.
    if (on_chip) out << "; output error of the chip vs the digital model " << sci(r.programming_error);
    out << ")";
  }
  out << "\n";
  print_accuracy(out, r);
  out << fmt::format("  wall time      {} ({} s)\n", format_duration(r.last.wall_s),
                     num(r.last.wall_s));
  if (on_chip)
    out << fmt::format("  forward evals  {} in {} programmed states, {} heater changes", r.last.forward_evals,
                       r.last.loss_evals, r.last.phase_retunes);
  else
    out << fmt::format("  forward evals  {} in {} loss evaluations", r.last.forward_evals,
                       r.last.loss_evals);
  if (ledger)
    out << fmt::format(", {} heater wraps ({} states with a ~2 pi swing)", r.last.cumulative_wraps,
                       r.last.wrap_states);
  out << fmt::format("\n  hardware       {} tensor cores, {} MZIs, {} mm^2", h.tonn.counts.tensor_cores,
                     h.tonn.counts.mzis, num(h.tonn.area_mm2));
  if (h.tonn.static_power_w) out << ", static heaters " << num(*h.tonn.static_power_w) << " W";
  out << "\n  chip layers    " << layer_convention(h.tonn, s.chip.dense);
  out << fmt::format("\n  dense optical  {} MZIs ({} in U/V meshes), {} mm^2 (every layer one "
                     "right-sized SVD block, the output layer optical)\n",
                     h.dense.counts.mzis, h.dense.mesh_mzis(), num(h.dense.area_mm2));
  if (h.tonn.counts.mzis == 0)
    out << "  MZI reduction  none: no layer of this network is photonic\n";
  else
    out << fmt::format(
        "  MZI reduction  {} mesh MZIs only (U/V meshes, {} / {}; published convention), {} all "
        "MZIs (with Sigma attenuators)\n"
        "                 dense baseline digital where the TONN is (matched): {} mesh only, {} "
        "all (docs/mzi-count.md)\n",
        factor(h.mesh_mzi_reduction), h.dense.mesh_mzis(), h.tonn.mesh_mzis(),
        factor(h.mzi_reduction), factor(h.mesh_mzi_reduction_matched),
        factor(h.mzi_reduction_matched));
  if (ledger)
    out << fmt::format(
        "  per solve      {} J, {} s on the chip ({}{}; inference {} s, retuning {} s, control {} "
        "s; heaters held {} W on average; calibration {}; docs/energy-model.md)\n",
        num(ledger->total_energy_j), num(ledger->total_time_s), to_string(ledger->organisation),
        ledger->organisation == solvers::ChipOrganisation::kPublishedPipelined
            ? ": accounting inferred from the published figures"
            : "",
        num(ledger->inference_time_s), num(ledger->retune_time_s), num(ledger->control_time_s),
        num(ledger->static_power_w), to_string(s.chip.photonic.non_idealities.calibration));
  else
    out << "  per solve      no chip ledger: chip.model = digital\n";
}

/// What a failed write left in OUT, for the error message.
std::string output_state(const OutputClaim& claim, bool resuming) {
  if (claim.snapshots() > 0 || resuming)
    return claim.path() + " holds the run as of its last complete checkpoint; free space, then "
           "continue with: tonnsim run --resume " + claim.path();
  return claim.path() + " was not changed";
}

/// `--resume` of a file whose run is complete: the stored results are reported and the
/// file is left exactly as it is (not reopened for writing).
RunSummary report_complete(const Hdf5File& file, long total, std::ostream& out,
                           std::ostream& err) {
  RunSummary summary;
  summary.out_path = file.path();
  summary.first_iteration = total;
  summary.last.iteration = total - 1;
  const char* fin = layout::kFinal;
  const auto stored = [&](const char* name) {
    return file.has_attribute(fin, name) ? file.double_attribute(fin, name) : std::nan("");
  };
  summary.last.loss = stored("loss");
  summary.last.rel_l2 = stored("rel_l2");
  summary.last.rel_l2_learned = stored("rel_l2_learned");
  summary.last.max_abs_error = stored("max_abs_error");
  summary.last.wall_s = stored("wall_s");
  err << "note: " << file.path() << " is already complete (" << total
      << " iterations); nothing to resume, the file was left unchanged\n";
  out << "tonnsim run: " << file.path() << " (complete, stored results)\n"
      << "  iterations     " << total << "\n"
      << "  final loss     " << sci(summary.last.loss) << "\n"
      << "  final rel L2   " << sci(summary.last.rel_l2) << "\n";
  return summary;
}

}  // namespace

RunSummary run_scenario(const RunOptions& options, std::ostream& out, std::ostream& err) {
  return run_scenario(options, RunEmbedding{}, out, err);
}

RunSummary run_scenario(const RunOptions& options, RunEmbedding embedding, std::ostream& out,
                        std::ostream& err) {
  const bool resuming = !options.resume.empty();
  require(!options.scenario.empty() || resuming || embedding.document, "run", "(nothing)",
          "needs SCENARIO.yaml or --resume FILE.h5");
  const bool in_memory = embedding.in_memory && options.out.empty() && !resuming;
  const MpiSession* ranks = embedding.ranks;
  const bool writer = !ranks || ranks->rank() == 0;  // the rank that owns the output
  if (resuming) {
    require(options.scenario.empty(), "--resume", options.resume,
            "takes the scenario from the file; give no SCENARIO.yaml with it");
    require(options.sets.empty() && options.overrides.empty() && !options.seed, "--resume",
            options.resume,
            "continues the stored scenario unchanged; --set, key=value and --seed are not allowed");
  }
  require(options.max_iterations >= 0, "--max-iterations", options.max_iterations,
          "must be >= 1 (or 0: run to the end)");
  if (options.threads) {
    require(*options.threads >= 1 && *options.threads <= limits::kThreads, "--threads",
            *options.threads, "must be in [1, " + std::to_string(limits::kThreads) + "]");
    omp_set_num_threads(*options.threads);
  }
  TimerRegistry::global().set_enabled(options.profile);

  // ---- scenario, output file ----------------------------------------------------------
  RunMetadata meta;
  std::optional<ConfigDocument> doc;
  std::optional<Hdf5File> file;
  std::optional<OutputClaim> claim;        // written as <out>.partial (output_claim.hpp)
  std::optional<Checkpoint> checkpoint;    // --resume: verified before anything is written
  RunSummary summary;
  if (resuming) {
    if (writer)
      claim.emplace(options.resume, false, std::vector<std::string>{}, "--resume",
                    ClaimKind::kContinue);  // before anything is read or written
    const Hdf5File stored = Hdf5File::open(options.resume, Hdf5Mode::kReadOnly);
    meta = read_run_metadata(stored);
    doc = ConfigDocument::from_string(meta.effective_scenario, meta.scenario_file);
    checkpoint = read_checkpoint(stored);
    // The reference is read from where the run read it, whatever the current directory.
    if (!meta.reference.path.empty())
      doc->set("pde.reference.file=" + yaml_quoted(meta.reference.path),
               "--resume (the reference file the run started with)");
    if (checkpoint->scenario_checksum != scenario_checksum(meta.scenario_text, meta.effective_scenario))
      throw InputError(options.resume + ": /scenario: checksum mismatch with /checkpoint: the "
                       "stored scenario was edited or damaged after the checkpoint was written; "
                       "not resumed");
    const long total = bind_scenario(*doc).run.trainer.iterations;
    if (checkpoint->iteration >= total) {
      if (embedding.setup_done) embedding.setup_done();
      return report_complete(stored, total, out, err);
    }
    summary.out_path = options.resume;
    // Measured by the invocation that started the run, on the chip as first programmed.
    if (stored.exists(layout::kFinal) && stored.has_attribute(layout::kFinal, "programming_error"))
      summary.programming_error = stored.double_attribute(layout::kFinal, "programming_error");
  } else {
    std::vector<std::string> sets = options.sets;
    if (options.seed) sets.push_back("run.seed=" + std::to_string(*options.seed));
    const bool embedded = embedding.document.has_value();
    if (embedded)
      doc = std::move(embedding.document);
    else
      doc = ConfigDocument::from_file(options.scenario);
    doc->set_all(sets);
    doc->set_all(options.overrides, "override");
    meta.scenario_file = embedded ? doc->file() : options.scenario;
    meta.scenario_text = doc->text();
    meta.effective_scenario = doc->effective_text();
    meta.overrides = sets;
    meta.overrides.insert(meta.overrides.end(), options.overrides.begin(), options.overrides.end());
    summary.out_path = in_memory            ? "(in memory)"
                       : options.out.empty() ? default_out_path(doc->file())
                                             : options.out;
  }
  const Scenario s = bind_scenario(*doc);
  if (writer && !resuming)
    for (const std::string& n : s.notes) err << "note: " << meta.scenario_file << ": " << n << "\n";
  if (resuming) {
    verify_rng_states(*checkpoint, s, options.resume);
    verify_reference(meta.reference, s.problem.reference_stamp, options.resume);
  } else {
    meta.reference = s.problem.reference_stamp;
  }
  meta.expanded_scenario = s.expanded;
  if (!resuming && !in_memory && writer)  // claimed before the (possibly long) build: a refusal costs nothing
    claim.emplace(summary.out_path, options.force,
                  std::vector<std::string>{options.scenario, s.network.initial_parameters});
  Experiment e = build_experiment(s);
  if (embedding.setup_done) embedding.setup_done();
  tonn::Network& model = e.model();
  // Under MPI (even one rank) every loss splits its points over the ranks.
  std::optional<MpiPointSplit> split;
  if (ranks && ranks->active()) {
    split.emplace(*ranks);
    e.loss->set_point_split(&*split);
  }
  // One of the two steppers runs; both checkpoint as [iteration, update-rule state].
  std::unique_ptr<solvers::ZoStepper> zo;
  std::unique_ptr<solvers::FirstOrderStepper> first_order;
  if (s.optimizer.kind == OptimizerKind::kFirstOrder)
    first_order = std::make_unique<solvers::FirstOrderStepper>(
        solvers::make_update_rule(s.optimizer.update, model.num_parameters()),
        s.optimizer.learning_rate);
  else if (s.optimizer.kind == OptimizerKind::kInSituSubspace)
    first_order = std::make_unique<solvers::FirstOrderStepper>(
        solvers::make_update_rule(s.optimizer.update, model.num_parameters()),
        s.optimizer.learning_rate, solvers::in_situ_subspace_gradient(s.optimizer.in_situ));
  else
    zo = make_zo_stepper(s, model);
  auto stepper_state = [&] { return zo ? zo->state() : first_order->state(); };
  const RunLedger ledger(s, e);
  // Measured on the chip as programmed from the initial digital weights (before training).
  if (!resuming) summary.programming_error = programming_error(e);
  if (!resuming) {  // the test error before any training, on the model as programmed
    tonn::reseed_phase_noise(model, solvers::test_noise_state(-1));
    summary.initial_rel_l2 = e.loss->test_error(model);
  }

  solvers::TrainerHooks hooks;
  std::optional<TraceWriter> trace;
  const long total = s.run.trainer.iterations;
  if (resuming) {
    if (writer) file = claim->continue_partial();
    const Checkpoint& c = *checkpoint;
    model.set_parameters(c.parameters);
    const Vec& state = state_entry(c, kStepperState, options.resume);
    if (zo)
      zo->set_state(state);
    else
      first_order->set_state(state);
    const Vec& counts = state_entry(c, kCounters, options.resume);
    require(counts.size() == 5, "/checkpoint/optimizer/objective_counters", counts.size(),
            "must hold 5 numbers (a file of an older tonnsim cannot be resumed)");
    hooks.resume = solvers::TrainerResume{
        {static_cast<long>(counts(0)), static_cast<long>(counts(1)), static_cast<long>(counts(2))},
        state_entry(c, kProgrammed, options.resume),
        state_entry(c, kWall, options.resume)(0),
        static_cast<long>(counts(3)),
        counts(4),
        s.run.trainer.average.kind == solvers::AverageKind::kNone
            ? Vec()
            : state_entry(c, kAverage, options.resume)};
    if (writer)
      trace.emplace(TraceWriter::resume(*file, layout::kTrace, layout::training_trace_columns(),
                                        c.trace_rows, s.run.flush));
    summary.first_iteration = c.iteration;
  } else if (writer) {
    if (in_memory) {
      // HDF5 refuses a second open file of the same name: number concurrent runs' files.
      static std::atomic<long> memory_files{0};
      file = Hdf5File::create_in_memory(doc->file() + " (in memory #" +
                                        std::to_string(memory_files++) + ")");
    } else {
      file = claim->create_partial();
    }
    meta.code_version = code_version();
    meta.seed = s.run.seed;
    meta.threads = omp_get_max_threads();
    meta.choices = s.choices();
    write_run_metadata(*file, meta);
    write_hardware(*file, e.hardware);
    if (ranks && ranks->active())  // the ranks of the run that created the file
      file->set_attribute(layout::kMeta, "mpi_ranks", static_cast<std::int64_t>(ranks->size()));
    trace.emplace(*file, layout::kTrace, layout::training_trace_columns(), s.run.flush);
  }

  // ---- training -------------------------------------------------------------------------
  const long done = zo ? zo->iteration() : first_order->iteration();
  summary.last.iteration = done - 1;
  RunSizes sizes;
  {
    sizes.evaluations_per_loss = double(zo ? e.loss->evaluations_per_loss()
                                           : e.loss->gradient_evaluations_per_loss());
    // An in-situ first-order step is one state measured twice (forward and adjoint pass).
    sizes.states_per_iteration = zo ? double(zo->estimator().calls_per_estimate(done))
                                    : double(first_order->passes_per_evaluation());
    sizes.states_key = zo ? "optimizer.zo" : "optimizer.kind";
    sizes.stencil_key = "estimator." + to_string(s.estimator.kind);
    const long stop = options.max_iterations > 0 ? std::min(total, done + options.max_iterations)
                                                 : total;
    sizes.iterations = double(std::max(0L, stop - done));
    sizes.parameters = double(model.num_parameters());
    sizes.test_points = double(e.loss->test_points().cols());
    sizes.inputs = double(e.spec.input_dim);
    for (const auto& layer : e.spec.layers)
      sizes.widest_layer = std::max(sizes.widest_layer, double(layer.output_dim()));
  }
  StopSignal stop_signal;
  // Every rank has read what it needed of a resumed file before rank 0 replaces it.
  if (ranks) ranks->barrier();
  if (done < total) {
    // The bar and its ETA count to where this invocation stops (--max-iterations).
    const long stop = options.max_iterations > 0 ? std::min(total, done + options.max_iterations)
                                                 : total;
    ProgressOptions progress_options = options.progress;
    if (!writer) progress_options.mode = ProgressMode::kOff;
    Progress progress = Progress::on_stderr(stop, progress_options, done);
    bool stop_requested = false;  // by the embedding, after a row
    // The estimate of the whole invocation, printed after its first iteration, timed.
    const Stopwatch first_iteration;
    bool estimated = false;
    if (writer)
      hooks.observe = [&](const solvers::IterationRecord& r) {
        if (!estimated && sizes.iterations > 1) {
          estimated = true;
          const double per_s = sizes.evaluations_per_loss * sizes.states_per_iteration /
                               first_iteration.seconds();
          err << "note: " << estimate_run(sizes, per_s).text(per_s) << "\n";
        }
        const std::vector<TraceValue> row = trace_row(r, ledger);
        trace->append(row);
        progress.update(r.iteration + 1, r.loss, r.rel_l2);
        if (embedding.on_row) stop_requested = embedding.on_row(row);
      };
    // The embedding's callback or SIGINT/SIGTERM end training at an iteration boundary; on
    // every rank at the same one (a signal may reach the ranks at different iterations).
    hooks.stop_requested = [&] {
      const bool stop = stop_requested || stop_signal.received() != 0;
      return ranks ? ranks->any(stop) : stop;
    };
    hooks.checkpoint_every = s.run.checkpoint_every;
    if (writer)
      hooks.checkpoint = [&](const solvers::IterationRecord& r, const Vec& theta,
                             const solvers::TrainerResume& at) {
        ScopedTimer t("run/checkpoint");
        trace->flush();
        Checkpoint c;
        c.iteration = r.iteration + 1;
        c.trace_rows = trace->rows();
        c.parameters = theta;
        Vec counts(5);
        counts << static_cast<double>(at.counters.evaluations),
            static_cast<double>(at.counters.retuned_coordinates),
            static_cast<double>(at.counters.wrap_states), static_cast<double>(at.cumulative_wraps),
            at.static_power_sum_w;
        c.optimizer_state = {{kStepperState, stepper_state()},
                             {kCounters, counts},
                             {kProgrammed, at.programmed_state},
                             {kWall, Vec::Constant(1, at.wall_s)}};
        if (at.average.size() > 0) c.optimizer_state.push_back({kAverage, at.average});
        c.rng_states = next_rng_states(s, r.iteration + 1);
        c.scenario_checksum = scenario_checksum(meta.scenario_text, meta.effective_scenario);
        write_checkpoint(*file, c);
        if (claim) claim->snapshot(*file);  // OUT: this checkpoint, whole, by an atomic rename
      };
    solvers::TrainerOptions topt = s.run.trainer;
    topt.iterations = total - done;
    if (options.max_iterations > 0) topt.iterations = std::min(topt.iterations, options.max_iterations);
    try {
      summary.last = zo ? solvers::train_zo(model, *e.loss, *zo, topt, hooks)
                        : solvers::train_first_order(model, *e.loss, *first_order, topt, hooks);
    } catch (const OutputError& failure) {
      progress.finish();  // the partial file cannot take more; OUT keeps its last snapshot
      if (!claim) throw;
      throw OutputError(std::string(failure.what()) + "\n" + output_state(*claim, resuming));
    } catch (const RunError&) {
      progress.finish();
      if (trace) trace->flush();
      if (claim) claim->commit(*file);  // a diverged run keeps its trace
      throw;
    }
    progress.finish();
  }
  // The ranks drew the same directions and noise and formed the same sums: they must hold
  // the same parameters, bit for bit.
  if (ranks && !ranks->same_on_all(model.parameters()))
    throw RunError("the MPI ranks ended training with different parameters: a random stream "
                   "or a sum differs between ranks (a defect; please report it)");
  if (!writer) {
    summary.stop_signal = stop_signal.received();
    return summary;
  }
  trace->flush();

  // ---- final results ----------------------------------------------------------------------
  const Vec theta = model.parameters();
  if (file->exists(std::string(layout::kFinal) + "/parameters"))
    file->remove(std::string(layout::kFinal) + "/parameters");
  file->write(std::string(layout::kFinal) + "/parameters",
              std::vector<double>(theta.data(), theta.data() + theta.size()));
  const bool on_chip = s.chip.model == ModelKind::kPhotonic;
  file->set_attribute(std::string(layout::kFinal) + "/parameters", "unit",
                      on_chip ? "rad (phases), 1 (biases)" : "1");
  file->set_attribute(std::string(layout::kFinal) + "/parameters", "description",
                      on_chip ? "trained heater phases and digital biases; which index is "
                                "which: /final/parameter_map"
                              : "trained network weights and biases; /final/parameter_map");
  write_table(*file, std::string(layout::kFinal) + "/parameter_map",
              parameter_map_table(parameter_map(model)));
  file->set_attribute(std::string(layout::kFinal) + "/parameter_map", "weights",
                      static_cast<std::int64_t>(e.spec.num_parameters()));
  file->set_attribute(std::string(layout::kFinal) + "/parameter_map", "parameters",
                      static_cast<std::int64_t>(model.num_parameters()));
  const char* fin = layout::kFinal;
  file->set_attribute(fin, "iterations", static_cast<std::int64_t>(summary.last.iteration + 1));
  file->set_attribute(fin, "complete", std::int64_t{summary.last.iteration + 1 >= total});
  file->set_attribute(fin, "loss", summary.last.loss);
  if (!resuming) {
    file->set_attribute(fin, "programming_error", summary.programming_error);
    file->set_attribute(fin, "initial_rel_l2", summary.initial_rel_l2);
  }
  file->set_attribute(fin, "rel_l2", summary.last.rel_l2);
  file->set_attribute(fin, "rel_l2_learned", summary.last.rel_l2_learned);
  file->set_attribute(fin, "max_abs_error", summary.last.max_abs_error);
  summary.baselines = e.loss->trivial_baselines();
  summary.improvement =
      pinn::improvement_factor(summary.baselines, solvers::test_metrics(summary.last));
  write_baselines(*file, summary.baselines, summary.improvement);
  file->set_attribute(fin, "wall_s", summary.last.wall_s);
  file->set_attribute(fin, "forward_evals", static_cast<std::int64_t>(summary.last.forward_evals));
  file->set_attribute(fin, "programmed_states", static_cast<std::int64_t>(summary.last.loss_evals));
  file->set_attribute(fin, "phase_retunes", static_cast<std::int64_t>(summary.last.phase_retunes));
  const auto solve = ledger.at(summary.last);
  if (solve) write_ledger(*file, *solve);
  summary.ledger = solve;
  summary.hardware = e.hardware;
  file->flush();
  if (claim) claim->commit(*file);
  summary.stop_signal = stop_signal.received();
  print_summary(out, s, e, summary, solve);
  const std::string resume_hint =
      in_memory ? std::string() : "; continue with: tonnsim run --resume " + summary.out_path;
  if (summary.stop_signal)
    out << "  interrupted    by " << (summary.stop_signal == SIGINT ? "SIGINT" : "SIGTERM")
        << " after iteration " << summary.last.iteration + 1 << " of " << total
        << "; checkpoint written" << resume_hint << "\n";
  else if (summary.last.iteration + 1 < total)
    out << "  stopped        at iteration " << summary.last.iteration + 1 << " of " << total
        << resume_hint << "\n";
  if (options.profile) err << TimerRegistry::global().report();
  return summary;
}

}  // namespace tonnsim::runner
