#include <doctest/doctest.h>

#include <cctype>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "scenarios/cli_helpers.hpp"
#include "scenarios/runner/checkpoint.hpp"
#include "scenarios/runner/checksum.hpp"
#include "scenarios/runner/hdf5_file.hpp"
#include "scenarios/runner/run_layout.hpp"
#include "scenarios/runner/training_run.hpp"
#include "scenarios/temp_path.hpp"
#include "scenarios/tiny_scenario.hpp"

using namespace tonnsim;
using namespace tonnsim::runner;

TEST_CASE("tonnsim run writes the documented datasets with one trace row per iteration") {
  ScenarioFile f(kTiny);
  TempPath out("run.h5");
  const CliResult r = cli({"run", f.path.str(), "--out", out.str(), "--progress", "off"});
  INFO(r.err);
  REQUIRE(r.code == 0);
  CHECK(r.out.find("final rel L2") != std::string::npos);
  CHECK(r.out.find("MZI reduction") != std::string::npos);
  CHECK(r.out.find("mesh MZIs only") != std::string::npos);  // both conventions, named
  CHECK(r.out.find("all MZIs") != std::string::npos);
  CHECK(r.out.find("output error") != std::string::npos);

  const Hdf5File h = Hdf5File::open(out.str());
  for (const char* group : {"/scenario", "/meta", "/meta/choices", "/trace", "/final",
                            "/hardware", "/checkpoint", "/final/parameters"})
    CHECK_MESSAGE(h.exists(group), group);
  for (const auto& c : layout::training_trace_columns()) {
    const std::string path = std::string(layout::kTrace) + "/" + c.name;
    CHECK(h.shape(path) == std::vector<std::int64_t>{8});
    // Every column says what it holds and in which unit.
    CHECK_MESSAGE(!h.string_attribute(path, "unit").empty(), path);
    CHECK_MESSAGE(!h.string_attribute(path, "description").empty(), path);
  }
  const auto iterations = h.read_ints("/trace/iteration");
  CHECK(iterations.front() == 0);
  CHECK(iterations.back() == 7);
  // rel_l2 is evaluated after iterations 2, 5 and the last one only.
  const auto rel = h.read_doubles("/trace/rel_l2");
  for (int k = 0; k < 8; ++k) CHECK(std::isnan(rel[k]) == !(k == 2 || k == 5 || k == 7));
  // Cumulative counters grow: phase-domain ZO measures 2 x (layers) + 1 states per step.
  const auto evals = h.read_ints("/trace/forward_evals");
  CHECK(evals[1] == 2 * evals[0]);
  CHECK(h.int_attribute("/final", "iterations") == 8);
  CHECK(h.int_attribute("/final", "programmed_states") == 8 * 5);
  CHECK(h.double_attribute("/final", "rel_l2") == doctest::Approx(rel[7]));
  CHECK(h.string_attribute("/meta/choices", "chip.model") == "photonic");
  CHECK(h.int_attribute("/hardware", "mzis") > 0);
  // Both MZI conventions: the ratios are the stored counts' ratios.
  CHECK(h.double_attribute("/hardware", "mesh_mzi_reduction") ==
        doctest::Approx(double(h.int_attribute("/hardware", "dense_mesh_mzis")) /
                        double(h.int_attribute("/hardware", "mesh_mzis"))));
  CHECK(h.double_attribute("/hardware", "mzi_reduction_matched") ==
        doctest::Approx(double(h.int_attribute("/hardware", "dense_matched_mzis")) /
                        double(h.int_attribute("/hardware", "mzis"))));
  CHECK(h.int_attribute("/hardware", "dense_matched_mzis") <
        h.int_attribute("/hardware", "dense_mzis"));  // the dense output layer is digital
  CHECK(h.string_attribute("/scenario", "text") == kTiny);
  // The ledger: cumulative J and s grow every iteration, and /ledger sums to its totals.
  const auto energy = h.read_doubles("/trace/energy_j"), latency = h.read_doubles("/trace/latency_s");
  for (int k = 1; k < 8; ++k) {
    CHECK(energy[k] > energy[k - 1]);
    CHECK(latency[k] > latency[k - 1]);
  }
  const auto parts = h.read_doubles("/ledger/energy_j");
  double sum = 0;
  for (double p : parts) sum += p;
  CHECK(sum == doctest::Approx(h.double_attribute("/ledger", "total_energy_j")));
  CHECK(energy.back() == doctest::Approx(h.double_attribute("/ledger", "total_energy_j")));
  CHECK(h.read_strings("/ledger/component").front() == "laser");
  CHECK(r.out.find("per solve") != std::string::npos);
}

TEST_CASE("A run's final results carry the learned-part error, the trivial baselines and the improvement") {
  // HJB-20 as published: the ansatz fixes g = sum x, and the best constant network is the
  // exact network part N = 1, so no network can beat it (improvement < 1).
  ScenarioFile f(kTiny, "metrics.yaml");
  TempPath out("metrics.h5");
  const CliResult r = cli({"run", f.path.str(), "--out", out.str(), "--progress", "off"});
  INFO(r.err);
  REQUIRE(r.code == 0);
  const Hdf5File h = Hdf5File::open(out.str());
  const auto rel = h.read_doubles("/trace/rel_l2");
  const auto learned = h.read_doubles("/trace/rel_l2_learned");
  const auto max_abs = h.read_doubles("/trace/max_abs_error");
  const double zero = h.double_attribute("/final", "baseline_zero_rel_l2");
  for (int k = 0; k < 8; ++k) {
    CAPTURE(k);
    CHECK(std::isnan(learned[k]) == std::isnan(rel[k]));
    CHECK(std::isnan(max_abs[k]) == std::isnan(rel[k]));
    // ||p - u|| / ||u - g|| = (||p - u|| / ||u||) / (||u - g|| / ||u||), the N = 0 score.
    if (!std::isnan(rel[k])) CHECK(learned[k] == doctest::Approx(rel[k] / zero).epsilon(1e-12));
  }
  CHECK(h.double_attribute("/final", "rel_l2_learned") == doctest::Approx(learned[7]));
  CHECK(h.double_attribute("/final", "max_abs_error") == doctest::Approx(max_abs[7]));
  CHECK(h.double_attribute("/final", "baseline_zero_rel_l2_learned") == doctest::Approx(1.0));
  CHECK(h.double_attribute("/final", "baseline_constant_value") == doctest::Approx(1.0).epsilon(1e-12));
  CHECK(h.double_attribute("/final", "baseline_constant_rel_l2") < 1e-12);
  CHECK(h.double_attribute("/final", "baseline_data_rel_l2") == doctest::Approx(zero));
  CHECK(h.string_attribute("/final", "baseline_data_description").find("sum x_i") !=
        std::string::npos);
  CHECK(h.string_attribute("/final", "best_baseline") == "constant");
  const double k = h.double_attribute("/final", "improvement_over_best_baseline");
  CHECK(k == doctest::Approx(h.double_attribute("/final", "baseline_constant_rel_l2") / rel[7]));
  CHECK(k < 1e-6);
  CHECK(r.out.find("learned part   rel L2 ") != std::string::npos);
  CHECK(r.out.find("\n    zero         ") != std::string::npos);
  CHECK(r.out.find("\n    constant     ") != std::string::npos);
  CHECK(r.out.find("\n    data         ") != std::string::npos);
  CHECK(r.out.find("improvement over the best trivial baseline: ") != std::string::npos);
  CHECK(r.out.find("x (constant)") != std::string::npos);
}

namespace {
/// Runs `text` whole and in two invocations (3 iterations, then --resume) and checks the
/// two files hold the same trace and final parameters, bit for bit.
void check_resume_equivalence(const std::string& text, const std::string& tag) {
  ScenarioFile f(text, tag + ".yaml");
  TempPath whole(tag + "_whole.h5"), parts(tag + "_parts.h5");
  REQUIRE(cli({"run", f.path.str(), "--out", whole.str(), "--progress", "off"}).code == 0);
  const CliResult first = cli({"run", f.path.str(), "--out", parts.str(), "--progress", "off",
                            "--max-iterations", "3"});
  REQUIRE(first.code == 0);
  CHECK(first.out.find("continue with: tonnsim run --resume") != std::string::npos);
  {
    const Hdf5File h = Hdf5File::open(parts.str());
    CHECK(h.int_attribute("/final", "complete") == 0);
    CHECK(h.shape("/trace/loss") == std::vector<std::int64_t>{3});
  }
  const CliResult second = cli({"run", "--resume", parts.str(), "--progress", "off"});
  INFO(second.err);
  REQUIRE(second.code == 0);
  CHECK(second.out.find("resumed at 3") != std::string::npos);

  const Hdf5File a = Hdf5File::open(whole.str());
  const Hdf5File b = Hdf5File::open(parts.str());
  CHECK(b.int_attribute("/final", "complete") == 1);
  for (const char* column : {"/trace/loss", "/trace/grad_norm", "/trace/lr"})
    CHECK(a.read_doubles(column) == b.read_doubles(column));
  for (const char* attribute : {"rel_l2", "rel_l2_learned", "max_abs_error",
                                "improvement_over_best_baseline", "baseline_constant_rel_l2"})
    CHECK(a.double_attribute("/final", attribute) == b.double_attribute("/final", attribute));
  CHECK(a.read_ints("/trace/phase_retunes") == b.read_ints("/trace/phase_retunes"));
  CHECK(a.read_ints("/trace/forward_evals") == b.read_ints("/trace/forward_evals"));
  // The heater state carried by the checkpoint (wraps, held power) and the ledger columns
  // charged from it continue exactly too (NaN where the digital model has no chip).
  for (const char* column : {"/trace/wraps", "/trace/cumulative_wraps", "/trace/wrap_states"})
    CHECK(a.read_ints(column) == b.read_ints(column));
  for (const char* column : {"/trace/static_power_w", "/trace/energy_j", "/trace/latency_s"}) {
    CAPTURE(column);
    const auto ca = a.read_doubles(column), cb = b.read_doubles(column);
    REQUIRE(ca.size() == cb.size());
    for (std::size_t k = 0; k < ca.size(); ++k)
      CHECK(((std::isnan(ca[k]) && std::isnan(cb[k])) || ca[k] == cb[k]));
  }
  if (a.exists("/ledger")) {
    CHECK(a.double_attribute("/ledger", "total_energy_j") ==
          b.double_attribute("/ledger", "total_energy_j"));
    CHECK(a.double_attribute("/ledger", "total_latency_s") ==
          b.double_attribute("/ledger", "total_latency_s"));
  }
  const auto ra = a.read_doubles("/trace/rel_l2"), rb = b.read_doubles("/trace/rel_l2");
  REQUIRE(ra.size() == rb.size());
  // rel_l2 agrees wherever the uninterrupted run evaluated it (the chunk end adds one).
  for (std::size_t k = 0; k < ra.size(); ++k)
    if (!std::isnan(ra[k])) CHECK(ra[k] == rb[k]);
  CHECK(a.read_doubles("/final/parameters") == b.read_doubles("/final/parameters"));
}
}  // namespace

TEST_CASE("A first-order run stopped early and resumed ends where an uninterrupted one ends") {
  std::string text = kTiny;
  text.replace(text.find("  model: photonic\n"), 18, "  model: digital\n");
  text.replace(text.find("optimizer: {zo: {preset: phase_domain}"), 38, "optimizer: {kind: first_order");
  check_resume_equivalence(text, "fo");
}

TEST_CASE("An in-situ L2ight run stopped early and resumed ends where an uninterrupted one ends") {
  // On the chip with dynamic noise: every iteration's state draws the noise of its index,
  // which the checkpoint's counters carry over, as do the wraps and the held heater power.
  std::string text = kTiny;
  text.replace(text.find("optimizer: {zo: {preset: phase_domain}"), 38,
               "optimizer: {kind: in_situ_subspace");
  check_resume_equivalence(text, "l2ight");
}

TEST_CASE("A run stopped early and resumed ends exactly where an uninterrupted run ends") {
  check_resume_equivalence(kTiny, "zo");
  ScenarioFile f(kTiny, "zo_again.yaml");
  TempPath parts("zo_again.h5");
  REQUIRE(cli({"run", f.path.str(), "--out", parts.str(), "--progress", "off",
                "--max-iterations", "3"}).code == 0);
  // Resuming is for unchanged scenarios only.
  CHECK(cli({"run", "--resume", parts.str(), "--set", "run.iterations=9"}).err ==
        "error: --resume = " + parts.str() +
            ": continues the stored scenario unchanged; --set, key=value and --seed are not allowed\n");
}

TEST_CASE("A run with a parameter average resumes exactly and reports the average's test error") {
  std::string text = kTiny;
  text.replace(text.find("run: {"), 6, "run: {average: {kind: ema, decay: 0.5}, ");
  check_resume_equivalence(text, "avg");
  // The average changes what is measured and returned, never the trajectory: the loss of
  // every iterate is the plain run's, the final test error and parameters are not.
  ScenarioFile plain(kTiny, "avg_plain.yaml"), averaged(text, "avg_on.yaml");
  TempPath a("avg_plain.h5"), b("avg_on.h5");
  REQUIRE(cli({"run", plain.path.str(), "--out", a.str(), "--progress", "off"}).code == 0);
  REQUIRE(cli({"run", averaged.path.str(), "--out", b.str(), "--progress", "off"}).code == 0);
  const Hdf5File fa = Hdf5File::open(a.str()), fb = Hdf5File::open(b.str());
  CHECK(fa.read_doubles("/trace/loss") == fb.read_doubles("/trace/loss"));
  CHECK(fa.read_doubles("/final/parameters") != fb.read_doubles("/final/parameters"));
  CHECK(fa.double_attribute("/final", "rel_l2") != fb.double_attribute("/final", "rel_l2"));
  // First-order training has no average: refused with the key and the rule.
  std::string fo = text;
  fo.replace(fo.find("  model: photonic\n"), 18, "  model: digital\n");
  fo.replace(fo.find("optimizer: {zo: {preset: phase_domain}"), 38, "optimizer: {kind: first_order");
  ScenarioFile bad(fo, "avg_fo.yaml");
  TempPath c("avg_fo.h5");
  const CliResult r = cli({"run", bad.path.str(), "--out", c.str(), "--progress", "off"});
  CHECK(r.code != 0);
  CHECK(r.err.find("run.average.kind = ema") != std::string::npos);
}

TEST_CASE("Different seeds give different runs; the same seed the same trace") {
  ScenarioFile f(kTiny);
  TempPath a("seed_a.h5"), b("seed_b.h5"), c("seed_c.h5");
  REQUIRE(cli({"run", f.path.str(), "--out", a.str(), "--progress", "off"}).code == 0);
  REQUIRE(cli({"run", f.path.str(), "--out", b.str(), "--progress", "off"}).code == 0);
  REQUIRE(cli({"run", f.path.str(), "--out", c.str(), "--progress", "off", "--seed", "6"}).code ==
          0);
  const auto la = Hdf5File::open(a.str()).read_doubles("/trace/loss");
  CHECK(la == Hdf5File::open(b.str()).read_doubles("/trace/loss"));
  CHECK(la != Hdf5File::open(c.str()).read_doubles("/trace/loss"));
}

TEST_CASE("A chip programmed from a digitally trained run starts where the digital run ended") {
  // Train the digital network, then program its weights into an ideal chip: the chip's
  // test error before any in-situ step equals the digital run's final one.
  std::string digital = kTiny;
  digital.replace(digital.find("  model: photonic\n"), 18, "  model: digital\n");
  digital.replace(digital.find("  non_idealities: {preset: published, phase_noise: true}\n"), 57, "");
  ScenarioFile f(digital, "digital.yaml");
  TempPath trained("digital.h5"), chip("chip.h5");
  REQUIRE(cli({"run", f.path.str(), "--out", trained.str(), "--progress", "off"}).code == 0);
  ScenarioFile g(kTiny, "chip.yaml");
  const CliResult r = cli({"run", g.path.str(), "--out", chip.str(), "--progress", "off", "--set",
                        "network.initial_parameters=" + trained.str(), "--set",
                        "chip.non_idealities.preset=ideal", "--set",
                        "chip.non_idealities.phase_noise=false"});
  INFO(r.err);
  REQUIRE(r.code == 0);
  const Hdf5File a = Hdf5File::open(trained.str()), b = Hdf5File::open(chip.str());
  CHECK(b.double_attribute("/final", "initial_rel_l2") ==
        doctest::Approx(a.double_attribute("/final", "rel_l2")).epsilon(1e-9));
  CHECK(b.double_attribute("/final", "programming_error") < 1e-9);
  // A photonic run's phases are not weights.
  const CliResult bad = cli({"run", g.path.str(), "--out", "/tmp/never2.h5", "--progress", "off",
                          "--set", "network.initial_parameters=" + chip.str()});
  CHECK(bad.code == 2);
  CHECK(bad.err.find("must be a run of the digital model") != std::string::npos);
}

TEST_CASE("Resuming a file that holds no run or no checkpoint is bad input naming the file") {
  const CliResult missing = cli({"run", "--resume", "/nonexistent/run.h5"});
  CHECK(missing.code == 2);
  CHECK(missing.err.find("/nonexistent/run.h5") != std::string::npos);
  // A finished run whose checkpoint group was removed: no checkpoint to continue from.
  ScenarioFile f(kTiny, "nockpt.yaml");
  TempPath out("nockpt.h5");
  REQUIRE(cli({"run", f.path.str(), "--out", out.str(), "--progress", "off"}).code == 0);
  {
    Hdf5File h = Hdf5File::open(out.str(), Hdf5Mode::kReadWrite);
    h.remove("/checkpoint");
  }
  const CliResult r = cli({"run", "--resume", out.str()});
  CHECK(r.code == 2);
  CHECK(r.err.find(out.str()) != std::string::npos);
  CHECK(r.err.find("checkpoint") != std::string::npos);
}

namespace {
// "'<first 24 characters>...' (FNV-1a 64 0x<16 hex digits>)" of an engine state, as the
// refusal below names a state (its full text is 312 numbers).
std::string state_digest(const std::string& state) {
  char hex[24];
  std::snprintf(hex, sizeof hex, "%#018llx",
                static_cast<unsigned long long>(fnv1a64(state.data(), state.size())));
  return "'" + state.substr(0, 24) + "...' (FNV-1a 64 " + hex + ")";
}
}  // namespace

TEST_CASE("A resume whose stored RNG stream state differs from what the seed implies is refused, "
          "naming the stream, the stored and the expected state") {
  ScenarioFile f(kTiny, "rng_state.yaml");
  TempPath out("rng_state.h5");
  REQUIRE(cli({"run", f.path.str(), "--out", out.str(), "--progress", "off", "--max-iterations",
               "2"}).code == 0);
  Checkpoint original;
  {
    const Hdf5File h = Hdf5File::open(out.str());
    original = read_checkpoint(h);
  }
  REQUIRE(original.iteration == 2);
  std::string expected;  // what the seed implies: the uninterrupted run stored it
  for (const auto& [name, state] : original.rng_states)
    if (name == "zo_perturbation") expected = state;
  REQUIRE(!expected.empty());
  // A consistent checkpoint (valid checksums) whose ZO stream is another engine's: only
  // the comparison with the seed's stream can tell.
  const std::string stored = rng_state(make_rng(99, Stream::kOther));
  Checkpoint other = original;
  for (auto& [name, state] : other.rng_states)
    if (name == "zo_perturbation") state = stored;
  REQUIRE(stored != expected);
  {
    Hdf5File h = Hdf5File::open(out.str(), Hdf5Mode::kReadWrite);
    write_checkpoint(h, other);
  }
  const CliResult r = cli({"run", "--resume", out.str(), "--progress", "off"});
  CHECK(r.code == 2);
  CHECK(r.err.find(out.str() + ": /checkpoint/rng zo_perturbation: the stored engine state " +
                   state_digest(stored) + " differs from the state " + state_digest(expected) +
                   " of the stream the resumed run would draw for iteration 2") !=
        std::string::npos);
  // A stream the checkpoint does not hold at all is named too.
  Checkpoint missing = original;
  missing.rng_states.erase(missing.rng_states.begin());
  const std::string missing_name = original.rng_states.front().first;
  {
    Hdf5File h = Hdf5File::open(out.str(), Hdf5Mode::kReadWrite);
    write_checkpoint(h, missing);
  }
  const CliResult m = cli({"run", "--resume", out.str(), "--progress", "off"});
  CHECK(m.code == 2);
  CHECK(m.err.find("/checkpoint/rng/" + missing_name + " is missing") != std::string::npos);
  // The original states resume.
  {
    Hdf5File h = Hdf5File::open(out.str(), Hdf5Mode::kReadWrite);
    write_checkpoint(h, original);
  }
  const CliResult ok = cli({"run", "--resume", out.str(), "--progress", "off"});
  INFO(ok.err);
  CHECK(ok.code == 0);
}

TEST_CASE("A digital run's summary reports no chip output error; a photonic run's does") {
  std::string text = kTiny;
  text.replace(text.find("  model: photonic\n"), 18, "  model: digital\n");
  ScenarioFile digital(text, "digital_summary.yaml");
  TempPath out_digital("digital_summary.h5");
  const CliResult d = cli({"run", digital.path.str(), "--out", out_digital.str(), "--progress", "off",
                           "--max-iterations", "1"});
  REQUIRE(d.code == 0);
  CHECK(d.out.find("output error of the chip") == std::string::npos);
  CHECK(d.out.find("(before training ") != std::string::npos);
  ScenarioFile photonic(kTiny, "photonic_summary.yaml");
  TempPath out_photonic("photonic_summary.h5");
  const CliResult p = cli({"run", photonic.path.str(), "--out", out_photonic.str(), "--progress",
                           "off", "--max-iterations", "1"});
  REQUIRE(p.code == 0);
  CHECK(p.out.find("output error of the chip vs the digital model ") != std::string::npos);
  // The parameter counts are the files' counts: weights, and on the chip the phases stored in
  // /final/parameters; a digital run programs no states.
  const auto weights = Hdf5File::open(out_digital.str()).read_doubles("/final/parameters").size();
  const auto phases = Hdf5File::open(out_photonic.str()).read_doubles("/final/parameters").size();
  REQUIRE(phases > weights);
  CHECK(d.out.find("(" + std::to_string(weights) + " weights)") != std::string::npos);
  CHECK(p.out.find("(" + std::to_string(weights) + " weights, trained as " +
                   std::to_string(phases) + " chip phases)") != std::string::npos);
  CHECK(d.out.find("programmed states") == std::string::npos);
  CHECK(d.out.find("loss evaluations") != std::string::npos);
  CHECK(p.out.find("programmed states") != std::string::npos);
}

TEST_CASE("The summary names the layers the chip computes optically and those read out digitally") {
  const auto summary = [](const std::string& text, const std::vector<std::string>& sets) {
    ScenarioFile f(text, "layers_summary.yaml");
    TempPath out("layers_summary.h5");
    std::vector<std::string> args = {"run", f.path.str(), "--out", out.str(), "--progress", "off",
                                     "--max-iterations", "1"};
    args.insert(args.end(), sets.begin(), sets.end());
    const CliResult r = cli(args);
    INFO(r.err);
    REQUIRE(r.code == 0);
    return r.out;
  };
  // kTiny: a TT layer 21 -> 16, then the dense 16 -> 1 output layer.
  CHECK(summary(kTiny, {}).find("chip layers    optical 0; digital readout 1 (16 multiply-adds "
                                "per sample); chip.dense digital_readout\n") != std::string::npos);
  const std::string tiles = summary(kTiny, {"--set", "chip.dense=photonic_tiles"});
  CHECK(tiles.find("chip layers    optical 0, 1; digital readout none; chip.dense "
                   "photonic_tiles\n") != std::string::npos);
  CHECK(tiles.find("mesh MZIs only") != std::string::npos);
  // A dense network on the digital model has no photonic layer: no ratio, not "nanx".
  std::string dense = kTiny;
  dense.replace(dense.find("  model: photonic\n"), 18, "  model: digital\n");
  const std::string d = summary(dense, {"--set", "network.layers.0.type=dense", "--set",
                                        "network.layers.0.out_dim=16"});
  CHECK(d.find("chip layers    optical none; digital readout 0, 1") != std::string::npos);
  CHECK(d.find("MZI reduction  none: no layer of this network is photonic\n") != std::string::npos);
  CHECK(d.find("nanx") == std::string::npos);
}

TEST_CASE("Summary numbers carry at most four significant digits") {
  ScenarioFile f(kTiny, "digits.yaml");
  TempPath out("digits.h5");
  const CliResult r = cli({"run", f.path.str(), "--out", out.str(), "--progress", "off",
                           "--max-iterations", "1"});
  REQUIRE(r.code == 0);
  // Every decimal number in the text: its significant digits (mantissa without leading zeros).
  std::size_t longest = 0;
  std::string worst;
  for (std::size_t i = 0; i < r.out.size();) {
    if (!std::isdigit(static_cast<unsigned char>(r.out[i])) ||
        (i > 0 && (std::isalnum(static_cast<unsigned char>(r.out[i - 1])) || r.out[i - 1] == '_' ||
                   r.out[i - 1] == '/' || r.out[i - 1] == '.'))) {
      ++i;
      continue;
    }
    std::size_t j = i;
    std::string mantissa;
    bool dot = false;
    while (j < r.out.size() && (std::isdigit(static_cast<unsigned char>(r.out[j])) ||
                                (r.out[j] == '.' && !dot))) {
      dot = dot || r.out[j] == '.';
      mantissa += r.out[j++];
    }
    if (dot) {  // integers (counts) are exact; decimals are measurements
      std::string digits;
      for (char c : mantissa)
        if (c != '.') digits += c;
      digits.erase(0, digits.find_first_not_of('0'));
      if (digits.size() > longest) longest = digits.size(), worst = mantissa;
    }
    i = j;
  }
  INFO(r.out);
  CHECK_MESSAGE(longest <= 4, worst);
}

TEST_CASE("A right-sized ledger charges its own organisation's heaters, carried by the drift the tiled chip measured") {
  // Training runs on the k x k tiles either way; chip.accounting only changes what the
  // ledger charges. The held power it charges must scale with the organisation's own
  // program power (/hardware static_power_w), not be the tiled chip's measured watts.
  ScenarioFile f(kTiny);
  TempPath tiled("tiled.h5"), right("right.h5");
  for (const auto& [out, accounting] : {std::pair{&tiled, "tiled"}, {&right, "right_sized"}}) {
    const CliResult r = cli({"run", f.path.str(), "--out", out->str(), "--progress", "off",
                             "--max-iterations", "3", "--set",
                             std::string("chip.accounting=") + accounting});
    INFO(r.err);
    REQUIRE(r.code == 0);
  }
  const Hdf5File a = Hdf5File::open(tiled.str()), b = Hdf5File::open(right.str());
  const double program_a = a.double_attribute("/hardware", "static_power_w");
  const double program_b = b.double_attribute("/hardware", "static_power_w");
  REQUIRE(std::abs(program_b / program_a - 1.0) > 0.05);  // the organisations differ
  // Same training trajectory: the held power the tiled chip measured is the same.
  CHECK(a.read_doubles("/trace/static_power_w") == b.read_doubles("/trace/static_power_w"));
  const double held_a = a.double_attribute("/ledger", "static_power_w");
  const double held_b = b.double_attribute("/ledger", "static_power_w");
  CHECK(held_b / held_a == doctest::Approx(program_b / program_a).epsilon(1e-9));
}

TEST_CASE("A run its embedding stops after a row resumes to the end of an uninterrupted run") {
  ScenarioFile f(kTiny, "embedded_full.yaml");
  TempPath full("embedded_full.h5"), part("embedded_part.h5");
  REQUIRE(cli({"run", f.path.str(), "--out", full.str(), "--progress", "off"}).code == 0);
  RunOptions options;
  options.scenario = "embedded.yaml";
  options.out = part.str();
  options.progress.mode = ProgressMode::kOff;
  RunEmbedding embedding;
  embedding.document = ConfigDocument::from_string(kTiny, "embedded.yaml");
  std::vector<std::vector<TraceValue>> rows;
  embedding.on_row = [&](const std::vector<TraceValue>& row) {
    rows.push_back(row);
    return rows.size() == 5;  // off the eval cadence (3) and the checkpoint cadence (2)
  };
  std::ostringstream out, err;
  const RunSummary stopped = run_scenario(options, std::move(embedding), out, err);
  CHECK(rows.size() == 5);
  CHECK(stopped.last.iteration == 4);
  CHECK(std::isnan(std::get<double>(rows.back()[2])));  // the row as observed: not scored
  CHECK(std::isfinite(stopped.last.rel_l2));  // scored as the last iteration of a run
  CHECK(out.str().find("stopped        at iteration 5 of 8") != std::string::npos);
  {
    const Hdf5File p = Hdf5File::open(part.str());
    CHECK(p.string_attribute("/scenario", "file") == "embedded.yaml");
    CHECK(p.int_attribute("/checkpoint", "iteration") == 5);
    CHECK(p.read_doubles("/trace/loss").size() == 5);
  }
  REQUIRE(cli({"run", "--resume", part.str(), "--progress", "off"}).code == 0);
  const auto a = Hdf5File::open(full.str()), b = Hdf5File::open(part.str());
  CHECK(a.read_doubles("/final/parameters") == b.read_doubles("/final/parameters"));
  CHECK(a.read_doubles("/trace/loss") == b.read_doubles("/trace/loss"));
}

TEST_CASE("An in-memory run writes no file and hands every trace row to its embedding") {
  RunOptions options;
  options.scenario = "memory.yaml";
  options.progress.mode = ProgressMode::kOff;
  RunEmbedding embedding;
  embedding.document = ConfigDocument::from_string(kTiny, "memory.yaml");
  embedding.in_memory = true;
  long rows = 0;
  embedding.on_row = [&](const std::vector<TraceValue>& row) {
    CHECK(row.size() == layout::training_trace_columns().size());
    CHECK(std::get<std::int64_t>(row[0]) == rows++);
    return false;
  };
  std::ostringstream out, err;
  const RunSummary s = run_scenario(options, std::move(embedding), out, err);
  CHECK(rows == 8);
  CHECK(s.out_path == "(in memory)");
  CHECK(!std::filesystem::exists("results/memory.h5"));
  CHECK(s.ledger.has_value());
}
