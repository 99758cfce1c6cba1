#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <sstream>

#include "scenarios/runner/progress.hpp"

using namespace tonnsim::runner;

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
}

TEST_CASE("Durations print in the largest sensible unit") {
  CHECK(format_duration(0.4) == "0s");
  CHECK(format_duration(45) == "45s");
  CHECK(format_duration(185) == "3m05s");
  CHECK(format_duration(7620) == "2h07m");
  CHECK(format_duration(kNaN) == "--");
  CHECK(format_duration(-1) == "--");
}

TEST_CASE("The bar shows the fraction done, loss, rel L2 and the ETA") {
  ProgressState s{250, 1000, 0.01234, 0.00456, 10.0, 30.0};
  CHECK(format_progress_bar(s, 8) ==
        "[##......]   250/1000  loss 1.234e-02  rel L2 4.560e-03  ETA 30s");
  s.rel_l2 = kNaN;
  CHECK(format_progress_line(s) ==
        "iter  250/1000  loss 1.234e-02  rel L2 --  elapsed 10s  ETA 30s");
}

TEST_CASE("The bar redraws at most ten times per second and ends with the last iteration") {
  std::ostringstream out;
  double now = 0.0;
  Progress p(1000, {}, out, /*out_is_terminal=*/true, 0, [&] { return now; });
  CHECK(p.mode() == ProgressMode::kBar);
  for (std::int64_t i = 1; i <= 1000; ++i) {
    now += 1e-3;  // 1000 iterations in one second
    p.update(i, 1.0 / static_cast<double>(i), kNaN);
  }
  p.finish();
  const std::string text = out.str();
  const auto redraws = std::count(text.begin(), text.end(), '\r');
  CHECK(redraws >= 10);
  CHECK(redraws <= 12);  // ~10 in the second, the forced last one, and finish()
  CHECK(text.find("1000/1000") != std::string::npos);
  CHECK(text.back() == '\n');
  // ETA after 250 of 1000 iterations in 0.25 s: 0.75 s.
  std::ostringstream eta_out;
  double t = 0.0;
  Progress eta(1000, {}, eta_out, true, 0, [&] { return t; });
  t = 250.0;
  eta.update(250, 0.5, 0.1);
  CHECK(eta_out.str().find("ETA 12m30s") != std::string::npos);
}

TEST_CASE("Off a terminal the bar turns itself off; plain lines come every K iterations") {
  std::ostringstream quiet;
  Progress off(100, {}, quiet, /*out_is_terminal=*/false);
  CHECK(off.mode() == ProgressMode::kOff);
  for (std::int64_t i = 1; i <= 100; ++i) off.update(i, 1.0, kNaN);
  off.finish();
  CHECK(quiet.str().empty());

  std::ostringstream log;
  ProgressOptions every_25;
  every_25.line_every = 25;
  Progress lines(100, every_25, log, false);
  CHECK(lines.mode() == ProgressMode::kLines);
  for (std::int64_t i = 1; i <= 100; ++i) lines.update(i, 1.0, i == 50 ? 0.125 : kNaN);
  const std::string text = log.str();
  CHECK(std::count(text.begin(), text.end(), '\n') == 4);
  CHECK(text.find('\r') == std::string::npos);
  // The last known rel L2 stays on later lines.
  CHECK(text.find("iter 100/100  loss 1.000e+00  rel L2 1.250e-01") != std::string::npos);
}

TEST_CASE("A resumed run's ETA counts only the iterations done since the restart") {
  std::ostringstream out;
  double now = 0.0;
  ProgressOptions o;
  o.mode = ProgressMode::kLines;
  o.line_every = 10;
  Progress p(1000, o, out, false, /*start=*/900, [&] { return now; });
  now = 10.0;
  p.update(950, 0.1, kNaN);  // 50 iterations in 10 s: 50 left take 10 s
  CHECK(out.str().find("ETA 10s") != std::string::npos);
}
