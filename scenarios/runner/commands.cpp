#include "scenarios/runner/commands.hpp"
#include "scenarios/runner/print_expanded.hpp"

#include <algorithm>
#include <filesystem>
#include <ostream>
#include <sstream>

#include "core/error.hpp"
#include "core/rng.hpp"
#include "photonics/chip_instance.hpp"
#include "photonics/decomposition.hpp"
#include "photonics/mesh.hpp"
#include "photonics/power_area.hpp"
#include "photonics/svd_block.hpp"
#include "pinn/exact_solution_check.hpp"
#include "pinn/expression_pde.hpp"
#include "pinn/pde_library.hpp"
#include "scenarios/runner/cli.hpp"
#include "scenarios/runner/config_node.hpp"
#include "scenarios/runner/hdf5_file.hpp"
#include "scenarios/runner/mpi_session.hpp"
#include "scenarios/runner/output_error.hpp"
#include "scenarios/runner/output_claim.hpp"
#include "scenarios/runner/version.hpp"
#include "scenarios/runner/scenario.hpp"
#include "scenarios/runner/sweep.hpp"
#include "scenarios/runner/training_run.hpp"

namespace tonnsim::runner {

namespace {

Scenario load_checked(const std::string& file, const std::vector<std::string>& sets,
                      const std::vector<std::string>& overrides) {
  ConfigDocument doc = ConfigDocument::from_file(file);
  doc.set_all(sets);
  doc.set_all(overrides, "override");
  return bind_scenario(doc);
}

/// A sweep file names its base scenario; a scenario has no `base:` key.
bool is_sweep_file(const std::string& file) {
  return ConfigDocument::from_file(file).root().has("base");
}

std::string default_multirun_path(const std::string& scenario) {
  return (std::filesystem::path("results") /
          (std::filesystem::path(scenario).stem().string() + "_multirun.h5"))
      .string();
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : ", ") + i;
  return out;
}

std::string point_text(const Vec& x) {
  std::ostringstream os;
  os.precision(4);
  os << "(";
  const Eigen::Index shown = std::min<Eigen::Index>(x.size(), 6);
  for (Eigen::Index j = 0; j < shown; ++j) os << (j ? ", " : "") << x(j);
  os << (shown < x.size() ? ", ..., " + std::to_string(x(x.size() - 1)) : std::string()) << ")";
  return os.str();
}

// A PDE written in the scenario: does its exact solution satisfy the residual and the
// conditions (pinn/exact_solution_check.hpp), and do closed-form ansatz derivatives
// match differences of g and h? Findings are warnings: the scenario is still valid.
void check_exact(const std::string& file, const Scenario& s, std::ostream& out,
                 std::ostream& err) {
  const auto pde = pinn::make_pde(s.problem.pde);
  const auto& expression = dynamic_cast<const pinn::ExpressionPde&>(*pde);
  Rng rng = make_rng(s.problem.loss.seed, Stream::kSampling, 0);
  constexpr Eigen::Index kPoints = 64;
  if (expression.ansatz_derivatives_given()) {
    const Mat X = pde->sample_collocation(rng, kPoints);
    pinn::Jet g, h, gd, hd;
    pde->hard_constraint(X, g, h);
    expression.ansatz_by_differences(X, gd, hd);
    const double defect = std::max({(g.grad - gd.grad).cwiseAbs().maxCoeff(),
                                    (g.hess_diag - gd.hess_diag).cwiseAbs().maxCoeff(),
                                    (h.grad - hd.grad).cwiseAbs().maxCoeff(),
                                    (h.hess_diag - hd.hess_diag).cwiseAbs().maxCoeff()});
    const double scale = 1.0 + std::max({g.grad.cwiseAbs().maxCoeff(), g.hess_diag.cwiseAbs().maxCoeff(),
                                         h.grad.cwiseAbs().maxCoeff(), h.hess_diag.cwiseAbs().maxCoeff()});
    if (!(defect <= 1e-6 * scale))
      err << "warning: " << file << ": the ansatz derivatives (pde.expression.ansatz g_xi ... h_tt) "
          << "differ from differences of g and h by " << defect << " at " << kPoints
          << " random points: check them\n";
  }
  if (!expression.has_exact()) {
    out << (s.problem.reference.given()
                ? "exact solution: none given (accuracy metrics from pde.reference: " +
                      s.problem.reference.file + ")\n"
                : std::string("exact solution: none given (accuracy metrics will be NaN)\n"));
    return;
  }
  const pinn::ExactSolutionCheck c = pinn::check_exact_solution(*pde, rng, kPoints);
  out << "exact solution: max |residual| " << c.residual_max << " (tolerance "
      << c.residual_tolerance << ")";
  if (c.condition_max > 0.0 || !c.condition_name.empty())
    out << ", max condition mismatch " << c.condition_max << " (tolerance " << c.condition_tolerance
        << ")";
  out << " at " << c.points << " random points\n";
  if (!(c.residual_max <= c.residual_tolerance))
    err << "warning: " << file << ": the exact solution does not satisfy the residual: |r| = "
        << c.residual_max << " at " << point_text(c.residual_point) << "\n";
  if (!(c.condition_max <= c.condition_tolerance))
    err << "warning: " << file << ": the exact solution does not meet condition '" << c.condition_name
        << "': max |u_exact - value| = " << c.condition_max << "\n";
}


}  // namespace

int command_check(const CheckOptions& options, std::ostream& out, std::ostream& err) {
  std::vector<std::string> checked;
  for (const auto& section : scenario_sections())
    if (section.bind) checked.emplace_back(section.key);
  const MultirunOverrides multirun = split_multirun(options.overrides);
  // One expanded scenario per check: a sweep or multirun has one per point.
  require(!options.print_expanded || (!is_sweep_file(options.scenario) && multirun.axes.empty()),
          "--print-expanded", "given", "prints one scenario; check a sweep or multirun point by "
          "giving its values as single overrides");
  if (is_sweep_file(options.scenario)) {
    // Every point expanded and bound exactly as `tonnsim sweep` binds it before running.
    const SweepSpec spec = load_sweep(options.scenario, options.sets, options.overrides);
    out << options.scenario << ": ok, a " << to_string(spec.mode) << " sweep of "
        << spec.points.size() << " point" << (spec.points.size() == 1 ? "" : "s") << " over "
        << spec.base << " (every point checked: " << join(checked) << ")\n";
    return 0;
  }
  if (!multirun.axes.empty()) {
    const SweepSpec spec = multirun_sweep(options.scenario, options.sets, multirun);
    out << options.scenario << ": ok, a multirun of " << spec.points.size()
        << " points (every point checked: " << join(checked) << ")\n";
    return 0;
  }
  const Scenario s = load_checked(options.scenario, options.sets, options.overrides);
  // With --print-expanded, stdout is the expanded YAML alone (a scenario to save and run);
  // the report goes to stderr.
  std::ostream& report = options.print_expanded ? err : out;
  report << options.scenario << ": ok (checked: " << join(checked) << ")\n";
  if (s.problem.pde.kind == pinn::PdeKind::kExpression) check_exact(options.scenario, s, report, err);
  if (options.print_expanded) print_expanded_scenario(s, out);
  for (const std::string& n : s.notes) err << "note: " << options.scenario << ": " << n << "\n";
  if (!s.unchecked_sections.empty())
    err << "note: " << options.scenario << ": section(s) " << join(s.unchecked_sections)
        << " accepted without checks; their binders are not wired yet\n";
  return 0;
}

int command_run(const RunOptions& options, std::ostream& out, std::ostream& err) {
  // key=a,b,... (or -m): a training sweep over the values, distributed like `tonnsim sweep`.
  const MultirunOverrides multirun = split_multirun(options.overrides);
  // Started by a launcher, but the ranks cannot cooperate (built without MPI, or MPI not
  // initialised): each would write the same file, so rank 0 runs alone.
  const auto other_rank_leaves = [&] {
    const int rank = launcher_rank();
    if (rank > 0)
      err << "note: rank " << rank << ": this tonnsim was built without MPI, so `tonnsim run` "
          << "is not distributed; rank 0 runs it alone and this rank exits without opening "
          << (options.out.empty() ? "the output" : options.out) << "\n";
    return rank > 0;
  };
  if (options.multirun || !multirun.axes.empty()) {
    if (!MpiSession::available() && other_rank_leaves()) return 0;
    require(!options.scenario.empty(), "run", "(multirun)",
            "needs SCENARIO.yaml (with --resume too: the same command line)");
    require(!options.profile, "--profile", "given", "times a single run, not a multirun");
    require(options.resume.empty() || options.out.empty() || options.out == options.resume,
            "--resume", options.resume, "continues the multirun's file; give no other --out");
    std::vector<std::string> sets = options.sets;
    if (options.seed) sets.push_back("run.seed=" + std::to_string(*options.seed));
    const SweepSpec spec = multirun_sweep(options.scenario, sets, multirun);
    SweepOptions sweep;
    sweep.force = options.force;
    sweep.resume = !options.resume.empty();
    sweep.threads = options.threads;
    sweep.max_iterations = options.max_iterations;
    sweep.progress = options.progress;
    const std::string path = !options.resume.empty() ? options.resume
                             : options.out.empty()   ? default_multirun_path(options.scenario)
                                                     : options.out;
    return execute_sweep(spec, sweep, path, out, err);
  }
  MpiSession ranks;
  if (!ranks.active()) {
    if (other_rank_leaves()) return 0;
    const RunSummary summary = run_scenario(options, out, err);
    return summary.stop_signal ? 128 + summary.stop_signal : 0;
  }
  // One run over the ranks (training_run.hpp): rank 0 writes and prints, the others
  // compute their part of each loss silently.
  std::ostringstream quiet_out, quiet_err;
  const bool root = ranks.rank() == 0;
  RunEmbedding embedding;
  embedding.ranks = &ranks;
  // An error that every rank meets while reading the scenario and building the experiment
  // (a bad input, typically) is gathered at the end of that phase (setup_done) and printed
  // once by rank 0, then every rank leaves with its exit code.
  bool setup_over = false;
  struct FailedElsewhere {
    int code;
  };
  const auto end_setup = [&](int code, const std::string& message) {
    setup_over = true;
    const std::vector<RankError> errors = ranks.all_errors(code, message);
    if (root) {
      err << rank_errors_text(errors, ranks.size());
      err.flush();
    }
    return first_error_code(errors);
  };
  embedding.setup_done = [&] {
    if (const int code = end_setup(0, "")) throw FailedElsewhere{code};
  };
  // A later error met by one rank only (an output rank 0 may not write, a file a rank
  // cannot read) would leave the others waiting for it forever, so it ends the whole job.
  const auto fail = [&](const std::exception& e, int code) {
    if (!setup_over) return end_setup(code, e.what());
    err << "error: " << (root ? "" : "[rank " + std::to_string(ranks.rank()) + "] ") << e.what()
        << "\n";
    err.flush();
    ranks.abort(code);
  };
  try {
    const RunSummary summary =
        run_scenario(options, std::move(embedding), root ? out : quiet_out, root ? err : quiet_err);
    return summary.stop_signal ? 128 + summary.stop_signal : 0;
  } catch (const FailedElsewhere& e) {
    return e.code;
  } catch (const OutputError& e) {
    return fail(e, exit_code::kOutputFailure);
  } catch (const RunError& e) {
    if (!setup_over) return fail(e, exit_code::kRunFailure);
    // A diverged run: met by every rank at the same iteration (they compute the same
    // numbers); rank 0 reports it after keeping the trace, the others leave quietly.
    if (root) throw;
    return exit_code::kRunFailure;
  } catch (const InputError& e) {
    return fail(e, exit_code::kBadInput);
  } catch (const std::exception& e) {
    return fail(e, exit_code::kRunFailure);
  }
}


namespace {
/// Relative Frobenius error and fidelity |Tr(U^H V)| / N of a realised unitary.
struct MeshFidelity {
  double rel_error = 0.0;
  double fidelity = 0.0;
};
MeshFidelity mesh_fidelity(const CMat& target, const CMat& realised) {
  const double n = static_cast<double>(target.rows());
  return {(realised - target).norm() / target.norm(),
          std::abs((target.adjoint() * realised).trace()) / n};
}
}  // namespace

int command_mesh(const MeshOptions& options, std::ostream& out, std::ostream&) {
  const auto topology = parse_enum_option<photonics::Topology>("--topology", options.topology);
  require(options.n >= 2, "--n", options.n, "must be >= 2");
  // One Haar-random unitary, programmed as a U Sigma V^H block with Sigma = 1, realised
  // ideally and on a chip with the published non-idealities (design notes).
  Rng rng = make_rng(1, Stream::kOther);
  const CMat target = photonics::haar_random_unitary(options.n, rng);
  const auto block = photonics::SvdBlock::from_matrix(target, topology);
  const photonics::DeviceParameters device;
  const auto ideal = mesh_fidelity(target, block.matrix());
  photonics::ChipInstance chip(block.structure(), photonics::NonIdealityOptions::published(),
                               device, /*seed=*/1);
  photonics::ChipWorkspace ws;
  Rng noise = make_rng(1, Stream::kPhaseNoise);
  CMat realised;
  chip.effective_matrix(block.phases(), block.s_max(), noise, ws, realised);
  const auto noisy = mesh_fidelity(target, realised);
  photonics::HardwareCounts counts;
  counts.mzis = block.mzi_count();
  counts.attenuators = options.n;
  counts.phase_shifters = block.num_phases();
  counts.tensor_cores = 1;
  // The heater power the chip's drive holds for this program (its calibration included).
  const auto report =
      photonics::hardware_report(counts, chip.heater_power_w(block.phases(), ws), device);
  out << "mesh study: " << to_string(topology) << " U Sigma V^H block, N = " << options.n
      << " (Haar-random target, seed 1)\n"
      << "  MZIs                          " << counts.mzis << " (2 x N(N-1)/2 + N)\n"
      << "  phase shifters                " << counts.phase_shifters << "\n"
      << "  area                          " << report.area_mm2 << " mm^2\n"
      << "  static heater power           " << report.static_power_w << " W\n"
      << "  ideal: rel. Frobenius error   " << ideal.rel_error << ", fidelity " << ideal.fidelity
      << "\n"
      << "  published non-idealities      rel. error " << noisy.rel_error << ", fidelity "
      << noisy.fidelity << "\n";
  if (!options.out.empty()) {
    OutputClaim claim(options.out, options.force, {});
    claim.write_whole([&](Hdf5File& f) {
    f.create_group("/mesh");
    f.set_attribute("/mesh", "topology", to_string(topology));
    f.set_attribute("/mesh", "n", static_cast<std::int64_t>(options.n));
    f.set_attribute("/mesh", "mzis", static_cast<std::int64_t>(counts.mzis));
    f.set_attribute("/mesh", "phase_shifters", static_cast<std::int64_t>(counts.phase_shifters));
    f.set_attribute("/mesh", "area_mm2", report.area_mm2);
    f.set_attribute("/mesh", "static_power_w", report.static_power_w);
    f.set_attribute("/mesh", "ideal_rel_error", ideal.rel_error);
    f.set_attribute("/mesh", "ideal_fidelity", ideal.fidelity);
    f.set_attribute("/mesh", "published_rel_error", noisy.rel_error);
    f.set_attribute("/mesh", "published_fidelity", noisy.fidelity);
    f.set_attribute("/mesh", "code_version", code_version());
    });
    out << "  report                        " << options.out << "\n";
  }
  return 0;
}

}  // namespace tonnsim::runner
