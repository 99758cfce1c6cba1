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

std::string TimerRegistry::report() const {
  auto all = totals();
  std::vector<std::pair<std::string, TimerTotals>> rows(all.begin(), all.end());
  std::sort(rows.begin(), rows.end(),
            [](const auto& a, const auto& b) { return a.second.seconds > b.second.seconds; });
  double total = 0.0;
  for (const auto& r : rows) total += r.second.seconds;
  std::string out = fmt::format("{:<32} {:>12} {:>10} {:>8}\n", "phase", "seconds", "calls", "%");
  for (const auto& [name, t] : rows)
    out += fmt::format("{:<32} {:>12.6f} {:>10} {:>7.1f}%\n", name, t.seconds, t.calls,
                       total > 0 ? 100.0 * t.seconds / total : 0.0);
  return out;
}

}  // namespace tonnsim
