#include "tonn/network_gradient.hpp"

#include <doctest/doctest.h>

#include <omp.h>

#include <functional>
#include <utility>

#include "core/error.hpp"
#include "core/rng.hpp"
#include "tonn/dense_layer.hpp"
#include "tonn/initialization.hpp"
#include "tonn/network_builder.hpp"
#include "tonn/photonic_network.hpp"

using namespace tonnsim;
using namespace tonnsim::tonn;

namespace {

// D = 6 inputs, a TT or dense first layer, a TT and a dense hidden layer, a dense linear
// output. Blocks of 16 rows cross point boundaries of the stencils below and leave
// remainders.
NetworkSpec small_spec(ActivationKind kind, bool tt_first, Eigen::Index outputs = 1) {
  NetworkSpec s;
  s.input_dim = 6;
  const Activation act{kind, kind == ActivationKind::kSine ? 2.0 : 1.0};
  const LayerSpec first = tt_first ? LayerSpec{LayerType::kTT, 0, {2, 3}, {4, 2}, 2, act}
                                   : LayerSpec{LayerType::kDense, 8, {}, {}, 0, act};
  s.layers = {first,
              {LayerType::kTT, 0, {2, 2, 2}, {3, 1, 2}, 2, act},
              {LayerType::kDense, 5, {}, {}, 0, act},
              {LayerType::kDense, outputs, {}, {}, 0, Activation{ActivationKind::kIdentity, 1.0}}};
  s.init = kind == ActivationKind::kSine ? InitRule::kSiren : InitRule::kGlorot;
  s.seed = 7;
  s.options.block_rows = 16;
  return s;
}

// Entries uniform in [-scale, scale].
Mat random_matrix(Eigen::Index rows, Eigen::Index cols, double scale, std::uint64_t seed) {
  Rng rng = make_rng(seed, Stream::kSampling);
  return uniform_matrix(rows, cols, scale, rng);
}

// Central differences of s(theta) in every parameter; h balances the truncation error
// O(h^2) against rounding O(eps / h).
Vec fd_gradient(Network& net, const std::function<double()>& s, double h = 1e-5) {
  const Vec theta = net.parameters();
  Vec g(theta.size());
  for (Eigen::Index i = 0; i < theta.size(); ++i) {
    Vec t = theta;
    t(i) += h;
    net.set_parameters(t);
    const double up = s();
    t(i) = theta(i) - h;
    net.set_parameters(t);
    g(i) = (up - s()) / (2 * h);
  }
  net.set_parameters(theta);
  return g;
}

// Entry-wise relative error with a floor at 1e-3 of the largest entry (entries that are
// zero up to rounding, e.g. ReLU units that are off everywhere).
double relative_error(const Vec& g, const Vec& ref) {
  const double floor = 1e-3 * ref.cwiseAbs().maxCoeff();
  return ((g - ref).array().abs() / ref.array().abs().max(floor)).maxCoeff();
}

// Sparse-grid-like shifts: column k has at most two nonzero coordinates.
Mat sparse_shifts(Eigen::Index D, Eigen::Index K, std::uint64_t seed) {
  const Mat values = random_matrix(2, K, 0.3, seed);
  Mat S = Mat::Zero(D, K);
  for (Eigen::Index k = 1; k < K; ++k) {
    S(k % D, k) = values(0, k);
    if (k % 3 == 0) S((k / D + k + 1) % D, k) = values(1, k);
  }
  return S;
}

}  // namespace

TEST_CASE("The stencil reverse pass agrees with central finite differences") {
  for (ActivationKind kind : {ActivationKind::kSine, ActivationKind::kTanh, ActivationKind::kRelu,
                              ActivationKind::kIdentity})
    for (bool tt_first : {true, false}) {
      CAPTURE(to_string(kind));
      CAPTURE(tt_first);
      Network net = build_network(small_spec(kind, tt_first));
      const Mat X = random_matrix(6, 3, 1.0, 1), S = random_matrix(6, 7, 0.3, 2);
      const Mat C = random_matrix(7, 3, 1.0, 3);
      Mat Y(7, 3);
      auto s = [&] {
        net.evaluate_stencil(X, S, Y);
        return (C.array() * Y.array()).sum();
      };
      NetworkGradient bp;
      Vec g;
      bp.stencil(net, X, S, C, g);
      REQUIRE(g.size() == net.num_parameters());
      CHECK(relative_error(g, fd_gradient(net, s)) < 1e-6);
    }
}

TEST_CASE("The batch reverse pass of a two-output network agrees with finite differences") {
  for (ActivationKind kind : {ActivationKind::kSine, ActivationKind::kTanh}) {
    CAPTURE(to_string(kind));
    Network net = build_network(small_spec(kind, true, 2));
    const Mat X = random_matrix(6, 37, 1.0, 4), C = random_matrix(2, 37, 1.0, 5);
    Mat Y(2, 37);
    auto s = [&] {
      net.forward(X, Y);
      return (C.array() * Y.array()).sum();
    };
    NetworkGradient bp;
    Vec g;
    bp.batch(net, X, C, g);
    CHECK(relative_error(g, fd_gradient(net, s)) < 1e-6);
  }
}

TEST_CASE("The stencil gradient equals the batch gradient on the expanded points") {
  // The first layer's P X^T + Q S^T shortcut against the plain reverse pass on x_b + s_k,
  // for stencils shorter than a block (several points per block) and longer (blocks in
  // shift chunks of 16, the last one short).
  // Dense shifts and sparse ones (at most two coordinates each, as a sparse grid's), which
  // take the first layer's S^T Q from S's nonzeros.
  for (bool tt_first : {true, false})
    for (bool sparse : {false, true})
    for (auto [B, K] : {std::pair<Eigen::Index, Eigen::Index>{5, 11}, {3, 37}, {11, 37}}) {
      CAPTURE(tt_first);
      CAPTURE(sparse);
      CAPTURE(K);
      Network net = build_network(small_spec(ActivationKind::kSine, tt_first));
      const Mat X = random_matrix(6, B, 1.0, 6);
      const Mat S = sparse ? sparse_shifts(6, K, 7) : random_matrix(6, K, 0.3, 7);
      const Mat C = random_matrix(K, B, 1.0, 8);
      Mat Xe(6, B * K), Ce(1, B * K);
      for (Eigen::Index b = 0; b < B; ++b)
        for (Eigen::Index k = 0; k < K; ++k) {
          Xe.col(b * K + k) = X.col(b) + S.col(k);
          Ce(0, b * K + k) = C(k, b);
        }
      NetworkGradient bp;
      Vec gs, gb;
      bp.stencil(net, X, S, C, gs);
      bp.batch(net, Xe, Ce, gb);
      CHECK((gs - gb).norm() <= 1e-12 * gb.norm());
    }
}

TEST_CASE("TT core gradients are the dense-rebuild weight gradients mapped through the cores") {
  // A is multilinear in the cores, so dA/dG_k(e) is A with core k replaced by the unit
  // core e: dL/dG_k(e) = <dL/dA, A(G_1 .. E_e .. G_d)>.
  Network net = build_network(small_spec(ActivationKind::kTanh, true));
  net.realize();
  Network rebuilt(net.input_dim(), net.options());
  for (int l = 0; l < net.num_layers(); ++l)
    rebuilt.add_layer(
        std::make_unique<DenseLayer>(net.layer(l).dense_weight(), net.layer(l).bias()),
        net.activation(l));
  const Mat X = random_matrix(6, 20, 1.0, 9), C = random_matrix(1, 20, 1.0, 10);
  NetworkGradient bp;
  Vec g_tt, g_dense;
  bp.batch(net, X, C, g_tt);
  bp.batch(rebuilt, X, C, g_dense);

  const auto& groups = net.parameter_groups();
  for (int l = 0; l < net.num_layers(); ++l) {
    const auto* tt = dynamic_cast<const TTLayer*>(&net.layer(l));
    const int weight = rebuilt.group_index("layer" + std::to_string(l) + "/weight");
    const int bias_tt = net.group_index("layer" + std::to_string(l) + "/bias");
    const int bias_dense = rebuilt.group_index("layer" + std::to_string(l) + "/bias");
    const auto& gb = rebuilt.parameter_groups()[bias_dense];
    CHECK((g_tt.segment(groups[bias_tt].offset, gb.size) - g_dense.segment(gb.offset, gb.size))
              .norm() <= 1e-13 * g_dense.norm());
    const auto& gw = rebuilt.parameter_groups()[weight];
    const Eigen::Map<const Mat> dA(g_dense.data() + gw.offset, net.layer(l).out_dim(),
                                   net.layer(l).in_dim());
    if (tt == nullptr) continue;
    const TTShape& s = tt->shape();
    for (int k = 0; k < s.order(); ++k) {
      const auto& gc =
          groups[net.group_index("layer" + std::to_string(l) + "/core" + std::to_string(k))];
      for (Eigen::Index e = 0; e < gc.size; ++e) {
        std::vector<Mat> cores = tt->effective_cores();
        cores[k].setZero();
        cores[k].data()[e] = 1.0;
        const double expected = (dA.array() * dense_from_cores(s, cores).array()).sum();
        CHECK(g_tt(gc.offset + e) == doctest::Approx(expected).epsilon(1e-12).scale(1.0));
      }
    }
  }
}

TEST_CASE("Reverse passes are bit-identical from call to call") {
  Network net = build_network(small_spec(ActivationKind::kSine, true));
  const Mat X = random_matrix(6, 9, 1.0, 11), S = random_matrix(6, 13, 0.3, 12);
  const Mat C = random_matrix(13, 9, 1.0, 13);
  NetworkGradient bp;
  Vec g1, g2;
  bp.stencil(net, X, S, C, g1);
  bp.stencil(net, X, S, C, g2);
  CHECK(g1 == g2);
}

TEST_CASE("Stencil gradients are bit-identical for 1 and 2 threads and for any split of the "
          "point blocks, and the blocks add up to the whole gradient") {
  // Blocks of max(4, ceil(16 / K)) points: K = 37 (shift chunks of 16, the last short) and
  // K = 3 (6 points per block, rows of a block spanning points); B = 23 leaves a short
  // last block.
  const int threads_before = omp_get_max_threads();
  for (bool tt_first : {true, false})
    for (bool sparse : {false, true})
      for (Eigen::Index K : {37, 3}) {
        CAPTURE(tt_first);
        CAPTURE(sparse);
        CAPTURE(K);
        Network net = build_network(small_spec(ActivationKind::kSine, tt_first));
        const Eigen::Index B = 23;
        const Mat X = random_matrix(6, B, 1.0, 15);
        const Mat S = sparse ? sparse_shifts(6, K, 16) : random_matrix(6, K, 0.3, 16);
        const Mat C = random_matrix(K, B, 1.0, 17);
        const Eigen::Index n = NetworkGradient::stencil_block_count(16, B, K);
        // blocks of G >= 4 points that cover the B points with no empty block
        const Eigen::Index G = NetworkGradient::stencil_block_points(16, K);
        CHECK(G >= 4);
        CHECK(G * n >= B);
        CHECK(G * (n - 1) < B);
        omp_set_num_threads(1);
        NetworkGradient bp;
        Vec whole;
        bp.stencil(net, X, S, C, whole);
        Mat blocks(net.num_parameters(), n);
        bp.stencil_blocks(net, X, S, C, 0, n, blocks);
        for (int threads : {1, 2}) {
          CAPTURE(threads);
          omp_set_num_threads(threads);
          NetworkGradient other;
          Vec g;
          other.stencil(net, X, S, C, g);
          CHECK(g == whole);
          // Blocks computed in two ranges [0, a) and [a, n), as two processes would.
          for (Eigen::Index a = 0; a <= n; ++a) {
            Mat parts(net.num_parameters(), n);
            other.stencil_blocks(net, X, S, C, 0, a, parts.leftCols(a));
            other.stencil_blocks(net, X, S, C, a, n, parts.rightCols(n - a));
            CHECK(parts == blocks);
          }
        }
        Vec summed;
        NetworkGradient::sum_blocks(blocks, summed);
        CHECK(summed == whole);
        // Each block alone is the gradient of its own points' terms, whatever the other
        // points of the call.
        Vec first_block;
        NetworkGradient single;
        single.stencil(net, X.leftCols(G), S, C.leftCols(G), first_block);
        CHECK(Vec(blocks.col(0)) == first_block);
      }
  omp_set_num_threads(threads_before);
}

TEST_CASE("A photonic network has no exact parameter gradient here") {
  Network digital = build_network(small_spec(ActivationKind::kSine, true));
  Network photonic = make_photonic_network(digital, PhotonicOptions{});
  NetworkGradient bp;
  Vec g;
  CHECK_THROWS_AS(bp.batch(photonic, random_matrix(6, 4, 1.0, 14), Mat::Ones(1, 4), g), InputError);
}
