#include <doctest/doctest.h>

#include <cmath>

#include "core/rng.hpp"
#include "tonn/dense_layer.hpp"
#include "tonn/network_builder.hpp"

using namespace tonnsim;
using namespace tonnsim::tonn;

namespace {

// A small network with a dense and a TT hidden layer; small blocks so that evaluations
// cross block boundaries and leave remainders.
NetworkSpec small_spec(ActivationKind kind, double omega0, TTForward mode = TTForward::kContract) {
  NetworkSpec s;
  s.input_dim = 3;
  const Activation act{kind, omega0};
  s.layers = {{LayerType::kDense, 8, {}, {}, 0, act},
              {LayerType::kTT, 0, {2, 4}, {4, 2}, 2, act},
              {LayerType::kTT, 0, {2, 2, 2}, {3, 1, 2}, 2, act},
              {LayerType::kDense, 1, {}, {}, 0, Activation{ActivationKind::kIdentity, 1.0}}};
  s.init = kind == ActivationKind::kSine ? InitRule::kSiren : InitRule::kGlorot;
  s.tt_forward = mode;
  s.seed = 11;
  s.options.block_rows = 16;
  return s;
}

Mat random_points(Eigen::Index D, Eigen::Index B, std::uint64_t seed) {
  Rng rng = make_rng(seed, Stream::kSampling);
  std::uniform_real_distribution<double> u(-1.0, 1.0);
  Mat X(D, B);
  for (Eigen::Index e = 0; e < X.size(); ++e) X.data()[e] = u(rng);
  return X;
}

// Each layer's dense effective weight, in a network of dense layers.
Network rebuilt_dense(Network& net) {
  net.realize();
  Network d(net.input_dim(), net.options());
  for (int l = 0; l < net.num_layers(); ++l)
    d.add_layer(std::make_unique<DenseLayer>(net.layer(l).dense_weight(), net.layer(l).bias()),
                net.activation(l));
  return d;
}

}  // namespace

TEST_CASE("Network jets agree with central finite differences") {
  for (ActivationKind kind : {ActivationKind::kSine, ActivationKind::kTanh}) {
    CAPTURE(to_string(kind));
    Network net = build_network(small_spec(kind, 3.0));
    const Eigen::Index D = 3, B = 9;
    const Mat X = random_points(D, B, 5);
    Vec value(B);
    Mat grad(D, B), hess(D, B);
    net.evaluate_jet(X, value, grad, hess);

    Vec f0(B);
    net.evaluate(X, f0);
    CHECK((value - f0).cwiseAbs().maxCoeff() < 1e-14);
    // h balances truncation O(h^2) against rounding O(eps/h) resp. O(eps/h^2).
    const double hg = 1e-5, hh = 1e-4;
    for (Eigen::Index j = 0; j < D; ++j) {
      Vec fpg(B), fmg(B), fph(B), fmh(B);
      Mat Xp = X, Xm = X;
      Xp.row(j).array() += hg;
      Xm.row(j).array() -= hg;
      net.evaluate(Xp, fpg);
      net.evaluate(Xm, fmg);
      Xp = X;
      Xm = X;
      Xp.row(j).array() += hh;
      Xm.row(j).array() -= hh;
      net.evaluate(Xp, fph);
      net.evaluate(Xm, fmh);
      const Vec fd_grad = (fpg - fmg) / (2 * hg);
      const Vec fd_hess = (fph - 2 * f0 + fmh) / (hh * hh);
      const double gscale = grad.cwiseAbs().maxCoeff(), hscale = hess.cwiseAbs().maxCoeff();
      CHECK(gscale > 1e-3);
      CHECK(hscale > 1e-3);
      for (Eigen::Index b = 0; b < B; ++b) {
        CHECK(std::abs(grad(j, b) - fd_grad(b)) <= 1e-6 * (std::abs(fd_grad(b)) + 1e-2 * gscale));
        CHECK(std::abs(hess(j, b) - fd_hess(b)) <= 1e-4 * (std::abs(fd_hess(b)) + 1e-2 * hscale));
      }
    }
  }
}

TEST_CASE("Stencil evaluation equals evaluation on the explicitly formed points") {
  // A sine first layer is evaluated on the stencil by the angle-sum identity
  // (first_layer_sincos); omega0 = 30 (SIREN, the flagship) puts its arguments at O(30),
  // and shifts of 1e-4 test the half-angle form of cos s' - 1.
  for (const double omega0 : {3.0, 30.0})
    for (const double shift_scale : {0.1, 1e-4}) {
      CAPTURE(omega0);
      CAPTURE(shift_scale);
      Network net = build_network(small_spec(ActivationKind::kSine, omega0));
      const Eigen::Index D = 3, B = 5, K = 7;  // 35 inputs: blocks of 16 split points
      const Mat X = random_points(D, B, 1), S = shift_scale * random_points(D, K, 2);
      Mat Y(K, B);
      net.evaluate_stencil(X, S, Y);
      Mat pts(D, K * B);
      for (Eigen::Index b = 0; b < B; ++b) pts.middleCols(b * K, K) = S.colwise() + X.col(b);
      Vec y(K * B);
      net.evaluate(pts, y);
      CHECK((Eigen::Map<const Vec>(Y.data(), K * B) - y).cwiseAbs().maxCoeff() < 1e-12);
      // The base-class default (explicit points) agrees as well.
      Mat Ydefault(K, B);
      net.BatchFunction::evaluate_stencil(X, S, Ydefault);
      CHECK((Y - Ydefault).cwiseAbs().maxCoeff() < 1e-12);
    }
}

TEST_CASE("A network with TT layers equals the same network with rebuilt dense weights") {
  for (TTForward mode : {TTForward::kContract, TTForward::kDense}) {
    CAPTURE(to_string(mode));
    Network tt = build_network(small_spec(ActivationKind::kSine, 3.0, mode));
    Network dense = rebuilt_dense(tt);
    const Mat X = random_points(3, 40, 9);
    Vec a(40), b(40);
    tt.evaluate(X, a);
    dense.evaluate(X, b);
    CHECK((a - b).cwiseAbs().maxCoeff() < 1e-12);
  }
}

TEST_CASE("Forward pass equals the layer-by-layer definition") {
  Network net = build_network(small_spec(ActivationKind::kTanh, 1.0));
  net.realize();
  const Mat X = random_points(3, 21, 4);
  Mat z = X;
  for (int l = 0; l < net.num_layers(); ++l) {
    z = (net.layer(l).dense_weight() * z).colwise() + net.layer(l).bias();
    if (net.activation(l).kind == ActivationKind::kTanh) z = z.array().tanh().matrix();
  }
  Mat Y(1, 21);
  net.forward(X, Y);
  CHECK((Y - z).cwiseAbs().maxCoeff() < 1e-13);
}

TEST_CASE("Bad network inputs name the field") {
  Network net = build_network(small_spec(ActivationKind::kSine, 3.0));
  Vec y(4);
  CHECK_THROWS_WITH_AS(net.evaluate(Mat::Zero(2, 4), y), doctest::Contains("input rows = 2"),
                       InputError);
  NetworkSpec bad = small_spec(ActivationKind::kSine, 3.0);
  bad.layers[1].in_modes = {2, 3};
  CHECK_THROWS_WITH_AS(build_network(bad), doctest::Contains("layers[1].in_modes = 6: is the product of the modes"),
                       InputError);
}

TEST_CASE("A single-precision network agrees with double to float rounding, on the stencil, "
          "the forward pass and with rebuilt dense TT weights") {
  // Three sine layers of omega0 = 3 and a read-out: each layer adds a few float roundings
  // (2^-24 ~ 6e-8) relative to its activations, amplified by at most omega0 |A| per layer;
  // 1e-5 of the output scale bounds that with room, and 1e-9 would fail (float, not double).
  for (TTForward mode : {TTForward::kContract, TTForward::kDense}) {
    CAPTURE(to_string(mode));
    NetworkSpec s = small_spec(ActivationKind::kSine, 3.0, mode);
    Network f64 = build_network(s);
    s.options.precision = Precision::kF32;
    Network f32 = build_network(s);
    const Mat X = random_points(3, 21, 2);
    Mat S = 0.1 * random_points(3, 9, 3);
    S.col(0).setZero();  // shift 0: the stencil's row 0 is f at the points
    Mat y64(9, 21), y32(9, 21);
    f64.evaluate_stencil(X, S, y64);
    f32.evaluate_stencil(X, S, y32);
    const double scale = y64.cwiseAbs().maxCoeff();
    CHECK((y32 - y64).cwiseAbs().maxCoeff() < 1e-5 * scale);
    CHECK((y32 - y64).cwiseAbs().maxCoeff() > 1e-9 * scale);
    Vec v64(21), v32(21);
    f64.evaluate(X, v64);
    f32.evaluate(X, v32);
    CHECK((v32 - v64).cwiseAbs().maxCoeff() < 1e-5 * scale);
    // The stencil's first-layer trick rounds differently from the plain forward pass, but
    // both stay within float rounding of each other.
    CHECK((y32.row(0).transpose() - v32).cwiseAbs().maxCoeff() < 1e-5 * scale);
  }
}

TEST_CASE("On the stencil, single precision evaluates each point in double and rounds only "
          "each input's change from its point, so the error scales with the shift") {
  // Network::prepare_centre: f(x + s) = f(x) + (f(x + s) - f(x)), the change carried in
  // float. Rounding the activations themselves (the plain float forward pass) leaves an
  // error of ~6e-8 of the output whatever the shift, i.e. about 1e-3 of the change for the
  // 1e-4 shifts below; the change form keeps it to float rounding of the change.
  for (ActivationKind kind : {ActivationKind::kSine, ActivationKind::kTanh, ActivationKind::kRelu}) {
    CAPTURE(to_string(kind));
    NetworkSpec s = small_spec(kind, 3.0);
    Network f64 = build_network(s);
    s.options.precision = Precision::kF32;
    Network f32 = build_network(s);
    const Mat X = random_points(3, 21, 2);
    for (double shift : {1e-1, 1e-4}) {
      CAPTURE(shift);
      Mat S = shift * random_points(3, 9, 3);
      S.col(0).setZero();
      Mat y64(9, 21), y32(9, 21);
      f64.evaluate_stencil(X, S, y64);
      f32.evaluate_stencil(X, S, y32);
      const double scale = y64.cwiseAbs().maxCoeff();
      // Shift 0: the point's own pass, in double.
      CHECK((y32.row(0) - y64.row(0)).cwiseAbs().maxCoeff() < 1e-13 * scale);
      const Mat change = y64.rowwise() - y64.row(0);
      const double err = (y32 - y64).cwiseAbs().maxCoeff(), moved = change.cwiseAbs().maxCoeff();
      MESSAGE(to_string(kind) << " shift " << shift << ": error / largest change "
                              << err / moved << ", error / output " << err / scale);
      REQUIRE(moved > 0.0);
      CHECK(err < 1e-5 * moved);
      CHECK(err > 0.0);  // float, not double
    }
  }
}
