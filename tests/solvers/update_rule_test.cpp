#include <doctest/doctest.h>

#include <cmath>

#include "core/error.hpp"
#include "solvers/adam.hpp"
#include "solvers/sgd_momentum.hpp"
#include "solvers/test_problems.hpp"

using namespace tonnsim;
using namespace tonnsim::solvers;
using tonnsim::solvers::testing::random_vector;

namespace {
std::unique_ptr<UpdateRule> adam(double epsilon, Index d) {
  UpdateRuleOptions o;
  o.kind = UpdateRuleKind::kAdam;
  o.adam.epsilon = epsilon;
  return make_update_rule(o, d);
}
std::unique_ptr<UpdateRule> sgd(double momentum, bool nesterov, Index d) {
  UpdateRuleOptions o;
  o.kind = UpdateRuleKind::kSgd;
  o.sgd.momentum = momentum;
  o.sgd.nesterov = nesterov;
  return make_update_rule(o, d);
}
}  // namespace

TEST_CASE("Adam's bias-corrected first step is -lr sign(g)") {
  const double lr = 1e-3;
  const Vec g = random_vector(7, 1) * 1e3;  // any scale: Adam's first step ignores it
  const Vec theta0 = random_vector(7, 2);
  Vec theta = theta0;
  adam(0.0, 7)->apply(theta, g, lr);
  CHECK(((theta - theta0) + lr * g.array().sign().matrix()).lpNorm<Eigen::Infinity>() < 1e-15);

  // With the default epsilon the step is -lr g / (|g| + eps).
  theta = theta0;
  const Vec small = g * 1e-9;
  adam(1e-8, 7)->apply(theta, small, lr);
  const Vec expected = -lr * small.array() / (small.array().abs() + 1e-8);
  CHECK((theta - theta0 - expected).lpNorm<Eigen::Infinity>() < 1e-15);
}

TEST_CASE("Adam matches its closed form over two steps") {
  // g, then 0: mhat = beta1 g / (1 + beta1), vhat = beta2 g^2 / (1 + beta2), so the second
  // step is -lr sign(g) (beta1 / (1 + beta1)) / sqrt(beta2 / (1 + beta2)). A constant g
  // keeps mhat = g and vhat = g^2: every step is -lr sign(g).
  const double lr = 0.01, b1 = 0.9, b2 = 0.999;
  const Vec g = random_vector(5, 3);
  const Vec sign = g.array().sign();
  Vec theta = Vec::Zero(5);
  auto rule = adam(0.0, 5);
  rule->apply(theta, g, lr);
  rule->apply(theta, Vec::Zero(5), lr);
  const double second = (b1 / (1 + b1)) / std::sqrt(b2 / (1 + b2));
  CHECK((theta + lr * (1.0 + second) * sign).lpNorm<Eigen::Infinity>() < 1e-14);
  CHECK(rule->steps() == 2);

  theta.setZero();
  auto constant = adam(0.0, 5);
  for (int t = 0; t < 50; ++t) constant->apply(theta, g, lr);
  CHECK((theta + 50 * lr * sign).lpNorm<Eigen::Infinity>() < 1e-12);
}

TEST_CASE("SGD with momentum follows the closed-form recurrence") {
  // Constant g: v_t = g (1 - m^t) / (1 - m); heavy ball moves lr sum_t v_t, Nesterov
  // lr sum_t (g + m v_t).
  const double lr = 0.05, m = 0.8;
  const int T = 12;
  const Vec g = random_vector(4, 4);
  double heavy = 0.0, nesterov = 0.0;
  for (int t = 1; t <= T; ++t) {
    const double v = (1.0 - std::pow(m, t)) / (1.0 - m);
    heavy += v;
    nesterov += 1.0 + m * v;
  }
  Vec theta = Vec::Zero(4), theta_n = Vec::Zero(4), theta_plain = Vec::Zero(4);
  auto a = sgd(m, false, 4), b = sgd(m, true, 4), c = sgd(0.0, false, 4);
  for (int t = 0; t < T; ++t) {
    a->apply(theta, g, lr);
    b->apply(theta_n, g, lr);
    c->apply(theta_plain, g, lr);
  }
  CHECK((theta + lr * heavy * g).norm() < 1e-13);
  CHECK((theta_n + lr * nesterov * g).norm() < 1e-13);
  CHECK((theta_plain + lr * T * g).norm() < 1e-13);
}

TEST_CASE("An update rule restored from its state continues identically") {
  for (auto kind : {UpdateRuleKind::kSgd, UpdateRuleKind::kAdam}) {
    UpdateRuleOptions o;
    o.kind = kind;
    auto a = make_update_rule(o, 6), b = make_update_rule(o, 6);
    Vec ta = random_vector(6, 5);
    for (int t = 0; t < 4; ++t) a->apply(ta, random_vector(6, 10 + t), 0.01);
    CHECK(a->state().size() == (kind == UpdateRuleKind::kAdam ? 1 + 12 : 1 + 6));
    b->set_state(a->state());
    CHECK(b->steps() == 4);
    Vec tb = ta;
    for (int t = 4; t < 8; ++t) {
      const Vec g = random_vector(6, 10 + t);
      a->apply(ta, g, 0.01);
      b->apply(tb, g, 0.01);
    }
    CHECK(ta == tb);
    CHECK_THROWS_AS(b->set_state(Vec::Zero(3)), InputError);
  }
}

TEST_CASE("A non-finite gradient stops the update without touching the parameters") {
  auto rule = adam(1e-8, 3);
  Vec theta = Vec::Ones(3);
  rule->apply(theta, Vec::Ones(3), 0.1);
  const Vec before = theta, state = rule->state();
  Vec bad = Vec::Ones(3);
  bad(1) = std::nan("");
  CHECK_THROWS_AS(rule->apply(theta, bad, 0.1), RunError);
  CHECK(theta == before);
  CHECK(rule->state() == state);
}

TEST_CASE("Bad update-rule options name the field") {
  UpdateRuleOptions o;
  o.kind = UpdateRuleKind::kSgd;
  o.sgd.momentum = 1.0;
  CHECK_THROWS_WITH_AS(make_update_rule(o, 3), "sgd.momentum = 1: must lie in [0, 1)", InputError);
  o.sgd.momentum = 0.0;
  o.sgd.nesterov = true;
  CHECK_THROWS_AS(make_update_rule(o, 3), InputError);
  o.kind = UpdateRuleKind::kAdam;
  o.adam.beta2 = -0.1;
  CHECK_THROWS_AS(make_update_rule(o, 3), InputError);
  CHECK(allowed_values<UpdateRuleKind>() == "sgd, adam");
}
