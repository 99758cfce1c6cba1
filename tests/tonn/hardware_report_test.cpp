#include "tonn/hardware_report.hpp"

#include <doctest/doctest.h>

#include <cmath>

#include "photonics/heater_power.hpp"
#include "photonics/svd_block.hpp"
#include "tonn/photonic_network.hpp"
#include "tonn/reference_models.hpp"

using namespace tonnsim;
using namespace tonnsim::tonn;
using photonics::DeviceParameters;

namespace {

HardwareAccounting accounting(TTAccounting tt, DenseRealisation dense,
                              CoreReshape reshape = CoreReshape::kOperator) {
  HardwareAccounting a;
  a.tt = tt;
  a.dense = dense;
  a.reshape = reshape;
  return a;
}

long mesh(long n) { return n * (n - 1) / 2; }

// The tiled chip of `spec` (dense layers as `dense` says) against its dense optical network.
HardwareComparison tiled_vs_dense(const NetworkSpec& spec, DenseRealisation dense) {
  const auto shapes = layer_shapes(spec);
  const DeviceParameters device;
  return compare(tonn_hardware(shapes, accounting(TTAccounting::kTiled, dense), device),
                 dense_optical_hardware(shapes, device));
}

// A TT layer whose operator-reshaped cores are 8x8, 8x8 and 4x8 (one tile each), then a
// dense output layer.
NetworkSpec small_spec() {
  NetworkSpec s;
  s.input_dim = 16;
  s.layers = {{LayerType::kTT, 0, {4, 2, 2}, {2, 4, 2}, 2, Activation{ActivationKind::kSine, 2.0}},
              {LayerType::kDense, 3, {}, {}, 0, Activation{ActivationKind::kIdentity, 1.0}}};
  s.seed = 3;
  return s;
}

}  // namespace

TEST_CASE("Right-sized block counts equal the SVD block's own structure") {
  for (auto [r, c] : {std::pair{1, 1}, {1, 5}, {5, 1}, {2, 2}, {3, 7}, {8, 8}, {12, 4}}) {
    CAPTURE(r);
    CAPTURE(c);
    const photonics::BlockStructure block(r, c);
    const auto counts = svd_block_counts(r, c);
    CHECK(counts.mzis == block.mzi_count());
    CHECK(counts.phase_shifters == block.num_phases());
    CHECK(counts.attenuators == block.channels());
    CHECK(counts.tensor_cores == 1);
  }
}

TEST_CASE("Tiled counts equal the tensor-core grid's") {
  for (int k : {2, 4, 8})
    for (auto [r, c] : {std::pair{1, 1}, {1, 16}, {14, 4}, {8, 8}, {9, 17}, {1, 512}}) {
      const auto grid = photonics::TileGrid::make(r, c, k);
      const auto counts = tiled_counts(r, c, k);
      CHECK(counts.tensor_cores == grid.num_cores());
      CHECK(counts.mzis == grid.num_mzis());
      CHECK(counts.phase_shifters == grid.num_phase_shifters());
      CHECK(counts.attenuators == grid.num_cores() * k);
    }
}

TEST_CASE("HJB hardware under each accounting matches the closed forms") {
  const auto shapes = layer_shapes(hjb20_reference_spec());
  const DeviceParameters device;
  // Dense optical network: 512x21, 512x512 and 1x512 SVD blocks.
  const long dense_layers[3] = {mesh(512) + mesh(21) + 21, 2 * mesh(512) + 512, mesh(512) + 1};
  const NetworkHardware dense = dense_optical_hardware(shapes, device);
  CHECK(dense.counts.mzis == dense_layers[0] + dense_layers[1] + dense_layers[2]);
  CHECK(dense.counts.mzis == 524008);
  CHECK(dense.counts.attenuators == 21 + 512 + 1);
  for (int l = 0; l < 3; ++l) CHECK(dense.layers[l].counts.mzis == dense_layers[l]);

  const long core = 2 * mesh(8) + 8;  // one 8x8 tensor core: 64 MZIs, 136 shifters
  // (a) tiled, operator reshape: one tensor core per TT core; the 1 x 512 output weight
  // takes 64 tiles when photonic.
  for (DenseRealisation out :
       {DenseRealisation::kDigitalReadout, DenseRealisation::kPhotonicTiles}) {
    CAPTURE(to_string(out));
    const long out_cores = out == DenseRealisation::kPhotonicTiles ? 64 : 0;
    const NetworkHardware tonn =
        tonn_hardware(shapes, accounting(TTAccounting::kTiled, out), device);
    CHECK(tonn.counts.tensor_cores == 8 + out_cores);
    CHECK(tonn.counts.mzis == (8 + out_cores) * core);
    CHECK(tonn.counts.phase_shifters == (8 + out_cores) * (2 * 64 + 8));
    CHECK(tonn.digital_multiply_adds == (out_cores ? 0.0 : 512.0));
    CHECK(tonn.area_mm2 ==
          doctest::Approx((tonn.counts.mzis * 180.0 * 100.0 +
                           (tonn.counts.phase_shifters - 2 * tonn.counts.mzis +
                            tonn.counts.attenuators) *
                               100.0 * 25.0) *
                          1e-6));
    const HardwareComparison c = compare(tonn, dense);
    CHECK(c.mzi_reduction == doctest::Approx(524008.0 / ((8 + out_cores) * core)));
    CHECK(c.mesh_mzi_reduction ==
          doctest::Approx((524008.0 - 534.0) / ((8 + out_cores) * 2 * mesh(8))));
  }
  // (b) right-sized blocks: layer 0 cores 8x2, 8x2, 8x6, 8x7; layer 1 four 8x8.
  const long layer0 = 4 * mesh(8) + mesh(2) + mesh(2) + mesh(6) + mesh(7) + 2 + 2 + 6 + 7;
  const long layer1 = 4 * core;
  for (DenseRealisation out :
       {DenseRealisation::kDigitalReadout, DenseRealisation::kPhotonicTiles}) {
    const long output = out == DenseRealisation::kPhotonicTiles ? mesh(512) + 1 : 0;
    const NetworkHardware tonn =
        tonn_hardware(shapes, accounting(TTAccounting::kRightSized, out), device);
    CHECK(tonn.layers[0].counts.mzis == layer0);
    CHECK(tonn.counts.mzis == layer0 + layer1 + output);
    CHECK(tonn.counts.tensor_cores == 8 + (output ? 1 : 0));
  }
  CHECK(layer0 + layer1 == 423);
  // Storage reshape, tiled: 1x16, 2x8, 6x8, 14x4 and 4x16, 8x8, 8x8, 16x4 take 12 tiles.
  CHECK(tonn_hardware(shapes,
                      accounting(TTAccounting::kTiled, DenseRealisation::kDigitalReadout,
                                 CoreReshape::kStorage),
                      device)
            .counts.tensor_cores == 12);
}

TEST_CASE("Static power is P_pi times the held phases over pi, attenuators' psi counted twice") {
  Network digital = build_network(small_spec());
  const DeviceParameters device;
  const double p_pi = device.phase_shifter.p_pi_w;
  for (DenseRealisation out :
       {DenseRealisation::kDigitalReadout, DenseRealisation::kPhotonicTiles}) {
    CAPTURE(to_string(out));
    Network photonic = make_photonic_network(digital, PhotonicOptions{}, out);
    const HardwareAccounting a = accounting(TTAccounting::kTiled, out);
    const NetworkHardware held = tonn_hardware(photonic, a, device);
    // The photonic network holds its phases in its parameter groups (biases excluded,
    // and the digital output weight when read out digitally).
    double expected = 0.0;
    for (const auto& g : photonic.parameter_groups()) {
      const bool phases = g.name.find("core") != std::string::npos ||
                          (g.name == "layer1/weight" && out == DenseRealisation::kPhotonicTiles);
      if (!phases) continue;
      const Vec p = photonic.group_parameters(photonic.group_index(g.name));
      for (Eigen::Index i = 0; i < p.size(); ++i)
        expected += p_pi * photonics::wrap_phase(p[i]) / M_PI;
      // Each 8 x 8 tile's Sigma attenuators: arms differ by 2 psi, the second psi.
      const photonics::BlockStructure tile(8, 8);
      for (Eigen::Index t = 0; t < p.size(); t += tile.num_phases())
        for (int c = 0; c < tile.channels(); ++c)
          expected += p_pi * photonics::wrap_phase(p[t + tile.sigma_offset() + c]) / M_PI;
    }
    REQUIRE(held.static_power_w.has_value());
    CHECK(*held.static_power_w == doctest::Approx(expected).epsilon(1e-12));
    CHECK(*held.static_power_w > 0.0);
    // Decomposing the digital network here gives the same heaters.
    CHECK(*tonn_hardware(digital, a, device).static_power_w ==
          doctest::Approx(expected).epsilon(1e-12));
  }
}

TEST_CASE("A TT core that fills one tile costs the same power tiled or right-sized") {
  // Every operator-reshaped core of the HJB hidden layer is exactly 8 x 8.
  NetworkSpec s;
  s.input_dim = 512;
  s.layers = {
      {LayerType::kTT, 0, {4, 4, 4, 8}, {8, 4, 4, 4}, 2, Activation{ActivationKind::kSine, 30.0}}};
  s.seed = 1;
  Network net = build_network(s);
  const DeviceParameters device;
  const auto tiled = tonn_hardware(
      net, accounting(TTAccounting::kTiled, DenseRealisation::kDigitalReadout), device);
  const auto sized = tonn_hardware(
      net, accounting(TTAccounting::kRightSized, DenseRealisation::kDigitalReadout), device);
  CHECK(tiled.counts.mzis == sized.counts.mzis);
  CHECK(*tiled.static_power_w == doctest::Approx(*sized.static_power_w).epsilon(1e-12));
}

TEST_CASE("Dense optical power comes from decomposing each layer's weight") {
  Network digital = build_network(small_spec());
  const DeviceParameters device;
  const NetworkHardware dense = dense_optical_hardware(digital, device);
  double expected = 0.0;
  for (int l = 0; l < digital.num_layers(); ++l) {
    const auto block = photonics::SvdBlock::from_real_matrix(digital.layer(l).dense_weight());
    for (Eigen::Index i = 0; i < block.phases().size(); ++i)  // every heater: P_pi phi / pi
      expected += device.phase_shifter.p_pi_w * photonics::wrap_phase(block.phases()[i]) / M_PI;
    for (int c = 0; c < block.structure().channels(); ++c)  // attenuators: 2 psi
      expected += device.phase_shifter.p_pi_w *
                  photonics::wrap_phase(block.phases()[block.structure().sigma_offset() + c]) / M_PI;
  }
  CHECK(*dense.static_power_w == doctest::Approx(expected).epsilon(1e-12));
  CHECK(dense.counts.mzis == (mesh(16) + mesh(16) + 16) + (mesh(3) + mesh(16) + 3));
}

TEST_CASE("Hardware accounting choices have names") {
  for (TTAccounting t : {TTAccounting::kTiled, TTAccounting::kRightSized})
    CHECK(from_string<TTAccounting>(to_string(t)) == t);
  for (DenseRealisation d : {DenseRealisation::kDigitalReadout, DenseRealisation::kPhotonicTiles})
    CHECK(from_string<DenseRealisation>(to_string(d)) == d);
  HardwareAccounting a;
  a.core_size = 1;
  CHECK_THROWS_AS(a.validate(), InputError);
}

TEST_CASE("HJB-20 MZI reduction under both conventions and both dense baselines") {
  // Conventions of docs/mzi-count.md. Clements mesh of n modes: n(n-1)/2 MZIs; a right-sized
  // R x C block adds min(R, C) Sigma attenuators; one 8 x 8 tensor core: 2 x 28 + 8.
  const HardwareComparison c =
      tiled_vs_dense(hjb20_reference_spec(), DenseRealisation::kDigitalReadout);
  const long dense_mesh = mesh(512) + mesh(21) + 2 * mesh(512) + mesh(512);  // U and V meshes
  const long dense_all = dense_mesh + 21 + 512 + 1;
  const long output_block = mesh(512) + 1;  // the 1 x 512 output layer: V mesh + 1 attenuator
  CHECK(c.tonn.counts.mzis == 8 * (2 * mesh(8) + 8));
  CHECK(c.tonn.mesh_mzis() == 8 * 2 * mesh(8));
  CHECK(c.tonn.mesh_mzis() == 448);
  CHECK(c.dense.mesh_mzis() == dense_mesh);
  CHECK(dense_mesh == 523474);
  // The published 1.17e3 is the mesh-only ratio against the all-optical dense network.
  CHECK(c.mesh_mzi_reduction == doctest::Approx(523474.0 / 448.0));
  CHECK(c.mesh_mzi_reduction == doctest::Approx(1.17e3).epsilon(0.005));
  CHECK(c.mzi_reduction == doctest::Approx(double(dense_all) / 512.0));
  // Matched baseline: the output layer digital on both sides.
  CHECK(c.dense_matched_counts.mzis == dense_all - output_block);
  CHECK(c.dense_matched_counts.mzis == 393191);
  CHECK(c.dense_matched_mesh_mzis() == dense_mesh - mesh(512));
  CHECK(c.dense_matched_counts.attenuators == 21 + 512);
  CHECK(c.mzi_reduction_matched == doctest::Approx(393191.0 / 512.0));
  CHECK(c.mesh_mzi_reduction_matched == doctest::Approx(392658.0 / 448.0));
  // A TONN that puts the output layer on tiles computes nothing digitally: the matched
  // baseline is the all-optical one.
  const HardwareComparison p =
      tiled_vs_dense(hjb20_reference_spec(), DenseRealisation::kPhotonicTiles);
  CHECK(p.dense_matched_counts.mzis == dense_all);
  CHECK(p.mesh_mzi_reduction_matched == doctest::Approx(p.mesh_mzi_reduction));
}

TEST_CASE("A network with no photonic layer has no MZI reduction, not an error") {
  // Every layer dense and read out digitally (a dense digital baseline): nothing to reduce.
  NetworkSpec s;
  s.input_dim = 4;
  s.layers = {{LayerType::kDense, 6, {}, {}, 0, Activation{ActivationKind::kSine, 1.0}},
              {LayerType::kDense, 1, {}, {}, 0, Activation{ActivationKind::kIdentity, 1.0}}};
  const HardwareComparison c = tiled_vs_dense(s, DenseRealisation::kDigitalReadout);
  CHECK(c.tonn.counts.mzis == 0);
  CHECK(c.dense.counts.mzis == (mesh(6) + mesh(4) + 4) + (mesh(6) + 1));
  CHECK(c.dense_matched_counts.mzis == 0);  // both layers digital on both sides
  CHECK(std::isnan(c.mzi_reduction));
  CHECK(std::isnan(c.mesh_mzi_reduction));
  CHECK(std::isnan(c.mzi_reduction_matched));
}

TEST_CASE("The dense HJB-20 network of the FLOPS baseline on 8 x 8 tiles counts 4,352 tensor cores") {
  // scenarios/hjb20-flops.yaml: 21 -> 512 -> 512 -> 1 dense, every layer on tiles
  // (chip.dense photonic_tiles): 64 x 3 + 64 x 64 + 1 x 64 tiles of 2 x 28 + 8 MZIs and
  // 2 x 64 + 8 phases; against the right-sized all-optical blocks of the same layers.
  NetworkSpec s = hjb20_reference_spec();
  for (LayerSpec& l : s.layers) {
    l.out_dim = l.output_dim();  // TT: the product of the output modes
    l.type = LayerType::kDense;
    l.in_modes.clear();
    l.out_modes.clear();
  }
  const HardwareComparison c = tiled_vs_dense(s, DenseRealisation::kPhotonicTiles);
  const long tiles = 64 * 3 + 64 * 64 + 64;
  CHECK(tiles == 4352);
  CHECK(c.tonn.counts.tensor_cores == tiles);
  CHECK(c.tonn.counts.mzis == tiles * (2 * mesh(8) + 8));
  CHECK(c.tonn.mesh_mzis() == tiles * 2 * mesh(8));
  CHECK(c.tonn.counts.phase_shifters == tiles * 136);
  CHECK(c.tonn.digital_multiply_adds == 0.0);
  CHECK(c.dense.mesh_mzis() == 523474);  // the same dense optical network as for the TONN
  CHECK(c.mesh_mzi_reduction == doctest::Approx(523474.0 / 243712.0));
  CHECK(c.mzi_reduction == doctest::Approx(524008.0 / 278528.0));
  // Nothing digital on the chip: the matched baseline is the all-optical one.
  CHECK(c.dense_matched_counts.mzis == c.dense.counts.mzis);
}
