#pragma once
// The `device:` section of a scenario: every field of photonics::DeviceParameters, keyed by
// its C++ name (device.phase_shifter.p_pi_w, device.adc.bits, device.wavelength_um).
#include "photonics/device_parameters.hpp"
#include "scenarios/runner/config_node.hpp"

namespace tonnsim::runner {

/// Reads the fields present under `node` (absent ones keep their defaults), rejects
/// unknown keys, then runs DeviceParameters::validate() with its errors located in the
/// file. Throws InputError.
void bind_device_parameters(ConfigNode node, photonics::DeviceParameters& device);

}  // namespace tonnsim::runner
