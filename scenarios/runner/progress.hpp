#pragma once
// Training progress on stderr: a one-line bar redrawn in place (iteration i/N, loss,
// rel L2, ETA) at most ~10 times a second when stderr is a terminal, or a plain line
// every K iterations for logs. Under the default mode the bar turns itself off when
// stderr is not a terminal, so redirected output never fills with carriage returns.
#include <cstdint>
#include <functional>
#include <iosfwd>
#include <limits>
#include <string>

#include "core/enum_names.hpp"

namespace tonnsim::runner {

enum class ProgressMode {
  kAuto,   // bar on a terminal; else lines if line_every > 0; else nothing
  kBar,
  kLines,
  kOff,
};

struct ProgressOptions {
  ProgressMode mode = ProgressMode::kAuto;
  std::int64_t line_every = 0;  // iterations between plain lines; 0: no lines
  double min_redraw_s = 0.1;    // the bar redraws at most once per this many seconds
  int bar_cells = 24;           // width of the [####....] part
};

/// What one redraw shows.
struct ProgressState {
  std::int64_t done = 0;    // iterations completed
  std::int64_t total = 0;
  double loss = 0.0;
  double rel_l2 = 0.0;      // NaN until the test set was evaluated once
  double elapsed_s = 0.0;
  double eta_s = 0.0;       // NaN while unknown
};

/// "45s", "3m05s", "2h07m", "--" for NaN or negative.
std::string format_duration(double seconds);
/// "[#######.................]  300/1000  loss 1.234e-02  rel L2 4.560e-03  ETA 1m10s"
std::string format_progress_bar(const ProgressState& s, int cells);
/// "iter 300/1000  loss 1.234e-02  rel L2 4.560e-03  elapsed 30s  ETA 1m10s"
std::string format_progress_line(const ProgressState& s);

class Progress {
 public:
  using Clock = std::function<double()>;  // monotonic seconds

  /// `start` is the iteration a resumed run starts from (the ETA counts only the
  /// iterations done in this process). `clock` defaults to std::chrono::steady_clock.
  Progress(std::int64_t total, const ProgressOptions& options, std::ostream& out,
           bool out_is_terminal, std::int64_t start = 0, Clock clock = {});
  /// On std::cerr, detecting a terminal with isatty(2).
  static Progress on_stderr(std::int64_t total, const ProgressOptions& options,
                            std::int64_t start = 0);

  /// Reports `done` iterations completed; pass NaN for rel_l2 when not evaluated this
  /// time (the last known value stays on the bar).
  void update(std::int64_t done, double loss, double rel_l2);
  /// Counts `n` iterations as done by an earlier process (a resumed part of the work): they
  /// move the bar but not the rate the ETA is computed from.
  void skip(std::int64_t n) { start_ += n; }
  /// Ends the bar's line (a final redraw and a newline). Idempotent.
  void finish();
  /// The mode after resolving kAuto.
  ProgressMode mode() const { return mode_; }

 private:
  ProgressState state_at(double now) const;
  void draw_bar(double now);
  std::ostream& out_;
  ProgressMode mode_;
  ProgressOptions options_;
  Clock clock_;
  std::int64_t total_, start_, done_ = 0;
  double t0_, last_draw_ = -1e300;
  double loss_ = std::numeric_limits<double>::quiet_NaN();
  double rel_l2_ = std::numeric_limits<double>::quiet_NaN();
  std::size_t last_width_ = 0;
  bool bar_open_ = false;
};

}  // namespace tonnsim::runner

namespace tonnsim {
template <>
struct EnumNames<runner::ProgressMode> {
  static constexpr const char* type = "progress mode";
  static constexpr std::array<std::pair<runner::ProgressMode, const char*>, 4> names{
      {{runner::ProgressMode::kAuto, "auto"},
       {runner::ProgressMode::kBar, "bar"},
       {runner::ProgressMode::kLines, "lines"},
       {runner::ProgressMode::kOff, "off"}}};
};
}  // namespace tonnsim
