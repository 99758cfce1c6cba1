// Decomposition speed (issue 2: N = 256 well under a second on one core).
// Run: build/bench/decomposition_bench --benchmark_counters_tabular=true
#include <benchmark/benchmark.h>

#include "core/rng.hpp"
#include "photonics/decomposition.hpp"

namespace {

using namespace tonnsim;
using namespace tonnsim::photonics;

void BM_Decompose(benchmark::State& state, Topology topology) {
  const int n = static_cast<int>(state.range(0));
  auto rng = make_rng(1, Stream::kOther);
  const CMat u = haar_random_unitary(n, rng);
  Mesh mesh(topology, n);
  for (auto _ : state) {
    decompose_unitary(u, mesh.layout(), mesh.theta(), mesh.phi(), mesh.screen());
    benchmark::DoNotOptimize(mesh.theta().data());
  }
  state.counters["mzis"] = mesh.num_mzis();
}

void BM_MeshMatrix(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  auto rng = make_rng(2, Stream::kOther);
  const Mesh mesh = decompose_unitary(haar_random_unitary(n, rng), Topology::kClements);
  for (auto _ : state) benchmark::DoNotOptimize(mesh.matrix().data());
}

}  // namespace

BENCHMARK_CAPTURE(BM_Decompose, clements, Topology::kClements)
    ->Arg(8)
    ->Arg(64)
    ->Arg(256)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Decompose, reck, Topology::kReck)
    ->Arg(8)
    ->Arg(64)
    ->Arg(256)
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_MeshMatrix)->Arg(8)->Arg(64)->Arg(256)->Unit(benchmark::kMicrosecond);
BENCHMARK_MAIN();
