// Cost of one programmed state of the HJB model on photonic tensor cores: every TT core's
// 8 x 8 tensor core evaluated on the chip (non-idealities, dynamic noise drawn once),
// cores reshaped back and the contraction plans rebuilt. Phase-domain ZO training pays
// this once per loss evaluation (per perturbation), never per inference.
// Run: build/bench/photonic_realize_bench
#include <benchmark/benchmark.h>

#include "tonn/photonic_network.hpp"
#include "tonn/reference_models.hpp"

namespace {

using namespace tonnsim;
using namespace tonnsim::tonn;

void BM_HjbRealize(benchmark::State& state, photonics::NonIdealityOptions effects) {
  Network digital = make_hjb20_reference();
  PhotonicOptions options;
  options.non_idealities = effects;
  Network photonic = make_photonic_network(digital, options);
  photonic.realize();  // first state: buffers sized
  for (auto _ : state) photonic.realize();
  state.counters["tensor_cores"] = 8;
  state.counters["states_per_s"] =
      benchmark::Counter(double(state.iterations()), benchmark::Counter::kIsRate);
}

photonics::NonIdealityOptions published_with_noise() {
  auto o = photonics::NonIdealityOptions::published();
  o.phase_noise = true;
  return o;
}

}  // namespace

BENCHMARK_CAPTURE(BM_HjbRealize, ideal, photonics::NonIdealityOptions::ideal())
    ->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_HjbRealize, published, photonics::NonIdealityOptions::published())
    ->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_HjbRealize, published_noise, published_with_noise())
    ->Unit(benchmark::kMicrosecond);
BENCHMARK_MAIN();
