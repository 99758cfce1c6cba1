// Cost of a PDE written in YAML against its compiled class on the flagship-size loss:
// HJB-20 (scenarios/pdes/hjb20.yaml vs pde.kind hjb20) on the reference network
// (21 -> 512 -> 512 -> 1, TT rank 2), 100 collocation points, sparse grid level 3,
// sigma 0.1 (92,500 network evaluations per loss). The target: the YAML residual
// adds at most 10% to the loss. "residual" isolates what differs: the ansatz jets
// (hard_constraint) and the residual on the 100 collocation points.
//
// Run from the repository root (reads scenarios/pdes/hjb20.yaml):
//   build/bench/expression_pde_bench --benchmark_counters_tabular=true
// Args: yaml (0 compiled, 1 expression), part (0 whole loss, 1 ansatz + residual only).
// Measured (2 threads, machine load ~15, 5 repetitions, mean wall): ansatz + residual
// 32 us compiled vs 175 us YAML; whole loss 1.89 s compiled vs 2.03 s YAML, a gap inside
// the run-to-run noise (cv 8-10%): the YAML part adds ~0.14 ms, < 0.01% of the loss.
#include <benchmark/benchmark.h>

#include "pinn/pinn_loss.hpp"
#include "scenarios/runner/config_document.hpp"
#include "scenarios/runner/scenario.hpp"
#include "tonn/reference_models.hpp"

using namespace tonnsim;
using namespace tonnsim::pinn;

namespace {

void BM_HjbLossYamlVsCompiled(benchmark::State& state) {
  const bool yaml = state.range(0) != 0;
  const bool residual_only = state.range(1) != 0;
  PdeOptions pde;  // hjb20
  if (yaml)
    pde = runner::bind_scenario(runner::ConfigDocument::from_file("scenarios/pdes/hjb20.yaml"))
              .problem.pde;
  tonn::Network net = tonn::make_hjb20_reference();
  EstimatorOptions estimator;  // sparse grid, level 3, sigma 0.1
  PinnLossOptions options;     // 100 collocation points
  options.n_test = 100;
  PinnLoss loss = make_pinn_loss(pde, estimator, options);
  const Mat X = loss.points();
  Jet n, u;
  loss.estimator().estimate(net, X, n);
  Vec r(X.cols());
  auto once = [&] {
    if (!residual_only) return loss.loss(net);
    loss.pde().solution_jet(X, n, u);
    loss.pde().residual(X, u, r);
    return r(0);
  };
  benchmark::DoNotOptimize(once());
  for (auto _ : state) {
    benchmark::DoNotOptimize(once());
    benchmark::ClobberMemory();
  }
  state.counters["s_per_call"] = benchmark::Counter(
      1.0, benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
  state.SetLabel(std::string(yaml ? "yaml" : "compiled") + (residual_only ? " ansatz+residual" : " loss"));
}

}  // namespace

BENCHMARK(BM_HjbLossYamlVsCompiled)
    ->ArgNames({"yaml", "part"})
    ->ArgsProduct({{0, 1}, {1, 0}})
    ->Unit(benchmark::kMicrosecond)
    ->MeasureProcessCPUTime()
    ->UseRealTime();

BENCHMARK_MAIN();
