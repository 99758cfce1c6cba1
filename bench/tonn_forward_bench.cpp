// Forward throughput of the HJB-20 reference network on the flagship loss workload:
// 100 collocation points x 1851 sparse-grid shifts = 185,100 inputs per evaluate_stencil
// call (one PINN loss needs one such call per perturbed parameter set).
//
// Run: build/bench/tonn_forward_bench --benchmark_counters_tabular=true
// Args: threads (OpenMP), TT forward mode (0 contract, 1 dense rebuild), block rows,
// precision (0 f64, 1 f32: run.precision).
// TONNSIM_PROFILE=1 prints each case's scoped-timer phases (core/timer.hpp) to stderr.
// "Time" is wall clock, "CPU" the whole process's CPU time (all threads), so on a shared
// machine CPU / threads estimates the wall time the run would take unloaded.
#include <benchmark/benchmark.h>
#include <omp.h>

#include <random>
#include <string>

#include "bench_profile.hpp"
#include "core/rng.hpp"
#include "tonn/reference_models.hpp"

using namespace tonnsim;
using namespace tonnsim::tonn;

namespace {

constexpr Eigen::Index kPoints = 100, kShifts = 1851;

void BM_HjbStencil(benchmark::State& state) {
  const int threads = static_cast<int>(state.range(0));
  Hjb20ReferenceOptions opts;
  opts.tt_forward = state.range(1) == 0 ? TTForward::kContract : TTForward::kDense;
  opts.options.block_rows = state.range(2);
  opts.options.precision = state.range(3) == 1 ? Precision::kF32 : Precision::kF64;
  Network net = make_hjb20_reference(opts);
  Rng rng = make_rng(1, Stream::kSampling);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  std::normal_distribution<double> g;
  Mat X(21, kPoints), S(21, kShifts);
  for (Eigen::Index e = 0; e < X.size(); ++e) X.data()[e] = u(rng);
  for (Eigen::Index e = 0; e < S.size(); ++e) S.data()[e] = 0.1 * g(rng);
  Mat Y(kShifts, kPoints);
  const int saved = omp_get_max_threads();
  omp_set_num_threads(threads);
  net.evaluate_stencil(X, S, Y);  // warm-up: realise, allocate workspaces
  {
    const bench::BenchProfile profile(
        "threads " + std::to_string(threads) + ", block " + std::to_string(opts.options.block_rows) +
        (state.range(3) == 1 ? ", f32" : ", f64"));
    for (auto _ : state) {
      net.evaluate_stencil(X, S, Y);
      benchmark::DoNotOptimize(Y.data());
      benchmark::ClobberMemory();
    }
  }
  omp_set_num_threads(saved);
  const double evals = double(kPoints * kShifts);
  state.counters["evals_per_s"] =
      benchmark::Counter(evals, benchmark::Counter::kIsIterationInvariantRate);
  state.counters["s_per_loss"] =
      benchmark::Counter(1.0, benchmark::Counter::kIsIterationInvariantRate |
                                          benchmark::Counter::kInvert);
  state.SetLabel(to_string(opts.tt_forward) + (state.range(3) == 1 ? ", f32" : ", f64"));
}

}  // namespace

BENCHMARK(BM_HjbStencil)
    ->ArgNames({"threads", "dense", "block", "f32"})
    ->ArgsProduct({{1, 2}, {0}, {32, 64, 128, 256}, {0, 1}})
    ->Args({1, 1, 256, 0})
    ->Args({2, 1, 256, 0})
    ->Unit(benchmark::kMillisecond)
    ->MeasureProcessCPUTime()
    ->UseRealTime();

BENCHMARK_MAIN();
