// Cost of the first-order baseline's step: one HJB-20 loss with its exact gradient by
// back-propagation (PinnLoss::loss_and_gradient) against the loss alone, on the reference
// network (21 -> 512 -> 512 -> 1, TT rank 2, 1,929 parameters), 100 collocation points,
// sparse grid level 3, sigma 0.1 (925 merged shifts: 92,500 network evaluations).
// The gradient call evaluates the loss, then recomputes the stencil forward pass block by
// block and runs the reverse pass, so its cost is the loss plus about two more passes.
//
// Run: build/bench/loss_gradient_bench --benchmark_counters_tabular=true
// Args: gradient (0 loss only, 1 loss and gradient), threads (OpenMP). "Time" is wall
// clock, "CPU" the whole process's CPU time: on a shared machine CPU / threads estimates
// the unloaded wall time.
#include <benchmark/benchmark.h>
#include <omp.h>

#include "pinn/pinn_loss.hpp"
#include "tonn/reference_models.hpp"

using namespace tonnsim;
using namespace tonnsim::pinn;

namespace {

void BM_HjbLossGradient(benchmark::State& state) {
  const bool gradient = state.range(0) != 0;
  const int threads = static_cast<int>(state.range(1));
  tonn::Network net = tonn::make_hjb20_reference();
  EstimatorOptions estimator;  // sparse grid, level 3, sigma 0.1, merged shifts
  PinnLossOptions options;     // 100 collocation points
  options.n_test = 100;        // the test set is not used here; keep the setup short
  PinnLoss loss = make_pinn_loss(PdeOptions{}, estimator, options);
  Vec grad;
  auto once = [&] { return gradient ? loss.loss_and_gradient(net, grad) : loss.loss(net); };
  const int saved = omp_get_max_threads();
  omp_set_num_threads(threads);
  benchmark::DoNotOptimize(once());  // warm-up: realise, size the scratch
  for (auto _ : state) {
    benchmark::DoNotOptimize(once());
    benchmark::ClobberMemory();
  }
  omp_set_num_threads(saved);
  state.counters["evals_per_loss"] = double(loss.evaluations_per_loss());
  state.counters["s_per_call"] = benchmark::Counter(
      1.0, benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
  state.SetLabel(gradient ? "loss + gradient" : "loss");
}

}  // namespace

BENCHMARK(BM_HjbLossGradient)
    ->ArgNames({"gradient", "threads"})
    ->ArgsProduct({{0, 1}, {1, 2}})
    ->Unit(benchmark::kMillisecond)
    ->MeasureProcessCPUTime()
    ->UseRealTime();

BENCHMARK_MAIN();
