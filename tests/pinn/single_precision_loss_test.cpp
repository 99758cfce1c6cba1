// Single precision (core/precision.hpp, issue 13 item 2) on the flagship loss: the HJB-20
// reference network (21 -> 512 -> 512 -> 1, TT rank 2) on the level-3 sparse grid
// (925 shifts per point, sigma 0.1), its forward pass in float and the Stein sums and the
// loss in double. A subset of the 100 collocation points keeps the suite short; the
// network, the grid and the estimator are the published ones.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <random>

#include "core/rng.hpp"
#include "named_options.hpp"
#include "pinn/pinn_loss.hpp"
#include "tonn/reference_models.hpp"

using namespace tonnsim;
using namespace tonnsim::pinn;
using testing::estimator_named;
using testing::pde_named;

namespace {

tonn::Network flagship(Precision precision) {
  tonn::Hjb20ReferenceOptions ro;
  ro.seed = 11;
  ro.options.precision = precision;
  return tonn::make_hjb20_reference(ro);
}

PinnLoss flagship_loss() {
  PinnLossOptions o;
  o.n_collocation = 16;
  o.n_test = 16;
  return make_pinn_loss(pde_named("hjb20"), estimator_named("sparse_grid"), o);
}

}  // namespace

TEST_CASE("The flagship loss in single precision agrees with double to a relative 1e-4") {
  // Issue 13's target. The Stein Hessian divides the stencil values by sigma^2 = 100 (node
  // weights up to 204), so float rounding of the activations themselves (6e-8 relative,
  // on sine arguments of O(omega0) = O(30)) reached 1.3e-4..1.1e-3 of this loss (measured
  // over 3 network seeds x 10 steps of 16 points before the change). The stencil now runs
  // each point in double and carries only each input's change from its point in float
  // (tonn::Network, prepare_centre), so rounding scales with the shift's effect. Measured
  // (same 30 losses): at most 2.7e-5 on 16 points (these three steps: 2.7e-5, 1.9e-5,
  // 2.9e-6), at most 7.3e-6 on the flagship's 100 points (3 seeds x 10 steps).
  PinnLoss loss = flagship_loss();
  tonn::Network f64 = flagship(Precision::kF64);
  tonn::Network f32 = flagship(Precision::kF32);
  for (std::uint64_t step : {0u, 1u, 2u}) {
    CAPTURE(step);
    loss.begin_step(step);
    const double l64 = loss.loss(f64), l32 = loss.loss(f32);
    CAPTURE(l64);
    CAPTURE(l32);
    REQUIRE(l64 > 1e-3);  // a loss far from 0, so a relative bound means something
    CHECK(std::abs(l32 - l64) <= 1e-4 * l64);
    CHECK(l32 != l64);  // the float path ran
  }
}

TEST_CASE("Zeroth-order loss differences keep their sign and size in single precision") {
  // The antithetic two-point difference L(theta + mu u) - L(theta - mu u) that the RGE
  // feeds to Adam, for Rademacher directions u over all parameters and the weight-domain
  // mu = 0.01 (design notes): single precision must not drown it in rounding.
  PinnLoss loss = flagship_loss();
  tonn::Network base = flagship(Precision::kF64);
  const Vec theta = base.parameters();
  const double mu = 0.01;
  Rng rng = make_rng(5, Stream::kPerturbation, 0);
  std::uniform_int_distribution<int> coin(0, 1);
  double worst = 0;
  for (int d = 0; d < 6; ++d) {
    CAPTURE(d);
    Vec u(theta.size());
    for (Eigen::Index i = 0; i < u.size(); ++i) u(i) = coin(rng) ? 1.0 : -1.0;
    double diff[2];
    for (Precision p : {Precision::kF64, Precision::kF32}) {
      tonn::Network plus = flagship(p), minus = flagship(p);
      plus.set_parameters(theta + mu * u);
      minus.set_parameters(theta - mu * u);
      diff[p == Precision::kF32] = loss.loss(plus) - loss.loss(minus);
    }
    CAPTURE(diff[0]);
    CAPTURE(diff[1]);
    REQUIRE(diff[0] != 0.0);
    CHECK((diff[1] > 0) == (diff[0] > 0));
    worst = std::max(worst, std::abs(diff[1] - diff[0]) / std::abs(diff[0]));
  }
  // A direction's difference is O(mu) of the loss; float rounding of the loss (relative
  // 1e-4 or better, above) must stay well below it. Measured: at most 0.063% of the
  // difference (1.4% when the stencil rounded the activations themselves to float).
  // Asserted: 0.5%, far below the estimator's own noise (one Rademacher direction
  // estimates a gradient of d = 1,929 parameters with a relative error of order
  // sqrt(d) = 44).
  MESSAGE("worst relative error of a two-point difference in f32: " << worst);
  CHECK(worst < 5e-3);
}
