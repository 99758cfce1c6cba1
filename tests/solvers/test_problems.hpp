#pragma once
// Objectives with known gradients for the solver tests.
#include <cmath>
#include <vector>

#include <Eigen/Eigenvalues>

#include "core/rng.hpp"
#include "solvers/objective.hpp"

namespace tonnsim::solvers::testing {

/// L = 0.5 theta^T A theta + b^T theta with A = Q diag(lambda) Q^T, Q a random rotation and
/// lambda log-spaced in [lambda_min, lambda_max] (condition number lambda_max / lambda_min).
class Quadratic : public Objective {
 public:
  Quadratic(Index d, double lambda_min, double lambda_max, std::uint64_t seed) {
    auto rng = make_rng(seed, Stream::kOther, 0);
    std::normal_distribution<double> normal(0.0, 1.0);
    Mat G(d, d);
    for (Index i = 0; i < d; ++i)
      for (Index j = 0; j < d; ++j) G(i, j) = normal(rng);
    Eigen::HouseholderQR<Mat> qr(G);
    const Mat Q = qr.householderQ();
    Vec lambda(d);
    for (Index i = 0; i < d; ++i)
      lambda(i) = lambda_min * std::pow(lambda_max / lambda_min,
                                        d == 1 ? 0.0 : static_cast<double>(i) / (d - 1));
    A = Q * lambda.asDiagonal() * Q.transpose();
    A = 0.5 * (A + A.transpose());
    b.resize(d);
    for (Index i = 0; i < d; ++i) b(i) = normal(rng);
  }
  Index dimension() const override { return b.size(); }
  double value(const Vec& theta) const { return 0.5 * theta.dot(A * theta) + b.dot(theta); }
  Vec gradient(const Vec& theta) const { return A * theta + b; }
  Vec minimiser() const { return -A.ldlt().solve(b); }

  Mat A;
  Vec b;

 protected:
  double evaluate_state(const Vec& theta) override { return value(theta); }
};

/// Remembers every state it was asked to evaluate (to check which coordinates moved).
class RecordingObjective : public Objective {
 public:
  explicit RecordingObjective(Objective& inner) : inner_(inner) {}
  Index dimension() const override { return inner_.dimension(); }
  std::vector<Vec> states;

 protected:
  double evaluate_state(const Vec& theta) override {
    states.push_back(theta);
    return inner_.evaluate(theta);
  }

 private:
  Objective& inner_;
};

/// A standard-normal vector from a test stream.
inline Vec random_vector(Index d, std::uint64_t seed) {
  auto rng = make_rng(seed, Stream::kOther, 1);
  std::normal_distribution<double> normal(0.0, 1.0);
  Vec v(d);
  for (Index i = 0; i < d; ++i) v(i) = normal(rng);
  return v;
}

}  // namespace tonnsim::solvers::testing
