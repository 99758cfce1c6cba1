#pragma once
// Scoped timers per phase of an iteration (as in MEEP): wrap a phase in
// `ScopedTimer t("loss/forward");` and, when profiling is on, the registry accumulates
// seconds and call counts per name; the CLI prints them with --profile. When profiling is
// off a timer costs one branch.
#include <chrono>
#include <map>
#include <string>

namespace tonnsim {

struct TimerTotals {
  double seconds = 0.0;
  long calls = 0;
};

class TimerRegistry {
 public:
  static TimerRegistry& global();
  /// Turning profiling on starts the wall clock the report's shares refer to.
  void set_enabled(bool on);
  bool enabled() const { return enabled_; }
  void add(const std::string& name, double seconds);
  void clear();
  std::map<std::string, TimerTotals> totals() const;
  /// A table "name  seconds  calls  % of wall", sorted by seconds. Phases nest
  /// ("zo/step" contains "loss/forward") and phases inside parallel regions add up over
  /// threads, so each share is of the wall time (`wall_s`, default: since profiling was
  /// turned on) and the shares do not add to 100 %.
  std::string report(double wall_s = -1.0) const;

 private:
  bool enabled_ = false;
  std::chrono::steady_clock::time_point enabled_at_ = std::chrono::steady_clock::now();
  std::map<std::string, TimerTotals> totals_;
};

class ScopedTimer {
 public:
  explicit ScopedTimer(const char* name)
      : name_(name), on_(TimerRegistry::global().enabled()) {
    if (on_) start_ = std::chrono::steady_clock::now();
  }
  ~ScopedTimer() {
    if (on_)
      TimerRegistry::global().add(
          name_, std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count());
  }
  ScopedTimer(const ScopedTimer&) = delete;
  ScopedTimer& operator=(const ScopedTimer&) = delete;

 private:
  const char* name_;
  bool on_;
  std::chrono::steady_clock::time_point start_;
};

/// Wall-clock stopwatch for reports (not for the profile).
class Stopwatch {
 public:
  Stopwatch() : start_(std::chrono::steady_clock::now()) {}
  double seconds() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  }

 private:
  std::chrono::steady_clock::time_point start_;
};

}  // namespace tonnsim
