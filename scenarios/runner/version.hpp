#pragma once
#include <string>

namespace tonnsim::runner {

/// "0.1.0 (git 1a2b3c4)": the project version and the commit the build was made from
/// (refreshed at every build; recorded in every output file; "-dirty" marks uncommitted
/// changes).
std::string code_version();

}  // namespace tonnsim::runner
