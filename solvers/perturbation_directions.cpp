#include "solvers/perturbation_directions.hpp"

#include <random>

#include "core/error.hpp"

namespace tonnsim::solvers {

void draw_directions(DirectionDistribution distribution, Rng& rng, Mat& U) {
  switch (distribution) {
    case DirectionDistribution::kRademacher:
      // The top bit of a 64-bit Mersenne Twister output is a fair coin.
      for (Index i = 0; i < U.cols(); ++i)
        for (Index j = 0; j < U.rows(); ++j) U(j, i) = (rng() >> 63) ? 1.0 : -1.0;
      return;
    case DirectionDistribution::kGaussian:
    case DirectionDistribution::kSphere: {
      std::normal_distribution<double> normal(0.0, 1.0);
      for (Index i = 0; i < U.cols(); ++i)
        for (Index j = 0; j < U.rows(); ++j) U(j, i) = normal(rng);
      // A normalised Gaussian vector is uniform on the sphere (rotation invariance).
      if (distribution == DirectionDistribution::kSphere) U.colwise().normalize();
      return;
    }
  }
  throw InputError("draw_directions: unknown direction distribution");
}

double direction_second_moment(DirectionDistribution distribution, Index d) {
  return distribution == DirectionDistribution::kSphere ? 1.0 : static_cast<double>(d);
}

double direction_scale(DirectionDistribution distribution, ZoScaling scaling, Index d) {
  if (scaling == ZoScaling::kNone) return 1.0;
  return static_cast<double>(d) / direction_second_moment(distribution, d);
}

}  // namespace tonnsim::solvers
