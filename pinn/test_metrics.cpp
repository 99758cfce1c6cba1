#include "pinn/test_metrics.hpp"

#include <algorithm>
#include <cmath>

#include "core/error.hpp"

namespace tonnsim::pinn {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double ratio(double num, double den) { return den > 0.0 ? num / den : kNaN; }

void require_same_length(const ConstVecRef& a, const ConstVecRef& b, const char* what) {
  require(a.size() == b.size(), what, a.size(),
          "must equal the test set size " + std::to_string(b.size()));
}
}  // namespace

TestMetrics test_metrics(const ConstVecRef& prediction, const ConstVecRef& exact,
                         const ConstVecRef& fixed_part) {
  require_same_length(prediction, exact, "prediction length");
  require_same_length(fixed_part, exact, "fixed part length");
  require(exact.size() >= 1, "test set size", exact.size(), "must be >= 1");
  const double err = (prediction - exact).norm();
  TestMetrics m;
  m.rel_l2 = ratio(err, exact.norm());
  m.rel_l2_learned = ratio(err, (exact - fixed_part).norm());
  m.max_abs_error = (prediction - exact).cwiseAbs().maxCoeff();
  return m;
}

double best_constant(const ConstVecRef& fixed_part, const ConstVecRef& scale,
                     const ConstVecRef& exact) {
  require_same_length(fixed_part, exact, "fixed part length");
  require_same_length(scale, exact, "scale length");
  const double hh = scale.squaredNorm();
  return hh > 0.0 ? scale.dot(exact - fixed_part) / hh : 0.0;
}

const BaselineScore& TrivialBaselines::best() const {
  require(!scores.empty(), "trivial baselines", 0, "must hold at least one score");
  return *std::min_element(scores.begin(), scores.end(),
                           [](const BaselineScore& a, const BaselineScore& b) {
                             return a.metrics.rel_l2 < b.metrics.rel_l2;
                           });
}

TrivialBaselines trivial_baselines(const ConstVecRef& fixed_part, const ConstVecRef& scale,
                                   const ConstVecRef& exact, const Vec& data_guess,
                                   const std::string& data_description) {
  TrivialBaselines out;
  out.scores.push_back({"zero", "network N = 0: the ansatz's fixed part alone",
                        test_metrics(fixed_part, exact, fixed_part)});
  out.constant_value = best_constant(fixed_part, scale, exact);
  const Vec constant = fixed_part + out.constant_value * scale;
  out.scores.push_back({"constant", "best constant network N = c, least squares on the test set",
                        test_metrics(constant, exact, fixed_part)});
  if (data_guess.size() > 0)
    out.scores.push_back({"data", data_description, test_metrics(data_guess, exact, fixed_part)});
  return out;
}

double improvement_factor(const TrivialBaselines& baselines, const TestMetrics& prediction) {
  const double best = baselines.best().metrics.rel_l2;
  if (prediction.rel_l2 == 0.0) return best > 0.0 ? std::numeric_limits<double>::infinity() : kNaN;
  return best / prediction.rel_l2;
}

}  // namespace tonnsim::pinn
