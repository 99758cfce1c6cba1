#include <doctest/doctest.h>

#include <array>
#include <cmath>
#include <vector>

#include "core/error.hpp"
#include "pinn/domain_sampling.hpp"
#include "pinn/exact_derivatives.hpp"
#include "pinn/finite_difference.hpp"
#include "tonn/stencil_family.hpp"
#include "test_functions.hpp"

using namespace tonnsim;
using namespace tonnsim::pinn;
using testing::SineMlp;

TEST_CASE("Central finite differences converge with order 2") {
  const int D = 4;
  SineMlp f(D, 10, 1.0);
  Rng rng = make_rng(5, Stream::kSampling, 0);
  const Mat X = sample_box(rng, Vec::Constant(D, -1.0), Vec::Ones(D), 12);
  Jet ref, jet;
  ref.resize(D, X.cols());
  f.jet_of(X, ref.value, ref.grad, ref.hess_diag);
  double eg[2], eh[2];
  const double h0 = 0.02;
  for (int i = 0; i < 2; ++i) {
    FiniteDifference est(D, {h0 / (1 << i)});
    est.estimate(f, X, jet);
    eg[i] = (jet.grad - ref.grad).norm();
    eh[i] = (jet.hess_diag - ref.hess_diag).norm();
    CHECK((jet.value - ref.value).norm() < 1e-14);
  }
  const double order_g = std::log2(eg[0] / eg[1]), order_h = std::log2(eh[0] / eh[1]);
  MESSAGE("measured order: gradient " << order_g << ", Hessian diagonal " << order_h);
  CHECK(order_g == doctest::Approx(2.0).epsilon(0.05));
  CHECK(order_h == doctest::Approx(2.0).epsilon(0.05));
}

TEST_CASE("Finite-difference stencil is {0, +-h e_j} and its value needs only x") {
  FiniteDifference est(3, {0.1});
  CHECK(est.evaluations_per_point() == 7);
  CHECK(est.shifts()(1, 3) == doctest::Approx(0.1));
  CHECK(est.shifts()(1, 4) == doctest::Approx(-0.1));
  SineMlp f(3, 4, 1.0);
  Vec v(5);
  const Mat X = Mat::Random(3, 5);
  est.value(f, X, v);
  Vec ref(5);
  f.evaluate(X, ref);
  CHECK((v - ref).norm() < 1e-15);
  CHECK_THROWS_WITH_AS(FiniteDifference(3, {0.0}), doctest::Contains("step = 0"), InputError);
}

TEST_CASE("Exact estimator passes the analytic jet through in one call") {
  SineMlp f(3, 5, 1.0);
  ExactDerivatives est(3);
  const Mat X = Mat::Random(3, 4);
  Jet jet, ref;
  ref.resize(3, 4);
  est.estimate(f, X, jet);
  f.jet_of(X, ref.value, ref.grad, ref.hess_diag);
  CHECK(f.jet_calls == 1);
  CHECK(f.stencil_calls == 0);
  CHECK((jet.grad - ref.grad).norm() == 0.0);
  // The analytic jet agrees with finite differences.
  FiniteDifference fd(3, {1e-4});
  Jet num;
  fd.estimate(f, X, num);
  CHECK((num.grad - ref.grad).norm() < 1e-7);
  CHECK((num.hess_diag - ref.hess_diag).norm() < 1e-5);
}

TEST_CASE("Exact estimator rejects a network without derivatives") {
  testing::ForwardOnly f(3);
  ExactDerivatives est(3);
  Jet jet;
  CHECK_THROWS_WITH_AS(est.estimate(f, Mat::Zero(3, 2), jet),
                       doctest::Contains("no exact derivatives"), InputError);
}

namespace {
/// Counts the points a wrapped function is evaluated at (the default stencil path
/// evaluates X + S through evaluate()).
class PointCounter : public tonn::BatchFunction {
 public:
  explicit PointCounter(tonn::BatchFunction& f) : f_(f) {}
  long points = 0;
  int input_dim() const override { return f_.input_dim(); }
  void evaluate(const ConstMatRef& X, VecRef y) override {
    points += long(X.cols());
    f_.evaluate(X, y);
  }

 private:
  tonn::BatchFunction& f_;
};
}  // namespace

TEST_CASE("Finite differences give the head's jets and the tail's values at one evaluation per tail point") {
  // A PINN loss reads only the value at its boundary points; with finite differences the
  // value is f(x), so those points need x alone, not the 2D + 1 stencil.
  const int D = 5;
  FiniteDifference est(D, {0.05});
  SineMlp f(D, 8, 1.0);
  PointCounter counted(f);
  Rng rng = make_rng(9, Stream::kSampling, 0);
  const Mat X = sample_box(rng, Vec::Constant(D, -1.0), Vec::Ones(D), 10);
  Jet full, head;
  est.estimate(f, X, full);
  const Eigen::Index n_jet = 6;
  est.estimate_head(counted, X, n_jet, head);
  CHECK(counted.points == n_jet * (2 * D + 1) + (X.cols() - n_jet));
  CHECK(est.head_value_evaluations_per_point() == 1);
  CHECK((head.value - full.value).norm() == 0.0);
  CHECK((head.grad.leftCols(n_jet) - full.grad.leftCols(n_jet)).norm() == 0.0);
  CHECK((head.hess_diag.leftCols(n_jet) - full.hess_diag.leftCols(n_jet)).norm() == 0.0);
  CHECK(head.grad.rightCols(X.cols() - n_jet).isZero(0.0));
  CHECK(head.hess_diag.rightCols(X.cols() - n_jet).isZero(0.0));
  // All head or all tail.
  Jet all, none;
  est.estimate_head(f, X, X.cols(), all);
  CHECK((all.grad - full.grad).norm() == 0.0);
  est.estimate_head(f, X, 0, none);
  CHECK((none.value - full.value).norm() == 0.0);
}

namespace {
/// Two networks as a family, through StencilFamily's default member-by-member stencil.
class TwoMembers : public tonn::StencilFamily {
 public:
  TwoMembers(tonn::BatchFunction& a, tonn::BatchFunction& b) : members_{&a, &b} {}
  int size() const override { return 2; }
  tonn::BatchFunction& member(int m) override { return *members_[std::size_t(m)]; }

 private:
  std::array<tonn::BatchFunction*, 2> members_;
};
}  // namespace

TEST_CASE("A family's head estimates equal its members' own, for every head size") {
  const int D = 4;
  FiniteDifference est(D, {0.05});
  SineMlp a(D, 8, 1.0, 3), b(D, 8, 0.5, 4);
  TwoMembers family(a, b);
  Rng rng = make_rng(11, Stream::kSampling, 0);
  const Mat X = sample_box(rng, Vec::Constant(D, -1.0), Vec::Ones(D), 7);
  for (Eigen::Index n_jet : {Eigen::Index(0), Eigen::Index(3), X.cols()}) {
    CAPTURE(n_jet);
    std::vector<Jet> jets;
    est.estimate_family_head(family, X, n_jet, jets);
    REQUIRE(jets.size() == 2);
    for (int m = 0; m < 2; ++m) {
      Jet own;
      est.estimate_head(family.member(m), X, n_jet, own);
      CHECK((jets[std::size_t(m)].value - own.value).norm() == 0.0);
      CHECK((jets[std::size_t(m)].grad - own.grad).norm() == 0.0);
      CHECK((jets[std::size_t(m)].hess_diag - own.hess_diag).norm() == 0.0);
    }
  }
}
