#pragma once
// Random perturbation directions u for random-direction ZO gradient estimates.
//
// An estimate g = (s / N) sum_i D_i u_i, with D_i ~ u_i^T grad L the directional
// difference, has mean s E[u u^T] grad L (up to the smoothing error of D_i). The three
// distributions have
//   Rademacher  u_j = +-1 with probability 1/2:  E[u u^T] = I,      ||u||^2 = d;
//   Gaussian    u ~ N(0, I_d):                   E[u u^T] = I,      E||u||^2 = d;
//   sphere      u uniform on the unit sphere:    E[u u^T] = I / d,  ||u||^2 = 1;
// so the scale s = d / E||u||^2 (1, 1 and d) makes all three unbiased
// (Nesterov and Spokoiny 2017 for Gaussian; Liu et al., IEEE SPM 2020, "A primer on
// zeroth-order optimization", for the sphere). Rademacher is the published choice for the
// tensor-compressed PINN training because every coordinate moves by exactly +-mu.
#include <array>
#include <utility>

#include "core/enum_names.hpp"
#include "core/rng.hpp"
#include "core/types.hpp"

namespace tonnsim::solvers {

using Index = Eigen::Index;

enum class DirectionDistribution { kRademacher, kGaussian, kSphere };

/// How the estimate is scaled. kUnbiased multiplies by d / E||u||^2 (see above) so that
/// E[g] = grad L; kNone keeps s = 1, which for sphere directions estimates grad L / d
/// (a step d times smaller, as in some published ZO-SGD variants).
enum class ZoScaling { kUnbiased, kNone };

/// Fills the columns of `U` (d x N) with independent directions drawn from `rng`.
void draw_directions(DirectionDistribution distribution, Rng& rng, Mat& U);

/// E||u||^2 for a d-dimensional direction: d for Rademacher and Gaussian, 1 for sphere.
double direction_second_moment(DirectionDistribution distribution, Index d);

/// The factor s in g = (s / N) sum_i D_i u_i.
double direction_scale(DirectionDistribution distribution, ZoScaling scaling, Index d);

}  // namespace tonnsim::solvers

namespace tonnsim {
template <>
struct EnumNames<solvers::DirectionDistribution> {
  static constexpr const char* type = "ZO direction distribution";
  static constexpr std::array<std::pair<solvers::DirectionDistribution, const char*>, 3> names{
      {{solvers::DirectionDistribution::kRademacher, "rademacher"},
       {solvers::DirectionDistribution::kGaussian, "gaussian"},
       {solvers::DirectionDistribution::kSphere, "sphere"}}};
};
template <>
struct EnumNames<solvers::ZoScaling> {
  static constexpr const char* type = "ZO estimate scaling";
  static constexpr std::array<std::pair<solvers::ZoScaling, const char*>, 2> names{
      {{solvers::ZoScaling::kUnbiased, "unbiased"}, {solvers::ZoScaling::kNone, "none"}}};
};
}  // namespace tonnsim
