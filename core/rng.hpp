#pragma once
// Reproducible random streams. A run has one master seed; every consumer (chip fabrication
// errors, per-evaluation phase noise, collocation sampling, ZO directions, one OpenMP
// thread) derives its own stream from (seed, purpose, index) so results do not depend on
// the order in which consumers draw, and the same seed and thread count give the same run.
#include <cstdint>
#include <random>

namespace tonnsim {

/// SplitMix64 finaliser (Steele et al. 2014): decorrelates nearby integers.
constexpr std::uint64_t splitmix64(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

/// Named purposes so two consumers never share a stream by accident.
enum class Stream : std::uint64_t {
  kFabrication = 1,  // static per-chip errors
  kPhaseNoise = 2,   // dynamic noise per programmed state
  kDetector = 3,     // detector noise per inference
  kSampling = 4,     // collocation and test points
  kPerturbation = 5, // ZO directions
  kInit = 6,         // network initialisation
  kOther = 7,
};

using Rng = std::mt19937_64;

/// The generator for (seed, purpose, index), e.g. index = iteration or thread id.
inline Rng make_rng(std::uint64_t seed, Stream purpose, std::uint64_t index = 0) {
  const std::uint64_t s =
      splitmix64(splitmix64(seed ^ splitmix64(static_cast<std::uint64_t>(purpose))) + index);
  std::seed_seq seq{static_cast<std::uint32_t>(s), static_cast<std::uint32_t>(s >> 32)};
  return Rng(seq);
}

}  // namespace tonnsim
