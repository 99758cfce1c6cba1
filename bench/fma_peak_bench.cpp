// The multiply-add peak of one core, measured: the denominator of docs/performance.md's
// "arithmetic limit" (how far the flagship stencil is from what the CPU can do). VMs hide
// the cycle counters and the clock under load, so the peak is timed, not computed from a
// data sheet: kChains independent chains of 64-byte vectors (GCC vector extensions: one
// zmm on AVX-512, two ymm on AVX2), enough to cover the FMA latency on two pipes and few
// enough to stay in registers (16 zmm of 32; 6 x 2 ymm of 16), each step a fused
// a = a * b + c. Reports multiply-adds per second (one per lane per FMA).
//
// Run: build/bench/fma_peak_bench --benchmark_counters_tabular=true
#include <benchmark/benchmark.h>

#include <cstddef>

namespace {

typedef double F64x8 __attribute__((vector_size(64)));
typedef float F32x16 __attribute__((vector_size(64)));

template <class T>
struct Vec64;
template <>
struct Vec64<double> {
  using type = F64x8;
};
template <>
struct Vec64<float> {
  using type = F32x16;
};

template <class T>
void BM_FmaPeak(benchmark::State& state) {
  using V = typename Vec64<T>::type;
#ifdef __AVX512F__
  constexpr int kChains = 16;
#else
  constexpr int kChains = 6;
#endif
  constexpr int kSteps = 4096;
  constexpr int kLanes = 64 / sizeof(T);
  V acc[kChains];
  V b, c;
  for (int l = 0; l < kLanes; ++l) {
    b[l] = T(0.999999);
    c[l] = T(1e-7);
  }
  for (int j = 0; j < kChains; ++j)
    for (int l = 0; l < kLanes; ++l) acc[j][l] = T(j + l);
  for (auto _ : state) {
    for (int s = 0; s < kSteps; ++s)
      for (int j = 0; j < kChains; ++j) acc[j] = acc[j] * b + c;  // contracted to an FMA
    benchmark::DoNotOptimize(acc);
  }
  state.counters["madds_per_s"] = benchmark::Counter(double(kSteps) * kChains * kLanes,
                                                     benchmark::Counter::kIsIterationInvariantRate);
  state.SetLabel(sizeof(T) == 4 ? "f32" : "f64");
}

}  // namespace

BENCHMARK(BM_FmaPeak<double>)->MinTime(0.5);
BENCHMARK(BM_FmaPeak<float>)->MinTime(0.5);

BENCHMARK_MAIN();
