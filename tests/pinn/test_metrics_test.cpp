#include <doctest/doctest.h>

#include <cmath>

#include "named_options.hpp"
#include "pinn/black_scholes.hpp"
#include "pinn/burgers.hpp"
#include "pinn/pinn_loss.hpp"
#include "pinn/test_metrics.hpp"
#include "test_functions.hpp"

using namespace tonnsim;
using namespace tonnsim::pinn;
using testing::Constant;

using testing::estimator_named;
using testing::pde_named;

namespace {
// A four-point test set worked by hand: u = g + h N with
//   g = (1, 2, 3, 4), h = (1, 1/2, 0, 2), u = (3, 2, 3, 7), so u - g = (2, 0, 0, 3),
//   ||u||^2 = 71, ||u - g||^2 = 13.
Vec vec(std::initializer_list<double> v) {
  Vec out(Eigen::Index(v.size()));
  Eigen::Index i = 0;
  for (double x : v) out(i++) = x;
  return out;
}
const Vec g = vec({1, 2, 3, 4});
const Vec h = vec({1, 0.5, 0, 2});
const Vec u = vec({3, 2, 3, 7});

}  // namespace

TEST_CASE("Test metrics of a prediction match a hand computation on four points") {
  // p - u = (0.1, 0, -0.1, 0): ||p - u||^2 = 0.02.
  const TestMetrics m = test_metrics(vec({3.1, 2, 2.9, 7}), u, g);
  CHECK(m.rel_l2 == doctest::Approx(std::sqrt(0.02 / 71.0)).epsilon(1e-14));
  CHECK(m.rel_l2_learned == doctest::Approx(std::sqrt(0.02 / 13.0)).epsilon(1e-14));
  CHECK(m.max_abs_error == doctest::Approx(0.1).epsilon(1e-14));
  // No fixed part (g = 0): the learned-part error is the plain relative error.
  const TestMetrics plain = test_metrics(vec({3.1, 2, 2.9, 7}), u, Vec::Zero(4));
  CHECK(plain.rel_l2_learned == doctest::Approx(plain.rel_l2).epsilon(1e-15));
  // u == g everywhere leaves the learned-part error undefined rather than infinite.
  CHECK(std::isnan(test_metrics(g, g, g).rel_l2_learned));
}

TEST_CASE("Trivial baselines and the improvement factor match a hand computation") {
  // data guess d = (3, 2, 3, 4): d - u = (0, 0, 0, -3).
  const TrivialBaselines b = trivial_baselines(g, h, u, vec({3, 2, 3, 4}), "hand guess");
  REQUIRE(b.scores.size() == 3);
  const BaselineScore &zero = b.scores[0], &constant = b.scores[1], &data = b.scores[2];
  CHECK(zero.name == "zero");
  CHECK(constant.name == "constant");
  CHECK(data.name == "data");
  CHECK(data.description == "hand guess");
  // N = 0: p - u = -(u - g), norm sqrt(13).
  CHECK(zero.metrics.rel_l2 == doctest::Approx(std::sqrt(13.0 / 71.0)).epsilon(1e-14));
  CHECK(zero.metrics.rel_l2_learned == doctest::Approx(1.0).epsilon(1e-15));
  CHECK(zero.metrics.max_abs_error == doctest::Approx(3.0).epsilon(1e-15));
  // c* = sum h (u - g) / sum h^2 = (2 + 6) / (1 + 1/4 + 4) = 32/21;
  // p - u = c* h - (u - g) = (-10, 16, 0, 1) / 21, norm^2 = 357 / 441.
  CHECK(b.constant_value == doctest::Approx(32.0 / 21.0).epsilon(1e-15));
  CHECK(constant.metrics.rel_l2 ==
        doctest::Approx(std::sqrt(357.0 / 441.0 / 71.0)).epsilon(1e-14));
  CHECK(constant.metrics.rel_l2_learned ==
        doctest::Approx(std::sqrt(357.0 / 441.0 / 13.0)).epsilon(1e-14));
  CHECK(constant.metrics.max_abs_error == doctest::Approx(16.0 / 21.0).epsilon(1e-14));
  // Data guess: norm 3.
  CHECK(data.metrics.rel_l2 == doctest::Approx(3.0 / std::sqrt(71.0)).epsilon(1e-14));
  CHECK(data.metrics.rel_l2_learned == doctest::Approx(3.0 / std::sqrt(13.0)).epsilon(1e-14));
  // Best: the constant (0.90 < 3 < 3.6); K = ||c* - u|| / ||p - u|| with ||p - u||^2 = 0.02.
  CHECK(b.best().name == "constant");
  const TestMetrics p = test_metrics(vec({3.1, 2, 2.9, 7}), u, g);
  CHECK(improvement_factor(b, p) ==
        doctest::Approx(std::sqrt(357.0 / 441.0 / 0.02)).epsilon(1e-13));
  // Without a data guess there are two baselines; an exact prediction improves infinitely.
  const TrivialBaselines two = trivial_baselines(g, h, u);
  CHECK(two.scores.size() == 2);
  CHECK(std::isinf(improvement_factor(two, test_metrics(u, u, g))));
}

TEST_CASE("The best constant minimises the error: moving it either way makes it worse") {
  const TrivialBaselines b = trivial_baselines(g, h, u);
  const double best = b.scores[1].metrics.rel_l2;
  for (double dc : {1e-3, -1e-3, 0.1, -0.1}) {
    CAPTURE(dc);
    const Vec p = g + (b.constant_value + dc) * h;
    // The excess error is quadratic in dc: ||p - u||^2 - ||p* - u||^2 = dc^2 ||h||^2.
    const double excess = std::pow(test_metrics(p, u, g).rel_l2, 2) - best * best;
    CHECK(excess > 0.0);
    CHECK(excess * 71.0 == doctest::Approx(dc * dc * 5.25).epsilon(1e-6));
  }
}

TEST_CASE("A PDE loss scores the constant baseline as a constant network through its estimator") {
  // Sparse-grid smoothing of a constant is the constant (the weights sum to 1), so the
  // baseline computed once equals the test metrics of the network N = c*.
  PinnLossOptions o;
  o.n_test = 200;
  const std::pair<const char*, const char*> cases[] = {
      {"heat", "sparse_grid"}, {"burgers", "sparse_grid"}, {"black_scholes", "monte_carlo"},
      {"poisson", "exact"}, {"hjb_lq", "finite_difference"}};
  for (const auto& [name, est] : cases) {
    CAPTURE(name);
    CAPTURE(est);
    PinnLoss loss = make_pinn_loss(pde_named(name, std::string(name) == "heat" ? 5 : 0),
                                   estimator_named(est), o);
    const TrivialBaselines& b = loss.trivial_baselines();
    Constant c(loss.pde().input_dim(), b.constant_value);
    const TestMetrics m = loss.test_metrics(c);
    CHECK(m.rel_l2 == doctest::Approx(b.scores[1].metrics.rel_l2).epsilon(1e-10));
    CHECK(m.rel_l2_learned == doctest::Approx(b.scores[1].metrics.rel_l2_learned).epsilon(1e-10));
    Constant zero(loss.pde().input_dim(), 0.0);
    CHECK(loss.test_metrics(zero).rel_l2 == doctest::Approx(b.scores[0].metrics.rel_l2).epsilon(1e-12));
    // N = 0 misses the whole learned part.
    CHECK(b.scores[0].metrics.rel_l2_learned == doctest::Approx(1.0).epsilon(1e-12));
    CHECK(b.best().metrics.rel_l2 <= b.scores[0].metrics.rel_l2);
  }
}

TEST_CASE("On HJB-20 as published the best constant is the exact network part N = 1") {
  // u = sum x + (1 - t) N with u_exact = sum x + 1 - t: a constant network is exact, so the
  // constant baseline scores zero error; the improvement factor of any network is then 0.
  PinnLossOptions o;
  o.n_test = 300;
  PinnLoss loss = make_pinn_loss(pde_named("hjb20"), estimator_named("sparse_grid"), o);
  const TrivialBaselines& b = loss.trivial_baselines();
  CHECK(b.constant_value == doctest::Approx(1.0).epsilon(1e-12));
  CHECK(b.scores[1].metrics.rel_l2 < 1e-13);
  CHECK(b.best().name == "constant");
  // Data guess: the terminal data sum x carried back, the same as N = 0.
  REQUIRE(b.scores.size() == 3);
  CHECK(b.scores[2].metrics.rel_l2 == doctest::Approx(b.scores[0].metrics.rel_l2).epsilon(1e-15));
  // A constant off by 0.1 scores rel L2 = 0.1 ||1 - t|| / ||u||, learned part exactly 0.1.
  Constant off(21, 1.1);
  const TestMetrics m = loss.test_metrics(off);
  CHECK(m.rel_l2_learned == doctest::Approx(0.1).epsilon(1e-10));
  CHECK(m.max_abs_error <= 0.1 + 1e-12);
  CHECK(improvement_factor(b, m) < 1e-10);
}

TEST_CASE("Data guesses carry the initial or terminal data of each PDE") {
  Rng rng = make_rng(7, Stream::kSampling, 0);
  SUBCASE("Burgers: -sin(pi x) e^(-t) meets the initial data and decays") {
    Burgers pde;
    const auto guess = pde.data_guess();
    REQUIRE(guess.has_value());
    Mat X = pde.sample_collocation(rng, 50);
    Vec at_t(50), at_0(50), initial(50);
    guess->evaluate(X, at_t);
    Mat X0 = X;
    X0.row(1).setZero();
    guess->evaluate(X0, at_0);
    pde.conditions()[0].target(X0, initial);
    CHECK((at_0 - initial).cwiseAbs().maxCoeff() < 1e-15);
    CHECK(at_t.array().abs().sum() < at_0.array().abs().sum());
  }
  SUBCASE("Black-Scholes: the discounted-strike bound meets the terminal data, below the price") {
    BlackScholes pde;
    const auto guess = pde.data_guess();
    REQUIRE(guess.has_value());
    Mat X = pde.sample_collocation(rng, 200);
    Vec bound(200), price(200);
    guess->evaluate(X, bound);
    pde.exact(X, price);
    // No-arbitrage: C >= max(S - K e^(-r tau), 0), strictly above where tau > 0.
    CHECK((price - bound).minCoeff() >= -1e-12);
    CHECK((price - bound).maxCoeff() > 1e-3);
    Mat XT = X;
    XT.row(1).setConstant(BlackScholesOptions{}.maturity_s);
    Vec at_T(200), terminal(200);
    guess->evaluate(XT, at_T);
    pde.conditions()[0].target(XT, terminal);
    CHECK((at_T - terminal).cwiseAbs().maxCoeff() < 1e-15);
  }
  SUBCASE("Hard-constrained problems: the carried data is the N = 0 prediction") {
    for (const char* name : {"hjb20", "heat", "hjb_lq", "hjb20_varying", "heat_varying"}) {
      CAPTURE(name);
      const auto pde = make_pde(pde_named(name, 4));
      const auto guess = pde->data_guess();
      REQUIRE(guess.has_value());
      Mat X = pde->sample_collocation(rng, 30);
      Vec d(30), zero_prediction(30);
      guess->evaluate(X, d);
      pde->prediction(X, Vec::Zero(30), zero_prediction);
      CHECK((d - zero_prediction).cwiseAbs().maxCoeff() < 1e-14);
      // ... and it is the data: equal to the exact solution at the condition's time
      // (t = 1 terminal for the HJB problems, t = 0 initial for heat; T = 1 here).
      const bool initial = std::string(name).rfind("heat", 0) == 0;
      Mat at_data = X;
      at_data.row(X.rows() - 1).setConstant(initial ? 0.0 : 1.0);
      Vec guess_there(30), exact_there(30);
      guess->evaluate(at_data, guess_there);
      pde->exact(at_data, exact_there);
      CHECK((guess_there - exact_there).cwiseAbs().maxCoeff() < 1e-12);
    }
  }
  SUBCASE("Poisson has no data guess (its data lives on the boundary only)") {
    CHECK_FALSE(make_pde(pde_named("poisson"))->data_guess().has_value());
  }
}
