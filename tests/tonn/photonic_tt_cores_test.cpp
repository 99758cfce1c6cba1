#include "tonn/photonic_tt_cores.hpp"

#include <doctest/doctest.h>

#include <Eigen/SVD>

#include "core/error.hpp"
#include "core/rng.hpp"
#include "tonn/tt_layer.hpp"
#include "tonn/tt_test_helpers.hpp"

using namespace tonnsim;
using namespace tonnsim::tonn;

namespace {


double max_difference(const std::vector<Mat>& a, const std::vector<Mat>& b) {
  REQUIRE(a.size() == b.size());
  double d = 0.0;
  for (std::size_t k = 0; k < a.size(); ++k) {
    REQUIRE(a[k].rows() == b[k].rows());
    REQUIRE(a[k].cols() == b[k].cols());
    d = std::max(d, (a[k] - b[k]).cwiseAbs().maxCoeff());
  }
  return d;
}

std::vector<Mat> realized(PhotonicTTCores& p) {
  std::vector<Mat> cores;
  p.realize(cores);
  return cores;
}

const TTShape kHjb1 = TTShape::with_rank({1, 1, 3, 7}, {8, 4, 4, 4}, 2);
const TTShape kHjb2 = TTShape::with_rank({4, 4, 4, 8}, {8, 4, 4, 4}, 2);
// Cores larger than one 8 x 8 tile in both reshapes, unequal ranks.
const TTShape kWide{{3, 5, 2}, {4, 6, 3}, {1, 3, 2, 1}};

PhotonicOptions published_chip(std::uint64_t seed) {
  PhotonicOptions o;
  o.non_idealities = photonics::NonIdealityOptions::published();
  o.seed = seed;
  return o;
}

}  // namespace

TEST_CASE(
    "The operator reshape pairs (left rank, output mode) rows with (input mode, right rank) "
    "columns") {
  for (const TTShape* s : {&kHjb1, &kHjb2, &kWide}) {
    const std::vector<Mat> cores = random_cores(*s, 3);
    for (int k = 0; k < s->order(); ++k) {
      for (CoreReshape reshape : {CoreReshape::kOperator, CoreReshape::kStorage}) {
        Mat p(photonic_rows(*s, k, reshape), photonic_cols(*s, k, reshape));
        core_to_photonic(*s, k, reshape, cores[k], p);
        Mat back;
        photonic_to_core(*s, k, reshape, p, back);
        CHECK(back == cores[k]);
        for (int a = 0; a < s->ranks[k]; ++a)
          for (int i = 0; i < s->in_modes[k]; ++i)
            for (int j = 0; j < s->out_modes[k]; ++j)
              for (int c = 0; c < s->ranks[k + 1]; ++c) {
                const double g = core_at(cores[k], *s, k, a, i, j, c);
                if (reshape == CoreReshape::kOperator)
                  CHECK(p(a * s->out_modes[k] + j, i * s->ranks[k + 1] + c) == g);
                else
                  CHECK(p(a * s->in_modes[k] + i, j * s->ranks[k + 1] + c) == g);
              }
      }
    }
  }
}

TEST_CASE("Each HJB TT core fits one 8 x 8 tensor core under the operator reshape") {
  int tensor_cores[2] = {0, 0};
  for (CoreReshape reshape : {CoreReshape::kOperator, CoreReshape::kStorage}) {
    PhotonicOptions o;
    o.reshape = reshape;
    const PhotonicTTCores l1(kHjb1, random_cores(kHjb1, 1), o, 0);
    const PhotonicTTCores l2(kHjb2, random_cores(kHjb2, 2), o, 1);
    tensor_cores[int(reshape)] = l1.num_tensor_cores() + l2.num_tensor_cores();
    CHECK(l1.num_parameters() == l1.num_tensor_cores() * (2 * 8 * 8 + 8));
  }
  CHECK(tensor_cores[int(CoreReshape::kOperator)] == 8);
  // Storage shapes 1x16, 2x8, 6x8, 14x4 and 4x16, 8x8, 8x8, 16x4: 6 tiles per layer.
  CHECK(tensor_cores[int(CoreReshape::kStorage)] == 12);
}

TEST_CASE("Programming digital cores and reading them back ideally reproduces them") {
  for (CoreReshape reshape : {CoreReshape::kOperator, CoreReshape::kStorage})
    for (double headroom : {1.0, 1.5})
      for (const TTShape* s : {&kHjb1, &kHjb2, &kWide}) {
        CAPTURE(to_string(reshape));
        CAPTURE(headroom);
        PhotonicOptions o;
        o.reshape = reshape;
        o.s_max_headroom = headroom;
        const std::vector<Mat> cores = random_cores(*s, 5);
        PhotonicTTCores photonic(*s, cores, o);
        CHECK(max_difference(photonic.ideal_cores(), cores) < 1e-10);
        CHECK(max_difference(realized(photonic), cores) < 1e-10);
        // The fixed gain: s_max = headroom x sigma_max of the tile, never trained.
        const auto& array = photonic.core_matrix(s->order() - 1).array();
        for (int t = 0; t < array.num_cores(); ++t) {
          Mat tile = Mat::Zero(o.core_size, o.core_size);
          const auto span = array.grid().tile(t);
          Mat p(photonic_rows(*s, s->order() - 1, reshape),
                photonic_cols(*s, s->order() - 1, reshape));
          core_to_photonic(*s, s->order() - 1, reshape, cores.back(), p);
          tile.topLeftCorner(span.rows, span.cols) =
              p.block(span.row0, span.col0, span.rows, span.cols);
          const double sigma_max = Eigen::JacobiSVD<Mat>(tile).singularValues()[0];
          CHECK(array.core(t).s_max() == doctest::Approx(headroom * sigma_max).epsilon(1e-12));
        }
      }
}

TEST_CASE("A TT layer on ideally programmed phases gives the digital layer's output") {
  const std::vector<Mat> cores = random_cores(kHjb2, 9);
  const Vec bias = Vec::LinSpaced(kHjb2.out_dim(), -1.0, 1.0);
  TTLayer digital(std::make_unique<DigitalCores>(kHjb2, cores), bias);
  TTLayer photonic(std::make_unique<PhotonicTTCores>(kHjb2, cores, PhotonicOptions{}), bias);
  digital.realize();
  photonic.realize();
  const Eigen::Index rows = 13;
  const Mat X = Mat::Random(rows, kHjb2.in_dim());
  Mat yd(rows, kHjb2.out_dim()), yp(rows, kHjb2.out_dim());
  std::vector<double> scratch(std::max(digital.scratch_size(rows), photonic.scratch_size(rows)));
  digital.apply_linear(X.data(), yd.data(), rows, scratch.data());
  photonic.apply_linear(X.data(), yp.data(), rows, scratch.data());
  CHECK((yd - yp).cwiseAbs().maxCoeff() < 1e-10 * yd.cwiseAbs().maxCoeff());
}

TEST_CASE("With every effect off the chip's cores equal the ideal read-out exactly") {
  PhotonicTTCores photonic(kWide, random_cores(kWide, 4), PhotonicOptions{});
  const std::vector<Mat> ideal = photonic.ideal_cores();
  CHECK(max_difference(realized(photonic), ideal) == 0.0);
  // Also after new phases in [0, 2 pi) are programmed.
  Vec p = photonic.phases();
  Rng rng = make_rng(1, Stream::kOther);
  std::uniform_real_distribution<double> u(0.0, 2.0 * M_PI);
  for (Eigen::Index e = 0; e < p.size(); ++e) p[e] = u(rng);
  photonic.set_parameters(p.data());
  CHECK(max_difference(realized(photonic), photonic.ideal_cores()) == 0.0);
}

TEST_CASE("Published non-idealities change the cores slightly and reproducibly per seed") {
  const std::vector<Mat> cores = random_cores(kHjb2, 6);
  PhotonicTTCores a(kHjb2, cores, published_chip(17), 1);
  PhotonicTTCores same(kHjb2, cores, published_chip(17), 1);
  PhotonicTTCores other_seed(kHjb2, cores, published_chip(18), 1);
  PhotonicTTCores other_layer(kHjb2, cores, published_chip(17), 2);
  const std::vector<Mat> ca = realized(a);
  double scale = 0.0;
  for (const Mat& c : cores) scale = std::max(scale, c.cwiseAbs().maxCoeff());
  const double d = max_difference(ca, cores) / scale;
  CHECK(d > 1e-4);  // 8-bit voltage steps alone move phases by ~1e-2 rad
  CHECK(d < 0.2);
  CHECK(max_difference(realized(same), ca) == 0.0);
  CHECK(max_difference(realized(other_seed), ca) > 1e-6 * scale);
  CHECK(max_difference(realized(other_layer), ca) > 1e-6 * scale);
  // Static effects only: the same programmed state reads the same every time.
  CHECK(max_difference(realized(a), ca) == 0.0);
}

TEST_CASE("Dynamic phase noise is drawn once per programmed state from a seeded stream") {
  PhotonicOptions o = published_chip(3);
  o.non_idealities.phase_noise = true;
  const std::vector<Mat> cores = random_cores(kHjb1, 8);
  PhotonicTTCores a(kHjb1, cores, o), b(kHjb1, cores, o);
  const std::vector<Mat> first = realized(a), second = realized(a);
  CHECK(max_difference(first, second) > 0.0);  // a new state, a new draw
  CHECK(max_difference(realized(b), first) == 0.0);
  CHECK(max_difference(realized(b), second) == 0.0);
  // A TT layer realises once per programmed state, however many batches it then applies.
  TTLayer layer(a.clone(), Vec::Zero(kHjb1.out_dim()));
  layer.realize();
  const std::vector<Mat> state = layer.effective_cores();
  const Mat X = Mat::Random(4, kHjb1.in_dim());
  Mat y(4, kHjb1.out_dim());
  std::vector<double> scratch(layer.scratch_size(4));
  for (int batch = 0; batch < 3; ++batch) layer.apply_linear(X.data(), y.data(), 4, scratch.data());
  CHECK(max_difference(layer.effective_cores(), state) == 0.0);
}

TEST_CASE("Perturbing one core's phase group changes only that core") {
  PhotonicTTCores photonic(kWide, random_cores(kWide, 2), published_chip(5));
  const std::vector<Mat> before = realized(photonic);
  const auto groups = photonic.parameter_groups();
  REQUIRE(groups.size() == 3);
  CHECK(groups[1].name == "core1");
  Vec p = photonic.phases();
  const Eigen::Index offset = groups[0].size;
  p.segment(offset, groups[1].size).array() += 0.05;
  photonic.set_parameters(p.data());
  const std::vector<Mat> after = realized(photonic);
  CHECK(after[0] == before[0]);
  CHECK(after[2] == before[2]);
  CHECK((after[1] - before[1]).cwiseAbs().maxCoeff() > 1e-3);
}

TEST_CASE("Realising again reuses the core buffers") {
  PhotonicTTCores photonic(kHjb1, random_cores(kHjb1, 1), published_chip(1));
  std::vector<Mat> cores;
  photonic.realize(cores);
  std::vector<const double*> data;
  for (const Mat& c : cores) data.push_back(c.data());
  photonic.realize(cores);
  for (std::size_t k = 0; k < cores.size(); ++k) CHECK(cores[k].data() == data[k]);
}

TEST_CASE("Photonic options reject a gain below the largest singular value") {
  PhotonicOptions o;
  o.s_max_headroom = 0.9;
  CHECK_THROWS_AS(o.validate(), InputError);
  o.s_max_headroom = 1.0;
  o.core_size = 1;
  CHECK_THROWS_AS(PhotonicTTCores(kHjb1, random_cores(kHjb1, 1), o), InputError);
  CHECK_THROWS_AS(PhotonicTTCores(kHjb1, random_cores(kHjb2, 1), PhotonicOptions{}), InputError);
}
