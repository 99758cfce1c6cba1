#include "tonn/network_family.hpp"

#include <doctest/doctest.h>
#include <omp.h>

#include "core/rng.hpp"
#include "tonn/photonic_network.hpp"
#include "tonn/reference_models.hpp"

using namespace tonnsim;
using namespace tonnsim::tonn;

namespace {

Mat uniform(Eigen::Index rows, Eigen::Index cols, double scale, std::uint64_t seed) {
  Rng rng = make_rng(seed, Stream::kSampling);
  std::uniform_real_distribution<double> u(-scale, scale);
  Mat X(rows, cols);
  for (Eigen::Index e = 0; e < X.size(); ++e) X.data()[e] = u(rng);
  return X;
}

// The HJB-20 reference on a chip, 32-row blocks so that a 7-point x 9-shift stencil (63
// inputs) ends in a partial block.
Network hjb_chip(const photonics::NonIdealityOptions& non_idealities,
                 Precision precision = Precision::kF64) {
  Hjb20ReferenceOptions ro;
  ro.seed = 4;
  ro.options.block_rows = 32;
  ro.options.precision = precision;
  Network digital = make_hjb20_reference(ro);
  PhotonicOptions o;
  o.non_idealities = non_idealities;
  o.seed = 3;
  return make_photonic_network(digital, o);
}

// Copies of `base` as the states of one layer-wise ZO iteration: unperturbed, then one
// group of layer 1, the digital read-out (layer 2), layer 0, and an unchanged copy.
std::vector<Network> states_of(const Network& base) {
  std::vector<Network> s(5, base);
  const char* groups[] = {"layer1/core2", "layer2/weight", "layer0/core1"};
  for (int i = 0; i < 3; ++i) {
    Network& n = s[std::size_t(i + 1)];
    const int g = n.group_index(groups[i]);
    n.perturb_group(g, 0.025 * Vec::Ones(n.parameter_groups()[std::size_t(g)].size));
  }
  return s;
}

// The states of states_of() on the HJB chip with the published non-idealities.
std::vector<Network> published_states(Precision precision) {
  return states_of(hjb_chip(photonics::NonIdealityOptions::published(), precision));
}

std::vector<Network*> pointers(std::vector<Network>& nets) {
  std::vector<Network*> p;
  for (Network& n : nets) p.push_back(&n);
  return p;
}

}  // namespace

TEST_CASE("A family shares the layers below each member's first changed layer and matches "
          "member-by-member evaluation bit for bit, in double and in single precision") {
  // kF32 shares the changes from each point (Network::prepare_centre) and each member
  // forms its own points' references from the first layer it does not share.
  for (Precision precision : {Precision::kF64, Precision::kF32}) {
    CAPTURE(to_string(precision));
    std::vector<Network> nets = published_states(precision);
    NetworkFamily family(pointers(nets), true);
    CHECK(family.shared_layers() == std::vector<int>{0, 1, 2, 0, 2});
    const Mat X = uniform(21, 7, 1.0, 1), S = uniform(21, 9, 0.3, 2);
    std::vector<Mat> Y;
    family.evaluate_stencil(X, S, Y);
    REQUIRE(Y.size() == nets.size());
    for (std::size_t m = 0; m < nets.size(); ++m) {
      CAPTURE(m);
      Mat alone(9, 7);
      nets[m].evaluate_stencil(X, S, alone);
      CHECK((Y[m].array() == alone.array()).all());
    }
    // Every perturbation moved the outputs (so equality above is not vacuous).
    for (std::size_t m = 1; m < 4; ++m) CHECK((Y[m] - Y[0]).cwiseAbs().maxCoeff() > 1e-9);
    CHECK((Y[4].array() == Y[0].array()).all());
    // Without sharing: the same values.
    NetworkFamily unshared(pointers(nets), false);
    CHECK(unshared.shared_layers() == std::vector<int>(5, 0));
    std::vector<Mat> Z;
    unshared.evaluate_stencil(X, S, Z);
    for (std::size_t m = 0; m < nets.size(); ++m) CHECK((Z[m].array() == Y[m].array()).all());
  }
}

TEST_CASE("With many shifts per point the stencil runs chunk by chunk and gives the bits of "
          "the point-spanning block order") {
  // Network::stencil_blocks orders blocks chunk-major when K >= 4 block_rows (here 137 >=
  // 128, the last chunk 9 shifts wide) and reads the first layer's packed tables per
  // chunk; with 100 shifts (< 128) blocks span points and the tables are one chunk. An
  // input's value must not depend on either: the first 100 shifts agree bit for bit.
  for (Precision precision : {Precision::kF64, Precision::kF32}) {
    CAPTURE(to_string(precision));
    std::vector<Network> nets = published_states(precision);
    NetworkFamily family(pointers(nets), true);
    const Mat X = uniform(21, 3, 1.0, 5), S = uniform(21, 137, 0.3, 6);
    std::vector<Mat> chunked, spanning;
    family.evaluate_stencil(X, S, chunked);
    family.evaluate_stencil(X, S.leftCols(100), spanning);
    for (std::size_t m = 0; m < nets.size(); ++m) {
      CAPTURE(m);
      CHECK((chunked[m].topRows(100).array() == spanning[m].array()).all());
      Mat alone(137, 3);
      nets[m].evaluate_stencil(X, S, alone);
      CHECK((chunked[m].array() == alone.array()).all());
      // the last, partial chunk moved with the perturbation too (not left at zero)
      if (m >= 1 && m < 4) CHECK((chunked[m] - chunked[0]).bottomRows(9).cwiseAbs().maxCoeff() > 1e-9);
    }
  }
}

TEST_CASE("Stencil values do not depend on the thread count nor on preparing family members "
          "over threads, with a layer Eigen multiplies (dense 512 x 512)") {
  // TTForward::kDense applies the hidden layer as one Eigen product of depth 512. The
  // preparation (first-layer tables, f32 point passes: prepare_centre) runs outside
  // parallel regions for member 0 and a lone network but inside one for the other members
  // of a family; Eigen's own threading would split the product's depth differently in the
  // two places and with 1 or 2 threads (EIGEN_DONT_PARALLELIZE, CMakeLists.txt).
  const int saved = omp_get_max_threads();
  for (Precision precision : {Precision::kF64, Precision::kF32}) {
    CAPTURE(to_string(precision));
    Hjb20ReferenceOptions ro;
    ro.seed = 4;
    ro.options.block_rows = 32;
    ro.options.precision = precision;
    ro.tt_forward = TTForward::kDense;
    std::vector<Network> nets = states_of(make_hjb20_reference(ro));
    const Mat X = uniform(21, 7, 1.0, 7), S = uniform(21, 9, 0.3, 8);
    std::vector<Mat> one_thread;
    omp_set_num_threads(1);
    for (Network& n : nets) {
      one_thread.emplace_back(9, 7);
      n.evaluate_stencil(X, S, one_thread.back());
    }
    omp_set_num_threads(2);
    NetworkFamily family(pointers(nets), true);
    std::vector<Mat> Y;
    family.evaluate_stencil(X, S, Y);
    for (std::size_t m = 0; m < nets.size(); ++m) {
      CAPTURE(m);
      Mat alone(9, 7);
      nets[m].evaluate_stencil(X, S, alone);
      CHECK((alone.array() == one_thread[m].array()).all());
      CHECK((Y[m].array() == alone.array()).all());
    }
    for (std::size_t m = 1; m < 4; ++m) CHECK((Y[m] - Y[0]).cwiseAbs().maxCoeff() > 1e-9);
  }
  omp_set_num_threads(saved);
}

TEST_CASE("Dynamic phase noise turns layer sharing off, since every state redraws its noise") {
  photonics::NonIdealityOptions noisy = photonics::NonIdealityOptions::published();
  noisy.phase_noise = true;
  std::vector<Network> nets = states_of(hjb_chip(noisy));
  CHECK_FALSE(deterministic_layers(nets[0]));
  CHECK(deterministic_layers(hjb_chip(photonics::NonIdealityOptions::published())));
  for (std::size_t m = 0; m < nets.size(); ++m) reseed_phase_noise(nets[m], 100 + m);
  NetworkFamily family(pointers(nets), true);
  CHECK(family.shared_layers() == std::vector<int>(5, 0));
  const Mat X = uniform(21, 7, 1.0, 3), S = uniform(21, 9, 0.3, 4);
  std::vector<Mat> Y;
  family.evaluate_stencil(X, S, Y);
  for (std::size_t m = 0; m < nets.size(); ++m) {
    Mat alone(9, 7);
    nets[m].evaluate_stencil(X, S, alone);  // the same realised state (noise drawn once)
    CHECK((Y[m].array() == alone.array()).all());
  }
  // The unchanged copy drew its own noise, so it differs from member 0.
  CHECK((Y[4] - Y[0]).cwiseAbs().maxCoeff() > 0.0);
}
