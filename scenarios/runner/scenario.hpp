#pragma once
// A scenario file: top-level sections, each bound by its own binder. The dispatch table
// below is the one place a new section is wired:
//   1. add the options struct as a field of Scenario,
//   2. write `void bind_<section>(ConfigNode node, Scenario& s)` in <section>_section.cpp
//      (get() every field, node.finish(), node.validate([&]{ s.x.validate(); })),
//   3. put its function pointer in the section's row of scenario_sections().
// Rules that span sections (the network's input size against the PDE's, the seeds that
// default to run.seed) are applied once every section is bound (resolve_scenario).
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/precision.hpp"
#include "photonics/device_parameters.hpp"
#include "pinn/estimator_factory.hpp"
#include "pinn/pinn_loss.hpp"
#include "scenarios/runner/config_document.hpp"
#include "scenarios/runner/hdf5_trace.hpp"
#include "scenarios/runner/reference_file.hpp"
#include "solvers/energy_ledger.hpp"
#include "solvers/in_situ_subspace.hpp"
#include "solvers/learning_rate_schedule.hpp"
#include "solvers/trainer.hpp"
#include "solvers/update_rule.hpp"
#include "solvers/zo_estimator.hpp"
#include "tonn/hardware_report.hpp"
#include "tonn/network_builder.hpp"
#include "tonn/photonic_options.hpp"
#include "tonn/reference_models.hpp"

namespace tonnsim::runner {

/// Which model the optimiser measures: the ideal digital TT network (weights are the
/// parameters) or the same network programmed onto the simulated chip (phases are).
enum class ModelKind { kDigital, kPhotonic };
/// zo: BP-free training from loss measurements (solvers/zo_estimator.hpp);
/// first_order: exact back-propagated gradients of the same loss (digital model only);
/// in_situ_subspace: first-order in-situ training of the chip's attenuators (L2ight,
/// solvers/in_situ_subspace.hpp; photonic model only).
enum class OptimizerKind { kZo, kFirstOrder, kInSituSubspace };
/// Starting point of chip.non_idealities before its own keys apply.
enum class NonIdealityPreset { kIdeal, kPublished };
/// A published network that `network.reference` builds instead of a layer list.
enum class ReferenceNetwork { kNone, kHjb20 };

/// `pde:` the problem and its sampling (pinn/pde_library.hpp, pinn/pinn_loss.hpp).
struct ProblemSection {
  pinn::PdeOptions pde;
  pinn::PinnLossOptions loss;  // loss.reference: read from `reference` when bound
  ReferenceFileOptions reference;  // `pde.reference:` the test set from a data file
  ReferenceFileStamp reference_stamp;  // the file read for `reference` (empty path: none)
  // Sampling seeds default to run.seed; explicit values keep a problem's points fixed
  // while other seeds vary.
  std::optional<std::uint64_t> seed;
};

/// `network:` layers, or a published reference model.
struct NetworkSection {
  ReferenceNetwork reference = ReferenceNetwork::kNone;
  tonn::Hjb20ReferenceOptions hjb20;  // reference: hjb20 (tt_rank, omega0)
  tonn::NetworkSpec spec;             // the layer list (ignored with a reference)
  bool input_dim_given = false;       // else the PDE's input dimension is used
  std::optional<std::uint64_t> seed;  // initialisation; default run.seed
  // A run file (HDF5) of the same network on the digital model whose /final/parameters
  // replace the initialisation: "train offline, then program the chip" (and continue in
  // situ from there). Empty: initialise by network.init.
  std::string initial_parameters;
};

/// `chip:` how the network is realised and counted.
struct ChipSection {
  ModelKind model = ModelKind::kDigital;
  NonIdealityPreset preset = NonIdealityPreset::kIdeal;
  tonn::PhotonicOptions photonic;  // device is copied from the device section
  tonn::DenseRealisation dense = tonn::DenseRealisation::kDigitalReadout;
  tonn::TTAccounting accounting = tonn::TTAccounting::kTiled;
  std::optional<std::uint64_t> seed;  // chip instance (fabrication draws); default run.seed
  // Energy/latency ledger of a solve (solvers/energy_ledger.hpp, docs/energy-model.md):
  // organisation and wavelength channels; retune drive from the device section.
  solvers::LedgerOptions ledger;
};

/// `optimizer:` ZO or first order, update rule and learning-rate schedule.
struct OptimizerSection {
  OptimizerKind kind = OptimizerKind::kZo;
  solvers::ZoEstimatorOptions zo;  // optimizer.zo (preset first, then its own keys)
  solvers::InSituSubspaceOptions in_situ;  // optimizer.in_situ (kind in_situ_subspace)
  solvers::UpdateRuleOptions update;
  solvers::LearningRateOptions learning_rate;
};

/// `run:` length, cadence of evaluation, checkpoints and file flushes; the master seed.
struct RunSection {
  solvers::TrainerOptions trainer;
  // Iterations between checkpoints (0: only at the end). A checkpoint is a few KB for
  // the HJB model, so the default costs nothing measurable.
  long checkpoint_every = 100;
  std::uint64_t seed = 0;  // master seed; `tonnsim run --seed N` overrides it
  FlushPolicy flush;       // trace rows reach the file at least this often
  // The type the network's forward pass and stencil run in (core/precision.hpp): f64 by
  // default; f32 changes the flagship loss by at most 3e-5 relative (measured:
  // tests/pinn/single_precision_loss_test.cpp); timings in docs/performance.md.
  Precision precision = Precision::kF64;
  void validate() const;
};

struct Scenario {
  std::string description;             // free text, recorded in output files
  photonics::DeviceParameters device;  // `device:`
  ProblemSection problem;              // `pde:`
  pinn::EstimatorOptions estimator;    // `estimator:`
  NetworkSection network;              // `network:`
  ChipSection chip;                    // `chip:`
  OptimizerSection optimizer;          // `optimizer:`
  RunSection run;                      // `run:`
  /// Top-level sections present in the file whose binder is not wired yet.
  std::vector<std::string> unchecked_sections;
  /// Advisories found across sections: valid settings that probably do not do what was meant
  /// (e.g. a ZO difference step below the chip's phase DAC step). `check` and `run` print
  /// each as "note: FILE: ..."; none stops a run.
  std::vector<std::string> notes;
  /// The expanded scenario as YAML: every key the binders read with the value they bound
  /// (file, --set, preset or default; ConfigNode::expanded()). Seeds left to default to
  /// run.seed are omitted, as written. Stored as /scenario `expanded`; `check
  /// --print-expanded` prints it.
  std::string expanded;

  /// Every enum choice by key path, spelt as in scenarios (recorded in /meta/choices).
  std::vector<std::pair<std::string, std::string>> choices() const;
};

struct SectionBinder {
  const char* key;   // top-level YAML key
  const char* what;  // one line for messages and docs
  void (*bind)(ConfigNode node, Scenario& scenario);  // nullptr: not wired yet
};

/// Every top-level section a scenario may have, in the order they are bound.
const std::vector<SectionBinder>& scenario_sections();

/// Binds every section of the document (after its --set overrides), rejects unknown
/// top-level keys, applies the cross-section rules, and returns the checked scenario.
/// Throws InputError.
Scenario bind_scenario(const ConfigDocument& document);

/// The network spec a scenario builds (reference or layer list, resolved input size).
tonn::NetworkSpec network_spec(const Scenario& scenario);

}  // namespace tonnsim::runner

namespace tonnsim {
template <>
struct EnumNames<runner::ModelKind> {
  static constexpr const char* type = "model";
  static constexpr std::array<std::pair<runner::ModelKind, const char*>, 2> names{
      {{runner::ModelKind::kDigital, "digital"}, {runner::ModelKind::kPhotonic, "photonic"}}};
};
template <>
struct EnumNames<runner::OptimizerKind> {
  static constexpr const char* type = "optimizer";
  static constexpr std::array<std::pair<runner::OptimizerKind, const char*>, 3> names{
      {{runner::OptimizerKind::kZo, "zo"},
       {runner::OptimizerKind::kFirstOrder, "first_order"},
       {runner::OptimizerKind::kInSituSubspace, "in_situ_subspace"}}};
};
template <>
struct EnumNames<runner::NonIdealityPreset> {
  static constexpr const char* type = "non-ideality preset";
  static constexpr std::array<std::pair<runner::NonIdealityPreset, const char*>, 2> names{
      {{runner::NonIdealityPreset::kIdeal, "ideal"},
       {runner::NonIdealityPreset::kPublished, "published"}}};
};
template <>
struct EnumNames<runner::ReferenceNetwork> {
  static constexpr const char* type = "reference network";
  static constexpr std::array<std::pair<runner::ReferenceNetwork, const char*>, 2> names{
      {{runner::ReferenceNetwork::kNone, "none"}, {runner::ReferenceNetwork::kHjb20, "hjb20"}}};
};
}  // namespace tonnsim
