#include "scenarios/runner/version.hpp"

// Both are set by scenarios/runner/CMakeLists.txt when the build is configured.
#ifndef TONNSIM_VERSION
#define TONNSIM_VERSION "unknown"
#endif
#ifndef TONNSIM_GIT_COMMIT
#define TONNSIM_GIT_COMMIT "unknown"
#endif

namespace tonnsim::runner {

std::string code_version() {
  return std::string(TONNSIM_VERSION) + " (git " + TONNSIM_GIT_COMMIT + ")";
}

}  // namespace tonnsim::runner
