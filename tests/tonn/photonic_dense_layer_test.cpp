#include "tonn/photonic_dense_layer.hpp"

#include <doctest/doctest.h>

#include <Eigen/SVD>

#include "core/rng.hpp"
#include "photonics/svd_block.hpp"
#include "tonn/network.hpp"
#include "tonn/tt_test_helpers.hpp"

using namespace tonnsim;
using namespace tonnsim::tonn;

namespace {

Mat random_matrix(Eigen::Index rows, Eigen::Index cols, std::uint64_t seed) {
  Rng rng = make_rng(seed, Stream::kOther);
  return normal_matrix(rows, cols, rng);
}

// 20 x 13 on 8 x 8 cores: 3 x 2 tiles, the last row and column of tiles zero-padded.
constexpr Eigen::Index kRows = 20, kCols = 13;

}  // namespace

TEST_CASE("A dense layer on photonic tiles computes its weight across padded tile boundaries") {
  const Mat w = random_matrix(kRows, kCols, 1);
  PhotonicDenseLayer layer(w, Vec::Zero(kRows), PhotonicOptions{});
  CHECK(layer.matrix().array().num_cores() == 6);
  // 6 tiles of 2 k^2 + k phases, the trainable "weight" group, then the digital bias.
  CHECK(layer.num_parameters() == 6 * 136 + kRows);
  layer.realize();
  CHECK((layer.dense_weight() - w).cwiseAbs().maxCoeff() < 1e-10 * w.cwiseAbs().maxCoeff());
  CHECK((layer.matrix().ideal_matrix() - w).cwiseAbs().maxCoeff() <
        1e-10 * w.cwiseAbs().maxCoeff());
}

TEST_CASE("Every tile of a photonic dense layer is s_max times a unitary with its attenuators open") {
  // Sigma_k = s_max cos(psi_k): psi = 0 leaves U V^H, a product of two Clements meshes.
  const Mat w = random_matrix(kRows, kCols, 2);
  const PhotonicDenseLayer layer(w, Vec::Zero(kRows), PhotonicOptions{});
  for (int t = 0; t < layer.matrix().array().num_cores(); ++t) {
    CAPTURE(t);
    photonics::SvdBlock core = layer.matrix().array().core(t);
    Vec phases = layer.matrix().phases().segment(t * 136, 136);
    const int sigma = core.structure().sigma_offset();
    phases.segment(sigma, core.structure().channels()).setZero();
    core.set_phases(phases);
    const CMat m = core.matrix();
    const double s2 = core.s_max() * core.s_max();
    CHECK((m.adjoint() * m - s2 * CMat::Identity(8, 8)).cwiseAbs().maxCoeff() < 1e-10 * s2);
    // The programmed attenuators shrink it back to the tile's singular values (<= s_max).
    core.set_phases(layer.matrix().phases().segment(t * 136, 136));
    const Eigen::JacobiSVD<CMat> svd(core.matrix());
    CHECK(svd.singularValues()(0) == doctest::Approx(core.s_max()).epsilon(1e-10));
  }
}

TEST_CASE("Perturbing one tile's phases changes only that tile's block of the dense weight") {
  const Mat w = random_matrix(kRows, kCols, 3);
  PhotonicOptions o;
  o.non_idealities = photonics::NonIdealityOptions::published();  // crosstalk stays in a tile
  o.seed = 7;
  Network net(kCols);
  net.add_layer(std::make_unique<PhotonicDenseLayer>(w, Vec::Zero(kRows), o),
                Activation{ActivationKind::kIdentity, 1.0});
  net.realize();
  const Mat before = net.layer(0).dense_weight();
  Vec p = net.parameters();
  const int tile = 3;  // tile row 1, tile column 1: rows 8..15, columns 8..12
  p.segment(tile * 136, 136).array() += 0.05;
  net.set_parameters(p);
  net.realize();
  const Mat change = (net.layer(0).dense_weight() - before).cwiseAbs();
  CHECK(change.block(8, 8, 8, 5).maxCoeff() > 1e-3);
  Mat outside = change;
  outside.block(8, 8, 8, 5).setZero();
  CHECK(outside.maxCoeff() == 0.0);
}
