#include <doctest/doctest.h>

#include <algorithm>

#include "core/error.hpp"
#include "core/fused_multiply_add.hpp"
#include "core/rng.hpp"
#include "tonn/tt_contraction.hpp"
#include "tonn/tt_test_helpers.hpp"

using namespace tonnsim;
using namespace tonnsim::tonn;

namespace {


// Contracts a batch through the plan and compares with the dense rebuild, column by column.
double contraction_error(const TTShape& s, Eigen::Index rows, std::uint64_t seed) {
  const std::vector<Mat> cores = random_cores(s, seed);
  const Mat A = dense_from_cores(s, cores);
  TTContraction plan(s, cores);
  Rng rng = make_rng(seed, Stream::kOther, 1);
  std::normal_distribution<double> g;
  Mat Xt(rows, s.in_dim());
  for (Eigen::Index e = 0; e < Xt.size(); ++e) Xt.data()[e] = g(rng);
  Mat Yt(rows, s.out_dim());
  std::vector<double> scratch(plan.scratch_size(rows));
  plan.apply(Xt.data(), Yt.data(), rows, scratch.data());
  const Mat expected = Xt * A.transpose();
  return (Yt - expected).cwiseAbs().maxCoeff() / expected.cwiseAbs().maxCoeff();
}

}  // namespace

TEST_CASE("TT contraction equals the dense matrix rebuilt from the cores") {
  // Shapes cover both sweep orders, unit modes, unequal ranks and row counts that are
  // not multiples of the kernel tile.
  const TTShape hjb1 = TTShape::with_rank({1, 1, 3, 7}, {8, 4, 4, 4}, 2);
  const TTShape hjb2 = TTShape::with_rank({4, 4, 4, 8}, {8, 4, 4, 4}, 2);
  const TTShape mixed{{2, 3, 5}, {4, 1, 3}, {1, 3, 2, 1}};
  const TTShape reversed{{8, 2, 2}, {2, 2, 8}, {1, 2, 3, 1}};
  CHECK(sweep_cost(hjb2, SweepOrder::kRightToLeft) == 16384.0);
  CHECK(sweep_cost(hjb2, SweepOrder::kLeftToRight) == 49152.0);
  CHECK(TTContraction(reversed, random_cores(reversed, 1)).order() == SweepOrder::kLeftToRight);
  for (const TTShape* s : {&hjb1, &hjb2, &mixed, &reversed})
    for (Eigen::Index rows : {1, 16, 37})
      CHECK(contraction_error(*s, rows, 7 + rows) < 1e-12);
}

TEST_CASE("The slice kernel computes a blocked matrix product") {
  for (Eigen::Index F : {5, 16, 40})
    for (Eigen::Index N : {1, 3, 4, 7}) {
      const Eigen::Index Q = 6, S = 3;
      const Mat in = Mat::Random(F, Q * S), K = Mat::Random(Q, N);
      Mat out(F, N * S);
      contract_slices(in.data(), out.data(), F, Q, S, K);
      for (Eigen::Index s = 0; s < S; ++s)
        CHECK((out.middleCols(s * N, N) - in.middleCols(s * Q, Q) * K).cwiseAbs().maxCoeff() <
              1e-13);
    }
}

TEST_CASE("Every kernel tile gives each output the bits of one scalar multiply-add chain") {
  // out(f, n) = k(0, n) a(f, 0) rounded, then one fused multiply-add per q in order:
  // whatever tile (3, 2 or 1 vectors of rows, 1-8 columns) or scalar remainder computes
  // it, so a sample's result never depends on where it falls in a block. F covers every
  // tile count with and without a remainder, in double and float.
  const auto check = [](auto zero) {
    using T = decltype(zero);
    using M = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic>;
    for (Eigen::Index F : {1, 5, 8, 16, 24, 40, 48, 57, 100})
      for (Eigen::Index N : {1, 3, 8, 9, 12})
        for (Eigen::Index Q : {1, 6, 8}) {
          const Eigen::Index S = 2;
          const M in = M::Random(F, Q * S), K = M::Random(Q, N);
          M out(F, N * S), expected(F, N * S);
          contract_slices(in.data(), out.data(), F, Q, S, K);
          for (Eigen::Index s = 0; s < S; ++s)
            for (Eigen::Index n = 0; n < N; ++n)
              for (Eigen::Index f = 0; f < F; ++f) {
                T acc = K(0, n) * in(f, s * Q);
                for (Eigen::Index q = 1; q < Q; ++q) acc = madd(K(q, n), in(f, s * Q + q), acc);
                expected(f, s * N + n) = acc;
              }
          CHECK_MESSAGE(out == expected, "F " << F << ", N " << N << ", Q " << Q);
        }
  };
  check(0.0);
  check(0.0f);
}

TEST_CASE("The depth-first TT apply gives the bits of the breadth-first sweep") {
  // apply() runs right-to-left plans group by group (tt_contraction.hpp); the sweep of
  // steps() in order, each over all its slices, must give the same bits. Orders 1-5, both
  // sweep orders, row counts below, at and above a tile; nothing written past
  // scratch_size().
  const std::vector<TTShape> shapes = {
      TTShape::with_rank({4, 4, 4, 8}, {8, 4, 4, 4}, 2), TTShape{{6}, {5}, {1, 1}},
      TTShape{{3, 4}, {5, 2}, {1, 3, 1}},
      TTShape{{2, 3, 5}, {4, 1, 3}, {1, 3, 2, 1}}, TTShape{{8, 2, 2}, {2, 2, 8}, {1, 2, 3, 1}},
      TTShape::with_rank({2, 3, 2, 2, 3}, {3, 2, 2, 2, 2}, 3)};
  for (const TTShape& shape : shapes)
    for (Eigen::Index rows : {1, 16, 37, 64}) {
      const TTContraction plan(shape, random_cores(shape, 11));
      const Mat Xt = Mat::Random(rows, shape.in_dim());
      Mat got(rows, shape.out_dim());
      // scratch_size() must cover every level: guard values past its end stay untouched.
      constexpr double kGuard = -12345.0;
      std::vector<double> scratch(static_cast<std::size_t>(plan.scratch_size(rows) + 64), kGuard);
      plan.apply(Xt.data(), got.data(), rows, scratch.data());
      CHECK(std::all_of(scratch.end() - 64, scratch.end(), [](double v) { return v == kGuard; }));
      std::vector<double> src(Xt.data(), Xt.data() + Xt.size()), dst;
      for (const TTContraction::Step& st : plan.steps()) {
        dst.assign(static_cast<std::size_t>(rows * st.fast * st.slices * st.kernel.cols()), 0.0);
        contract_slices(src.data(), dst.data(), rows * st.fast, st.kernel.rows(), st.slices,
                        st.kernel);
        src.swap(dst);
      }
      CHECK_MESSAGE(got == Eigen::Map<const Mat>(src.data(), rows, shape.out_dim()),
                    "order " << shape.order() << ", rows " << rows);
    }
}

TEST_CASE("Reloading cores into a TT contraction plan equals building a new plan") {
  // The per-programmed-state path refills kernels in place; a new shape replans (here
  // also switching sweep order).
  const TTShape hjb2 = TTShape::with_rank({4, 4, 4, 8}, {8, 4, 4, 4}, 2);
  const TTShape reversed{{8, 2, 2}, {2, 2, 8}, {1, 2, 3, 1}};
  TTContraction reused(hjb2, random_cores(hjb2, 4));
  for (const auto& [shape, seed] : {std::pair{hjb2, 5}, std::pair{reversed, 6}}) {
    const std::vector<Mat> cores = random_cores(shape, seed);
    reused.set_cores(shape, cores);
    const TTContraction fresh(shape, cores);
    CHECK(reused.order() == fresh.order());
    CHECK(reused.cost() == fresh.cost());
    const Eigen::Index rows = 37;
    CHECK(reused.scratch_size(rows) == fresh.scratch_size(rows));
    const Mat Xt = Mat::Random(rows, shape.in_dim());
    Mat a(rows, shape.out_dim()), b(rows, shape.out_dim());
    std::vector<double> scratch(fresh.scratch_size(rows));
    reused.apply(Xt.data(), a.data(), rows, scratch.data());
    fresh.apply(Xt.data(), b.data(), rows, scratch.data());
    CHECK(a == b);
  }
  CHECK_THROWS_AS(reused.set_cores(hjb2, random_cores(reversed, 7)), InputError);
}

TEST_CASE("The single-precision slice kernel and plan agree with double to float rounding") {
  // Float tiles hold twice the rows of double ones; F values cover whole float tiles,
  // remainders and fewer rows than one tile. Each output is a sum of Q products of
  // numbers in [-1, 1]: float rounding bounds its error by about Q * 2^-24 * Q.
  for (Eigen::Index F : {5, 16, 40})
    for (Eigen::Index N : {1, 3, 8}) {
      const Eigen::Index Q = 6, S = 3;
      const Mat in = Mat::Random(F, Q * S), K = Mat::Random(Q, N);
      const MatF in32 = in.cast<float>(), K32 = K.cast<float>();
      MatF out32(F, N * S);
      contract_slices(in32.data(), out32.data(), F, Q, S, K32);
      Mat exact(F, N * S);
      for (Eigen::Index s = 0; s < S; ++s)
        exact.middleCols(s * N, N) = in.middleCols(s * Q, Q) * K;
      const double err = (out32.cast<double>() - exact).cwiseAbs().maxCoeff();
      CHECK(err < Q * Q * 6e-8);
      CHECK(err > 0.0);  // float, not double
    }
  const TTShape hjb2 = TTShape::with_rank({4, 4, 4, 8}, {8, 4, 4, 4}, 2);
  const TTContraction plan(hjb2, random_cores(hjb2, 9));
  const Eigen::Index rows = 37;
  const Mat in = Mat::Random(rows, hjb2.in_dim());
  Mat out(rows, hjb2.out_dim());
  std::vector<double> scratch(plan.scratch_size(rows));
  plan.apply(in.data(), out.data(), rows, scratch.data());
  const MatF in32 = in.cast<float>();
  MatF out32(rows, hjb2.out_dim());
  std::vector<float> scratch32(plan.scratch_size(rows));
  plan.apply(in32.data(), out32.data(), rows, scratch32.data());
  const double scale = out.cwiseAbs().maxCoeff();
  CHECK((out32.cast<double>() - out).cwiseAbs().maxCoeff() < 1e-5 * scale);
}
