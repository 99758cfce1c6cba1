#include "pinn/domain_sampling.hpp"

#include <cmath>
#include <random>

#include "core/error.hpp"

namespace tonnsim::pinn {

Mat sample_box(Rng& rng, const Vec& lower, const Vec& upper, Eigen::Index n) {
  require(lower.size() == upper.size(), "box bounds size", upper.size(),
          "must match the lower bounds' size " + std::to_string(lower.size()));
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  Mat X(lower.size(), n);
  for (Eigen::Index b = 0; b < n; ++b)
    for (Eigen::Index j = 0; j < X.rows(); ++j)
      X(j, b) = lower(j) + (upper(j) - lower(j)) * unit(rng);
  return X;
}

Mat sample_sphere(Rng& rng, int d, double radius, Eigen::Index n) {
  std::normal_distribution<double> normal;
  Mat X(d, n);
  for (Eigen::Index b = 0; b < n; ++b) {
    for (int j = 0; j < d; ++j) X(j, b) = normal(rng);
    X.col(b) *= radius / X.col(b).norm();
  }
  return X;
}

Mat sample_ball(Rng& rng, int d, double radius, Eigen::Index n) {
  Mat X = sample_sphere(rng, d, radius, n);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  for (Eigen::Index b = 0; b < n; ++b) X.col(b) *= std::pow(unit(rng), 1.0 / d);
  return X;
}

Mat sample_box_faces(Rng& rng, const Vec& lower, const Vec& upper, int face_dims,
                     Eigen::Index n) {
  require(face_dims >= 1 && face_dims <= lower.size(), "face_dims", face_dims,
          "must lie in [1, box dimension]");
  Mat X = sample_box(rng, lower, upper, n);
  std::uniform_int_distribution<int> face(0, 2 * face_dims - 1);
  for (Eigen::Index b = 0; b < n; ++b) {
    const int f = face(rng), j = f / 2;
    X(j, b) = (f % 2 == 0) ? lower(j) : upper(j);
  }
  return X;
}

}  // namespace tonnsim::pinn
