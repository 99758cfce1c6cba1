// One flagship ZO iteration (scenarios/hjb20-phase.yaml: the HJB-20 TONN on the photonic
// chip with the published non-idealities, 100 collocation points, level-3 sparse grid,
// layer-wise Rademacher RGE with L(theta), Adam) with the states of the iteration measured
// one after the other (share_layers 0: the reference path, what main did) and as one
// network family that computes the layers a state shares with L(theta) once (1), side by
// side in the same process. Both give the same trace bit for bit
// (tests/solvers/shared_layers_test.cpp).
//
// Run from the repository root (it reads the scenario file):
//   nice build/bench/zo_iteration_bench --benchmark_counters_tabular=true
// Args: share_layers (0/1), threads (OpenMP), f32 (0: run.precision f64, 1: f32). "Time" is wall clock, "CPU" the whole
// process's CPU time; on a loaded machine CPU / threads estimates the unloaded wall time.
// Counters: s_per_iteration (wall), evals_per_s = network evaluations the states of an
// iteration stand for (7 x 92,500) per wall second.
#include <benchmark/benchmark.h>
#include <omp.h>

#include <string>

#include "scenarios/runner/config_document.hpp"
#include "scenarios/runner/experiment.hpp"
#include "solvers/trainer.hpp"

using namespace tonnsim;

namespace {

void BM_FlagshipIteration(benchmark::State& state) {
  const bool share = state.range(0) != 0;
  const int threads = static_cast<int>(state.range(1));
  const bool f32 = state.range(2) != 0;
  runner::ConfigDocument doc = runner::ConfigDocument::from_file("scenarios/hjb20-phase.yaml");
  doc.set("pde.n_test=100");  // the test set is not used here; keep the setup short
  doc.set(f32 ? "run.precision=f32" : "run.precision=f64");
  const runner::Scenario scenario = runner::bind_scenario(doc);
  runner::Experiment e = runner::build_experiment(scenario);
  tonn::Network& net = e.model();
  auto stepper = runner::make_zo_stepper(scenario, net);
  solvers::NetworkObjective objective(net, *e.loss, share);
  Vec theta = net.parameters();
  objective.assume_programmed(theta);
  const int saved = omp_get_max_threads();
  omp_set_num_threads(threads);
  long k = 0;
  auto iteration = [&] {
    e.loss->begin_step(static_cast<std::uint64_t>(k++));
    return stepper->step(objective, theta);
  };
  iteration();  // warm-up: clones, scratch
  for (auto _ : state) {
    benchmark::DoNotOptimize(iteration());
    benchmark::ClobberMemory();
  }
  omp_set_num_threads(saved);
  const double evals = double(objective.counters().evaluations) /
                       double(state.iterations() + 1) * double(e.loss->evaluations_per_loss());
  state.counters["s_per_iteration"] = benchmark::Counter(
      1.0, benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
  state.counters["evals_per_s"] =
      benchmark::Counter(evals, benchmark::Counter::kIsIterationInvariantRate);
  state.SetLabel(std::string(share ? "shared layers" : "one state after the other") +
                 (f32 ? ", f32" : ", f64"));
}

}  // namespace

BENCHMARK(BM_FlagshipIteration)
    ->ArgNames({"share_layers", "threads", "f32"})
    ->ArgsProduct({{0, 1}, {1, 2}, {0, 1}})
    ->Unit(benchmark::kSecond)
    ->Iterations(3)
    ->MeasureProcessCPUTime()
    ->UseRealTime();

BENCHMARK_MAIN();
