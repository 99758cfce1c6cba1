#include "tonn/photonic_options.hpp"

#include <cmath>

#include "core/error.hpp"

namespace tonnsim::tonn {

void PhotonicOptions::validate() const {
  require(core_size >= 2, "core_size", core_size, "must be >= 2 (a mesh needs two modes)");
  require(std::isfinite(s_max_headroom) && s_max_headroom >= 1.0, "s_max_headroom", s_max_headroom,
          "must be finite and >= 1 (s_max below sigma_max cannot realise W)");
  non_idealities.validate();
  device.validate();
}

}  // namespace tonnsim::tonn
