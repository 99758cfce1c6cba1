#include "scenarios/runner/section_binders.hpp"

namespace tonnsim::runner {

namespace {
void bind_non_idealities(ConfigNode node, ChipSection& chip) {
  node.get("preset", chip.preset);
  auto& o = chip.photonic.non_idealities;
  o = chip.preset == NonIdealityPreset::kPublished ? photonics::NonIdealityOptions::published()
                                                   : photonics::NonIdealityOptions::ideal();
  node.get("fabrication_error", o.fabrication_error);
  node.get("fabrication_phase_std_rad", o.fabrication_phase_std_rad);
  node.get("phase_noise", o.phase_noise);
  node.get("phase_noise_std_rad", o.phase_noise_std_rad);
  node.get("quantization", o.quantization);
  node.get("quantization_bits", o.quantization_bits);
  node.get("quantization_domain", o.quantization_domain);
  node.get("gamma_variation", o.gamma_variation);
  node.get("crosstalk", o.crosstalk);
  node.get("coupler_imbalance", o.coupler_imbalance);
  node.get("coupler_ratio_std", o.coupler_ratio_std);
  node.get("insertion_loss", o.insertion_loss);
  node.get("detector_noise", o.detector_noise);
  node.get("detector_power_margin_db", o.detector_power_margin_db);
  node.finish();
  node.validate([&] { o.validate(); });
}
}  // namespace

void bind_chip_section(ConfigNode node, Scenario& s) {
  auto& c = s.chip;
  node.get("model", c.model);
  node.get("core_size", c.photonic.core_size);
  node.get("topology", c.photonic.topology);
  node.get("s_max_headroom", c.photonic.s_max_headroom);
  node.get("reshape", c.photonic.reshape);
  node.get("dense", c.dense);
  node.get("accounting", c.accounting);
  node.get("seed", c.seed);
  node.get("organisation", c.ledger.organisation);
  node.get("wavelength_channels", c.ledger.wavelength_channels);
  bind_non_idealities(node.child("non_idealities"), c);
  // One calibration state for the chip: ChipInstance reads it when it computes, the ledger
  // through the network (solvers::network_crosstalk) when it charges.
  node.get("calibration", c.photonic.non_idealities.calibration);
  node.get("crosstalk_calibration_error", c.photonic.non_idealities.crosstalk_calibration_error);
  node.finish();
  node.validate([&] {
    c.photonic.device = s.device;  // bound before this section
    c.photonic.validate();  // non_idealities.validate() names crosstalk_calibration_error
    c.ledger.validate();
  });
}

}  // namespace tonnsim::runner
