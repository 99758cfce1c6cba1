#include "solvers/directional_differences.hpp"

#include <algorithm>
#include <cmath>

#include "core/error.hpp"
#include "core/timer.hpp"

namespace tonnsim::solvers {

int states_per_direction(DifferenceScheme scheme) {
  return scheme == DifferenceScheme::kCentral ? 2 : 1;
}

DirectionalDifferences directional_differences(Objective& f, const Vec& theta, double mu,
                                               DifferenceScheme scheme, bool measure_theta,
                                               const std::vector<DirectionSet>& sets) {
  ScopedTimer timer("zo/directional_differences");
  require(mu > 0.0 && std::isfinite(mu), "zo mu", mu, "must be finite and > 0");
  const bool central = scheme == DifferenceScheme::kCentral;
  require(central || measure_theta, "zo loss at theta", "not measured",
          "must be measured for the forward scheme");
  const Index per = states_per_direction(scheme);
  // The run of states: (set, direction, sign), theta first as (-1, 0, 0).
  struct State {
    int set;
    Index direction;
    double step;
  };
  std::vector<State> run;
  if (measure_theta) run.push_back({-1, 0, 0.0});
  for (std::size_t s = 0; s < sets.size(); ++s) {
    require(sets[s].n >= 0, "zo direction count", sets[s].n, "must be >= 0");
    for (Index i = 0; i < sets[s].n; ++i)
      for (Index k = 0; k < per; ++k) run.push_back({int(s), i, k == 0 ? mu : -mu});
  }
  const Index total = Index(run.size());
  Vec values(total);
  Mat states(theta.size(), std::min(total, kMaxStatesPerBatch));
  for (Index first = 0; first < total; first += kMaxStatesPerBatch) {
    const Index count = std::min(kMaxStatesPerBatch, total - first);
    for (Index c = 0; c < count; ++c) {
      const State& st = run[std::size_t(first + c)];
      auto column = states.col(c);
      column = theta;
      if (st.set >= 0) sets[std::size_t(st.set)].perturb(st.direction, column, st.step);
    }
    values.segment(first, count) = f.evaluate_many(states.leftCols(count));
  }
  DirectionalDifferences out;
  Index next = 0;
  if (measure_theta) out.loss_at_theta = values(next++);
  if (!central)
    require(std::isfinite(out.loss_at_theta), "zo loss at theta", out.loss_at_theta,
            "must be finite for the forward scheme");
  for (const DirectionSet& set : sets) {
    Vec D(set.n);
    for (Index i = 0; i < set.n; ++i, next += per)
      D(i) = central ? (values(next) - values(next + 1)) / (2.0 * mu)
                     : (values(next) - out.loss_at_theta) / mu;
    out.D.push_back(std::move(D));
  }
  return out;
}

}  // namespace tonnsim::solvers
