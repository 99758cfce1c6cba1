// Cost of one noisy evaluation of an 8 x 8 tensor core (the inner loop of phase-domain
// ZO training): programmed phases -> effective phases -> effective real matrix.
// Run: build/bench/chip_instance_bench
#include <benchmark/benchmark.h>

#include <random>

#include "core/rng.hpp"
#include "photonics/chip_instance.hpp"

namespace {

using namespace tonnsim;
using namespace tonnsim::photonics;

void BM_EffectiveRealMatrix(benchmark::State& state, NonIdealityOptions options) {
  const int k = static_cast<int>(state.range(0));
  auto rng = make_rng(1, Stream::kOther);
  std::normal_distribution<double> g;
  Mat w(k, k);
  for (int j = 0; j < k; ++j)
    for (int i = 0; i < k; ++i) w(i, j) = g(rng);
  const SvdBlock block = SvdBlock::from_real_matrix(w);
  const ChipInstance chip(block.structure(), options, DeviceParameters{}, 1);
  auto noise = make_rng(1, Stream::kPhaseNoise);
  ChipWorkspace ws;
  Mat out(k, k);
  for (auto _ : state) {
    chip.effective_real_matrix(block.phases(), block.s_max(), noise, ws, out);
    benchmark::DoNotOptimize(out.data());
  }
}

NonIdealityOptions all_on() {
  NonIdealityOptions o = NonIdealityOptions::published();
  o.fabrication_error = o.phase_noise = o.coupler_imbalance = o.insertion_loss = true;
  return o;
}

}  // namespace

BENCHMARK_CAPTURE(BM_EffectiveRealMatrix, ideal, NonIdealityOptions::ideal())
    ->Arg(8)
    ->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_EffectiveRealMatrix, published, NonIdealityOptions::published())
    ->Arg(8)
    ->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_EffectiveRealMatrix, all_on, all_on())
    ->Arg(8)
    ->Arg(16)
    ->Unit(benchmark::kMicrosecond);
BENCHMARK_MAIN();
