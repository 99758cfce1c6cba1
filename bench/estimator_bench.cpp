// Cost of one PINN loss on the HJB-20 problem with the reference network (100 collocation
// points, hard terminal constraint) for each derivative estimator: the sparse-grid Stein
// stencil with merged mirror shifts (925 evaluations per point) and in the published layout
// (2 x 925 + 1 = 1851), Monte-Carlo Stein with 1024 antithetic pairs (2049), central finite
// differences (2 x 21 + 1 = 43) and exact forward-mode jets (one jet per point, which
// carries 1 + 2 x 21 rows through the network).
//
// Run: build/bench/estimator_bench --benchmark_counters_tabular=true
// Args: estimator (label names it), threads (OpenMP). "Time" is wall clock, "CPU" the whole
// process's CPU time, so on a shared machine CPU / threads estimates the unloaded wall time.
// evals_per_s counts network evaluations as PinnLoss::evaluations_per_loss() does (jets
// for the exact estimator).
#include <benchmark/benchmark.h>
#include <omp.h>

#include "pinn/pinn_loss.hpp"
#include "tonn/reference_models.hpp"

using namespace tonnsim;
using namespace tonnsim::pinn;

namespace {

struct Variant {
  const char* label;
  EstimatorOptions options;
};

Variant variant(int index) {
  EstimatorOptions o;
  switch (index) {
    case 0:
      o.kind = EstimatorKind::kSparseGrid;
      o.sparse_grid.merge_mirror_shifts = true;
      return {"sparse_grid L3 merged (925)", o};
    case 1:
      o.kind = EstimatorKind::kSparseGrid;
      o.sparse_grid.merge_mirror_shifts = false;
      return {"sparse_grid L3 published (1851)", o};
    case 2:
      o.kind = EstimatorKind::kMonteCarlo;
      o.monte_carlo.n_pairs = 1024;
      return {"monte_carlo N=1024 (2049)", o};
    case 3:
      o.kind = EstimatorKind::kFiniteDifference;
      return {"finite_difference (43)", o};
    default:
      o.kind = EstimatorKind::kExact;
      return {"exact jets (1 jet)", o};
  }
}

void BM_HjbLoss(benchmark::State& state) {
  const Variant v = variant(static_cast<int>(state.range(0)));
  const int threads = static_cast<int>(state.range(1));
  tonn::Network net = tonn::make_hjb20_reference();
  PinnLossOptions loss_options;
  loss_options.n_test = 100;  // the test set is not used here; keep the setup short
  PinnLoss loss = make_pinn_loss(PdeOptions{}, v.options, loss_options);
  const int saved = omp_get_max_threads();
  omp_set_num_threads(threads);
  benchmark::DoNotOptimize(loss.loss(net));  // warm-up: realise, size the scratch
  for (auto _ : state) {
    benchmark::DoNotOptimize(loss.loss(net));
    benchmark::ClobberMemory();
  }
  omp_set_num_threads(saved);
  state.counters["evals_per_loss"] = double(loss.evaluations_per_loss());
  state.counters["evals_per_s"] = benchmark::Counter(
      double(loss.evaluations_per_loss()), benchmark::Counter::kIsIterationInvariantRate);
  state.counters["s_per_loss"] = benchmark::Counter(
      1.0, benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
  state.SetLabel(v.label);
}

}  // namespace

BENCHMARK(BM_HjbLoss)
    ->ArgNames({"estimator", "threads"})
    ->ArgsProduct({{0, 1, 2, 3, 4}, {1, 2}})
    ->Unit(benchmark::kMillisecond)
    ->MeasureProcessCPUTime()
    ->UseRealTime();

BENCHMARK_MAIN();
