// Cost of the first-order baseline's step: one HJB-20 loss with its exact gradient by
// back-propagation (PinnLoss::loss_and_gradient) against the loss alone, on the reference
// network (21 -> 512 -> 512 -> 1, TT rank 2, 1,929 parameters), 100 collocation points,
// sparse grid level 3, sigma 0.1 (925 merged shifts: 92,500 network evaluations).
// The gradient call evaluates the loss, then recomputes the stencil forward pass block by
// block and runs the reverse pass, so its cost is the loss plus a few more passes (Zen 5,
// session 12: 0.30-0.37 s against 0.078 s at one thread).
//
// Run: build/bench/loss_gradient_bench --benchmark_counters_tabular=true
// TONNSIM_PROFILE=1 prints each case's scoped-timer phases (core/timer.hpp) to stderr.
// Args: gradient (0 loss only, 1 loss and gradient), threads (OpenMP), f32 (1: the network
// in single precision, core/precision.hpp; loss only, and the counter rel_diff_vs_f64 is
// |L_f32 - L_f64| / L_f64 of this loss). "Time" is wall clock, "CPU" the whole process's
// CPU time: on a shared machine CPU / threads estimates the unloaded wall time.
#include <benchmark/benchmark.h>
#include <omp.h>

#include <cmath>
#include <string>

#include "bench_profile.hpp"
#include "pinn/pinn_loss.hpp"
#include "tonn/reference_models.hpp"

using namespace tonnsim;
using namespace tonnsim::pinn;

namespace {

void BM_HjbLossGradient(benchmark::State& state) {
  const bool gradient = state.range(0) != 0;
  const int threads = static_cast<int>(state.range(1));
  const bool f32 = state.range(2) != 0;
  tonn::Hjb20ReferenceOptions ro;
  ro.options.precision = f32 ? Precision::kF32 : Precision::kF64;
  tonn::Network net = tonn::make_hjb20_reference(ro);
  EstimatorOptions estimator;  // sparse grid, level 3, sigma 0.1, merged shifts
  PinnLossOptions options;     // 100 collocation points
  options.n_test = 100;        // the test set is not used here; keep the setup short
  PinnLoss loss = make_pinn_loss(PdeOptions{}, estimator, options);
  Vec grad;
  auto once = [&] { return gradient ? loss.loss_and_gradient(net, grad) : loss.loss(net); };
  const int saved = omp_get_max_threads();
  omp_set_num_threads(threads);
  benchmark::DoNotOptimize(once());  // warm-up: realise, size the scratch
  {
    const bench::BenchProfile profile("threads " + std::to_string(threads) +
                                      (gradient ? ", loss + gradient" : ", loss") +
                                      (f32 ? ", f32" : ", f64"));
    for (auto _ : state) {
      benchmark::DoNotOptimize(once());
      benchmark::ClobberMemory();
    }
  }
  omp_set_num_threads(saved);
  state.counters["evals_per_loss"] = double(loss.evaluations_per_loss());
  if (f32) {
    tonn::Network f64 = tonn::make_hjb20_reference();
    const double l64 = loss.loss(f64);
    state.counters["rel_diff_vs_f64"] = std::abs(loss.loss(net) - l64) / l64;
  }
  state.counters["s_per_call"] = benchmark::Counter(
      1.0, benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
  state.SetLabel(std::string(gradient ? "loss + gradient" : "loss") + (f32 ? ", f32" : ""));
}

}  // namespace

BENCHMARK(BM_HjbLossGradient)
    ->ArgNames({"gradient", "threads", "f32"})
    ->ArgsProduct({{0, 1}, {1, 2}, {0}})
    ->Args({0, 1, 1})
    ->Args({0, 2, 1})
    ->Unit(benchmark::kMillisecond)
    ->MeasureProcessCPUTime()
    ->UseRealTime();

BENCHMARK_MAIN();
