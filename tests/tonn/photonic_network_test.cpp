#include "tonn/photonic_network.hpp"

#include <doctest/doctest.h>

#include "core/rng.hpp"
#include "tonn/photonic_dense_layer.hpp"
#include "tonn/photonic_tt_cores.hpp"
#include "tonn/reference_models.hpp"

using namespace tonnsim;
using namespace tonnsim::tonn;

namespace {

Mat random_points(Eigen::Index D, Eigen::Index B, std::uint64_t seed) {
  Rng rng = make_rng(seed, Stream::kSampling);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  Mat X(D, B);
  for (Eigen::Index e = 0; e < X.size(); ++e) X.data()[e] = u(rng);
  return X;
}

Vec outputs(Network& net, const Mat& X) {
  Vec y(X.cols());
  net.evaluate(X, y);
  return y;
}

Hjb20ReferenceOptions hjb_options() {
  Hjb20ReferenceOptions o;
  o.seed = 4;
  o.options.block_rows = 32;  // several blocks per evaluation
  return o;
}

}  // namespace

TEST_CASE("The HJB model on ideally programmed phases computes the digital network") {
  Network digital = make_hjb20_reference(hjb_options());
  const Mat X = random_points(21, 100, 1);
  const Vec expected = outputs(digital, X);
  for (DenseRealisation dense :
       {DenseRealisation::kDigitalReadout, DenseRealisation::kPhotonicTiles}) {
    CAPTURE(to_string(dense));
    Network photonic = make_photonic_network(digital, PhotonicOptions{}, dense);
    CHECK((outputs(photonic, X) - expected).cwiseAbs().maxCoeff() <
          1e-10 * expected.cwiseAbs().maxCoeff());
    // Every TT core is one 8 x 8 tensor core: 8 x (2 * 64 + 8) phases; the output layer
    // keeps 512 digital weights or becomes 64 tiles of 136 phases.
    const Eigen::Index output_layer = dense == DenseRealisation::kDigitalReadout ? 512 : 64 * 136;
    CHECK(photonic.num_parameters() == 8 * 136 + output_layer + 512 + 512 + 1);
    CHECK(photonic.group_index("layer1/core3") >= 0);
  }
}

TEST_CASE("Phase groups of a photonic network perturb one core of one layer") {
  Network digital = make_hjb20_reference(hjb_options());
  Network photonic = make_photonic_network(digital, PhotonicOptions{});
  const Mat X = random_points(21, 20, 2);
  const Vec before = outputs(photonic, X);
  const int g = photonic.group_index("layer1/core2");
  CHECK(photonic.parameter_groups()[g].size == 136);
  photonic.perturb_group(g, Vec::Constant(136, 0.02));
  auto& provider = dynamic_cast<TTLayer&>(photonic.layer(1)).provider();
  std::vector<Mat> cores;
  provider.realize(cores);
  const auto& reference = dynamic_cast<const TTLayer&>(digital.layer(1)).effective_cores();
  for (int k = 0; k < 4; ++k) {
    CAPTURE(k);
    const double d = (cores[k] - reference[k]).cwiseAbs().maxCoeff();
    if (k == 2)
      CHECK(d > 1e-4);
    else
      CHECK(d < 1e-12);
  }
  CHECK((outputs(photonic, X) - before).cwiseAbs().maxCoeff() > 1e-6);
}

TEST_CASE("Published non-idealities shift the HJB output slightly and reproducibly") {
  Network digital = make_hjb20_reference(hjb_options());
  const Mat X = random_points(21, 50, 3);
  const Vec expected = outputs(digital, X);
  PhotonicOptions o;
  o.non_idealities = photonics::NonIdealityOptions::published();
  o.seed = 9;
  Network a = make_photonic_network(digital, o, DenseRealisation::kPhotonicTiles);
  Network b = make_photonic_network(digital, o, DenseRealisation::kPhotonicTiles);
  o.seed = 10;
  Network c = make_photonic_network(digital, o, DenseRealisation::kPhotonicTiles);
  const Vec ya = outputs(a, X);
  const double scale = expected.cwiseAbs().maxCoeff();
  CHECK((ya - expected).cwiseAbs().maxCoeff() > 1e-6 * scale);
  CHECK((outputs(b, X) - ya).cwiseAbs().maxCoeff() == 0.0);
  CHECK((outputs(c, X) - ya).cwiseAbs().maxCoeff() > 1e-8 * scale);
}

TEST_CASE("Reseeding the phase noise by state index makes copies independent and reproducible") {
  Network digital = make_hjb20_reference(hjb_options());
  PhotonicOptions o;
  o.non_idealities.phase_noise = true;
  o.seed = 2;
  Network a = make_photonic_network(digital, o, DenseRealisation::kPhotonicTiles);
  Network b = a;  // a copy continues the same noise stream
  const Mat X = random_points(21, 10, 4);
  CHECK((outputs(a, X) - outputs(b, X)).cwiseAbs().maxCoeff() == 0.0);
  CHECK(reseed_phase_noise(a, 7) == 3);
  CHECK(reseed_phase_noise(b, 8) == 3);
  a.realize();
  b.realize();
  const Vec ya = outputs(a, X), yb = outputs(b, X);
  CHECK((ya - yb).cwiseAbs().maxCoeff() > 0.0);
  reseed_phase_noise(b, 7);
  b.realize();
  CHECK((outputs(b, X) - ya).cwiseAbs().maxCoeff() == 0.0);
  CHECK(reseed_phase_noise(digital, 7) == 0);
}
