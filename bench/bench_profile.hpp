#pragma once
// TONNSIM_PROFILE=1 for a benchmark: the scoped timers' phases (core/timer.hpp) of the
// timed loop, printed to stderr when the scope ends. Google Benchmark may call a benchmark
// function more than once per case (an estimate, then the run): each call prints its own.
#include <cstdlib>
#include <iostream>
#include <string>
#include <utility>

#include "core/timer.hpp"

namespace tonnsim::bench {

class BenchProfile {
 public:
  /// Starts recording (cleared) when TONNSIM_PROFILE is set (any value); `label` heads the
  /// report. Assumes profiling is off on entry, as in the benches: totals gathered before
  /// are cleared, and only the enabled flag is restored at the end.
  explicit BenchProfile(std::string label)
      : label_(std::move(label)),
        on_(std::getenv("TONNSIM_PROFILE") != nullptr),
        was_enabled_(TimerRegistry::global().enabled()) {
    if (!on_) return;
    TimerRegistry::global().clear();
    TimerRegistry::global().set_enabled(true);
  }
  BenchProfile(const BenchProfile&) = delete;
  BenchProfile& operator=(const BenchProfile&) = delete;
  ~BenchProfile() {
    if (!on_) return;
    std::cerr << label_ << "\n" << TimerRegistry::global().report();
    TimerRegistry::global().set_enabled(was_enabled_);
  }

 private:
  std::string label_;
  bool on_;
  bool was_enabled_;
};

}  // namespace tonnsim::bench
