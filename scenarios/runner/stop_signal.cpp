#include "scenarios/runner/stop_signal.hpp"

#include <csignal>

namespace tonnsim::runner {

namespace {

volatile std::sig_atomic_t g_received = 0;
struct sigaction g_previous_int {}, g_previous_term {};

extern "C" void on_stop_signal(int signal) { g_received = signal; }

}  // namespace

StopSignal::StopSignal() {
  g_received = 0;
  struct sigaction action {};
  action.sa_handler = on_stop_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESETHAND;  // a second signal takes the default action
  sigaction(SIGINT, &action, &g_previous_int);
  sigaction(SIGTERM, &action, &g_previous_term);
}

StopSignal::~StopSignal() {
  sigaction(SIGINT, &g_previous_int, nullptr);
  sigaction(SIGTERM, &g_previous_term, nullptr);
}

int StopSignal::received() const { return static_cast<int>(g_received); }

}  // namespace tonnsim::runner
