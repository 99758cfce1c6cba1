#include <doctest/doctest.h>

#include "tonn/tt_svd.hpp"

using namespace tonnsim;
using namespace tonnsim::tonn;

TEST_CASE("TT-SVD with full ranks reproduces the dense matrix") {
  const std::vector<int> m{2, 3, 2}, n{3, 2, 2};
  const Mat A = Mat::Random(12, 12);
  const TTSVDResult r = tt_svd(A, m, n, 1000);
  CHECK(r.shape == TTShape::full_rank(m, n));
  CHECK(r.error_bound() < 1e-12);
  CHECK((dense_from_cores(r.shape, r.cores) - A).cwiseAbs().maxCoeff() < 1e-12);
}

TEST_CASE("TT-SVD of a TT matrix recovers it at its own ranks") {
  // A rank-(2,2) TT matrix is represented exactly at ranks 2, and not at rank 1.
  const TTShape s = TTShape::with_rank({2, 2, 3}, {3, 2, 2}, 2);
  std::vector<Mat> cores;
  for (int k = 0; k < s.order(); ++k) cores.push_back(Mat::Random(s.core_rows(k), s.core_cols(k)));
  const Mat A = dense_from_cores(s, cores);
  const TTSVDResult exact = tt_svd(A, s.in_modes, s.out_modes, 2);
  CHECK((dense_from_cores(exact.shape, exact.cores) - A).norm() < 1e-12 * A.norm());
  const TTSVDResult low = tt_svd(A, s.in_modes, s.out_modes, 1);
  CHECK((dense_from_cores(low.shape, low.cores) - A).norm() > 1e-3 * A.norm());
}

TEST_CASE("Truncated TT-SVD error meets the discarded-singular-value bound") {
  const std::vector<int> m{2, 2, 2, 2}, n{2, 2, 2, 2};
  const Mat A = Mat::Random(16, 16);
  SUBCASE("one truncated bond: error equals the bound") {
    // Bond 1 has unfolding 4 x 64 (rank 4): truncating it to 2 and keeping the others
    // full makes the approximation an orthogonal projection.
    const TTSVDResult r = tt_svd(A, m, n, std::vector<int>{2, 1000, 1000});
    CHECK(r.discarded_sq[0] > 1e-3);
    CHECK(r.discarded_sq[1] < 1e-20);
    CHECK(r.discarded_sq[2] < 1e-20);
    const double err = (dense_from_cores(r.shape, r.cores) - A).norm();
    CHECK(err == doctest::Approx(r.error_bound()).epsilon(1e-10));
  }
  SUBCASE("all bonds truncated: error at most the bound") {
    const TTSVDResult r = tt_svd(A, m, n, 3);
    const double err = (dense_from_cores(r.shape, r.cores) - A).norm();
    CHECK(err > 0.1 * r.error_bound());
    CHECK(err <= r.error_bound() * (1 + 1e-12));
  }
}
