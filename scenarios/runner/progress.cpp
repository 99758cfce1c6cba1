#include "scenarios/runner/progress.hpp"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <iostream>

namespace tonnsim::runner {

namespace {

std::string sci(double v) {
  if (std::isnan(v)) return "--";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3e", v);
  return buf;
}

std::string counter(const ProgressState& s) {
  const std::string total = std::to_string(s.total);
  std::string done = std::to_string(s.done);
  if (done.size() < total.size()) done.insert(0, total.size() - done.size(), ' ');
  return done + "/" + total;
}

double steady_seconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace

std::string format_duration(double seconds) {
  if (!(seconds >= 0) || !std::isfinite(seconds)) return "--";
  const auto s = static_cast<long long>(std::llround(seconds));
  char buf[32];
  if (s < 60)
    std::snprintf(buf, sizeof buf, "%llds", s);
  else if (s < 3600)
    std::snprintf(buf, sizeof buf, "%lldm%02llds", s / 60, s % 60);
  else
    std::snprintf(buf, sizeof buf, "%lldh%02lldm", s / 3600, (s % 3600) / 60);
  return buf;
}

std::string format_progress_bar(const ProgressState& s, int cells) {
  const double fraction =
      s.total > 0 ? std::clamp(static_cast<double>(s.done) / static_cast<double>(s.total), 0.0, 1.0)
                  : 0.0;
  const int filled = static_cast<int>(fraction * cells);
  return "[" + std::string(static_cast<std::size_t>(filled), '#') +
         std::string(static_cast<std::size_t>(cells - filled), '.') + "]  " + counter(s) +
         "  loss " + sci(s.loss) + "  rel L2 " + sci(s.rel_l2) + "  ETA " +
         format_duration(s.eta_s);
}

std::string format_progress_line(const ProgressState& s) {
  return "iter " + counter(s) + "  loss " + sci(s.loss) + "  rel L2 " + sci(s.rel_l2) +
         "  elapsed " + format_duration(s.elapsed_s) + "  ETA " + format_duration(s.eta_s);
}

Progress::Progress(std::int64_t total, const ProgressOptions& options, std::ostream& out,
                   bool out_is_terminal, std::int64_t start, Clock clock)
    : out_(out),
      options_(options),
      clock_(clock ? std::move(clock) : Clock(steady_seconds)),
      total_(total),
      start_(start),
      done_(start) {
  mode_ = options.mode;
  if (mode_ == ProgressMode::kAuto)
    mode_ = out_is_terminal ? ProgressMode::kBar
                            : (options.line_every > 0 ? ProgressMode::kLines : ProgressMode::kOff);
  if (mode_ == ProgressMode::kLines && options.line_every <= 0) mode_ = ProgressMode::kOff;
  t0_ = clock_();
}

Progress Progress::on_stderr(std::int64_t total, const ProgressOptions& options,
                             std::int64_t start) {
  return Progress(total, options, std::cerr, ::isatty(STDERR_FILENO) == 1, start);
}

ProgressState Progress::state_at(double now) const {
  ProgressState s;
  s.done = done_;
  s.total = total_;
  s.loss = loss_;
  s.rel_l2 = rel_l2_;
  s.elapsed_s = now - t0_;
  const std::int64_t here = done_ - start_;
  s.eta_s = here > 0 ? s.elapsed_s / static_cast<double>(here) * static_cast<double>(total_ - done_)
                     : std::numeric_limits<double>::quiet_NaN();
  return s;
}

void Progress::update(std::int64_t done, double loss, double rel_l2) {
  done_ = done;
  loss_ = loss;
  if (!std::isnan(rel_l2)) rel_l2_ = rel_l2;
  if (mode_ == ProgressMode::kOff) return;
  if (mode_ == ProgressMode::kLines) {
    if (done % options_.line_every == 0 || done == total_)
      out_ << format_progress_line(state_at(clock_())) << '\n' << std::flush;
    return;
  }
  const double now = clock_();
  if (now - last_draw_ < options_.min_redraw_s && done != total_) return;
  draw_bar(now);
}

void Progress::draw_bar(double now) {
  last_draw_ = now;
  const std::string text = format_progress_bar(state_at(now), options_.bar_cells);
  // Pad over a longer previous line instead of relying on terminal escape codes.
  const std::size_t pad = last_width_ > text.size() ? last_width_ - text.size() : 0;
  out_ << '\r' << text << std::string(pad, ' ') << std::flush;
  last_width_ = text.size();
  bar_open_ = true;
}

void Progress::finish() {
  if (mode_ != ProgressMode::kBar || !bar_open_) return;
  draw_bar(clock_());
  out_ << '\n' << std::flush;
  bar_open_ = false;
}

}  // namespace tonnsim::runner
