#pragma once
// Small analytic networks for the pinn tests: closed-form values, jets and Gaussian
// smoothings, so estimators can be checked against exact answers.
#include <cmath>
#include <random>

#include "core/rng.hpp"
#include "core/types.hpp"
#include "tonn/batch_function.hpp"

namespace tonnsim::pinn::testing {

using tonn::ConstMatRef;
using tonn::MatRef;
using tonn::VecRef;

/// Counts network calls, to check that an estimate is one batched call.
class CountingFunction : public tonn::DifferentiableBatchFunction {
 public:
  int evaluate_calls = 0, stencil_calls = 0, jet_calls = 0;
  void evaluate_stencil(const ConstMatRef& X, const ConstMatRef& S, MatRef Y) override {
    ++stencil_calls;
    const int before = evaluate_calls;
    BatchFunction::evaluate_stencil(X, S, Y);
    evaluate_calls = before;  // the default stencil path calls evaluate(); not counted
  }
  void evaluate(const ConstMatRef& X, VecRef y) override {
    ++evaluate_calls;
    eval(X, y);
  }
  void evaluate_jet(const ConstMatRef& X, VecRef v, MatRef g, MatRef h) override {
    ++jet_calls;
    jet(X, v, g, h);
  }

 protected:
  virtual void eval(const ConstMatRef& X, VecRef y) const = 0;
  virtual void jet(const ConstMatRef& X, VecRef v, MatRef g, MatRef h) const = 0;
};

/// f(x) = sum_i a_i x_i^3 + sum_i b_i x_i x_{i+1}^2 + sum_i e_i x_i^2 + c.x
/// Its Gaussian smoothing is f + sigma^2/2 Lap f exactly (odd moments vanish, fourth
/// derivatives are zero), with Lap f = sum_i (6 a_i + 2 b_i) x_i + 2 sum e_i
/// (b_i x_i x_{i+1}^2 contributes 2 b_i x_i), so grad u_sigma = grad f +
/// sigma^2/2 (6a + 2b) and the Hessian diagonal is unchanged.
class Cubic : public CountingFunction {
 public:
  Vec a, b, e, c;  // b has D entries, b(D-1) unused (set to 0)
  explicit Cubic(int dim, std::uint64_t seed = 1) {
    Rng rng = make_rng(seed, Stream::kOther, 0);
    std::uniform_real_distribution<double> u(-1.0, 1.0);
    a = Vec::NullaryExpr(dim, [&] { return u(rng); });
    b = Vec::NullaryExpr(dim, [&] { return u(rng); });
    e = Vec::NullaryExpr(dim, [&] { return u(rng); });
    c = Vec::NullaryExpr(dim, [&] { return u(rng); });
    b(dim - 1) = 0.0;
  }
  int input_dim() const override { return int(a.size()); }

  /// Jet of the smoothed function u_sigma.
  void smoothed_jet(const ConstMatRef& X, double sigma, VecRef v, MatRef g, MatRef h) const {
    jet(X, v, g, h);
    const Vec lap_grad = 6.0 * a + 2.0 * b;
    const double lap_const = 2.0 * e.sum();
    v += 0.5 * sigma * sigma * ((lap_grad.transpose() * X).transpose().array() + lap_const).matrix();
    g.colwise() += 0.5 * sigma * sigma * lap_grad;
  }

 protected:
  void eval(const ConstMatRef& X, VecRef y) const override {
    const Eigen::Index D = X.rows();
    for (Eigen::Index k = 0; k < X.cols(); ++k) {
      double s = 0.0;
      for (Eigen::Index i = 0; i < D; ++i) {
        const double x = X(i, k);
        s += a(i) * x * x * x + e(i) * x * x + c(i) * x;
        if (i + 1 < D) s += b(i) * x * X(i + 1, k) * X(i + 1, k);
      }
      y(k) = s;
    }
  }
  void jet(const ConstMatRef& X, VecRef v, MatRef g, MatRef h) const override {
    eval(X, v);
    const Eigen::Index D = X.rows();
    for (Eigen::Index k = 0; k < X.cols(); ++k)
      for (Eigen::Index i = 0; i < D; ++i) {
        const double x = X(i, k);
        double gi = 3.0 * a(i) * x * x + 2.0 * e(i) * x + c(i);
        double hi = 6.0 * a(i) * x + 2.0 * e(i);
        if (i + 1 < D) gi += b(i) * X(i + 1, k) * X(i + 1, k);
        if (i > 0) {
          gi += 2.0 * b(i - 1) * X(i - 1, k) * x;
          hi += 2.0 * b(i - 1) * X(i - 1, k);
        }
        g(i, k) = gi;
        h(i, k) = hi;
      }
  }
};

/// A one-hidden-layer sine network f(x) = sum_h v_h sin(w_h . x + b_h) + c, the shape
/// of the SIREN networks trained here. E sin(w.(x + sigma z) + b) =
/// exp(-sigma^2 |w|^2 / 2) sin(w.x + b), so its smoothing is the same network with
/// damped output weights.
class SineMlp : public CountingFunction {
 public:
  Mat W;  // H x D
  Vec bias, v;
  double c = 0.3;
  SineMlp(int dim, int hidden, double scale, std::uint64_t seed = 2) {
    Rng rng = make_rng(seed, Stream::kOther, 1);
    std::normal_distribution<double> n;
    W = Mat::NullaryExpr(hidden, dim, [&] { return scale * n(rng); });
    bias = Vec::NullaryExpr(hidden, [&] { return n(rng); });
    v = Vec::NullaryExpr(hidden, [&] { return n(rng) / std::sqrt(double(hidden)); });
  }
  int input_dim() const override { return int(W.cols()); }
  SineMlp smoothed(double sigma) const {
    SineMlp s = *this;
    s.v = v.array() * (-0.5 * sigma * sigma * W.rowwise().squaredNorm().array()).exp();
    return s;
  }
  void jet_of(const ConstMatRef& X, VecRef val, MatRef g, MatRef h) const { jet(X, val, g, h); }

 protected:
  void eval(const ConstMatRef& X, VecRef y) const override {
    y = ((W * X).colwise() + bias).array().sin().matrix().transpose() * v;
    y.array() += c;
  }
  void jet(const ConstMatRef& X, VecRef val, MatRef g, MatRef h) const override {
    const Mat pre = (W * X).colwise() + bias;
    const Mat s = pre.array().sin(), co = pre.array().cos();
    val = s.transpose() * v;
    val.array() += c;
    g = W.transpose() * (co.array().colwise() * v.array()).matrix();
    h = -W.array().square().matrix().transpose() * (s.array().colwise() * v.array()).matrix();
  }
};

/// f = constant.
class Constant : public CountingFunction {
 public:
  Constant(int dim, double value) : dim_(dim), value_(value) {}
  int input_dim() const override { return dim_; }

 protected:
  void eval(const ConstMatRef&, VecRef y) const override { y.setConstant(value_); }
  void jet(const ConstMatRef&, VecRef v, MatRef g, MatRef h) const override {
    v.setConstant(value_);
    g.setZero();
    h.setZero();
  }

 private:
  int dim_;
  double value_;
};

/// A network that is only a BatchFunction (like the photonic model): no exact jet.
class ForwardOnly : public tonn::BatchFunction {
 public:
  explicit ForwardOnly(int dim) : dim_(dim) {}
  int input_dim() const override { return dim_; }
  void evaluate(const ConstMatRef& X, VecRef y) override { y = X.colwise().sum().transpose(); }

 private:
  int dim_;
};

}  // namespace tonnsim::pinn::testing
