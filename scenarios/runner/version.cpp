#include "scenarios/runner/version.hpp"

// TONNSIM_VERSION is set by scenarios/runner/CMakeLists.txt; TONNSIM_GIT_COMMIT comes from
// the header cmake/write_git_commit.cmake writes at every build.
#if __has_include("tonnsim_git_commit.hpp")
#include "tonnsim_git_commit.hpp"
#endif
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
