#include "core/timer.hpp"

#include <algorithm>
#include <mutex>
#include <vector>

#include <fmt/format.h>

namespace tonnsim {
namespace {
std::mutex& registry_mutex() {
  static std::mutex m;
  return m;
}
}  // namespace

TimerRegistry& TimerRegistry::global() {
  static TimerRegistry r;
  return r;
}

void TimerRegistry::set_enabled(bool on) {
  if (on && !enabled_) enabled_at_ = std::chrono::steady_clock::now();
  enabled_ = on;
}

void TimerRegistry::add(const std::string& name, double seconds) {
  std::lock_guard<std::mutex> lock(registry_mutex());
  auto& t = totals_[name];
  t.seconds += seconds;
  ++t.calls;
}

void TimerRegistry::clear() {
  std::lock_guard<std::mutex> lock(registry_mutex());
  totals_.clear();
}

std::map<std::string, TimerTotals> TimerRegistry::totals() const {
  std::lock_guard<std::mutex> lock(registry_mutex());
  return totals_;
}

std::string TimerRegistry::report(double wall_s) const {
  auto all = totals();
  std::vector<std::pair<std::string, TimerTotals>> rows(all.begin(), all.end());
  std::sort(rows.begin(), rows.end(),
            [](const auto& a, const auto& b) { return a.second.seconds > b.second.seconds; });
  if (wall_s < 0.0)
    wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - enabled_at_).count();
  std::string out = fmt::format("{:<32} {:>12} {:>10} {:>9}\n", "phase", "seconds", "calls",
                                "% of wall");
  for (const auto& [name, t] : rows)
    out += fmt::format("{:<32} {:>12.6f} {:>10} {:>8.1f}%\n", name, t.seconds, t.calls,
                       wall_s > 0 ? 100.0 * t.seconds / wall_s : 0.0);
  out += fmt::format("wall {:.6f} s; phases nest (a/b inside a) and parallel phases add over "
                     "threads, so shares are of the wall time and need not add to 100%\n",
                     wall_s);
  return out;
}

}  // namespace tonnsim
