#pragma once
// Uniform samplers for the PDE domains (boxes, balls, spheres, box faces); every sample
// is one column.
#include "core/rng.hpp"
#include "core/types.hpp"

namespace tonnsim::pinn {

/// n points uniform in the box prod_j [lower_j, upper_j].
Mat sample_box(Rng& rng, const Vec& lower, const Vec& upper, Eigen::Index n);

/// n points uniform in the d-dimensional ball of the given radius: a Gaussian direction
/// scaled by radius U^(1/d) (Muller 1959), so the density is uniform in volume.
Mat sample_ball(Rng& rng, int d, double radius, Eigen::Index n);

/// n points uniform on the sphere |x| = radius in d dimensions.
Mat sample_sphere(Rng& rng, int d, double radius, Eigen::Index n);

/// n points uniform on the boundary of the box: uniform in the box, then one coordinate
/// (uniform among the first `face_dims` rows) pinned to its lower or upper bound.
/// face_dims lets a space-time box put the faces on the spatial coordinates only.
Mat sample_box_faces(Rng& rng, const Vec& lower, const Vec& upper, int face_dims,
                     Eigen::Index n);

}  // namespace tonnsim::pinn
