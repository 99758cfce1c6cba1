#pragma once
// Accuracy of a PINN prediction on a fixed test set, and what trivial predictors score on
// the same set, so that no accuracy figure stands alone.
#include <limits>
#include <string>
#include <vector>

#include "core/types.hpp"

namespace tonnsim::pinn {

using ConstVecRef = Eigen::Ref<const Vec>;

/// Errors of a prediction p against the exact solution u on the test points b, where
/// a = g is the ansatz's fixed part (the prediction with network N = 0; a = 0 for PDEs
/// without a hard constraint, so rel_l2_learned == rel_l2 there).
struct TestMetrics {
  /// ||p - u||_2 / ||u||_2: the published metric (Zhao et al., 2023).
  double rel_l2 = std::numeric_limits<double>::quiet_NaN();
  /// ||p - u||_2 / ||u - a||_2: the error relative to the part the network must supply.
  /// When a carries most of u (HJB-20: sum x_i) rel_l2 hides the network's error;
  /// this does not. NaN when u == a on the whole test set.
  double rel_l2_learned = std::numeric_limits<double>::quiet_NaN();
  /// max_b |p_b - u_b|, in the units of u.
  double max_abs_error = std::numeric_limits<double>::quiet_NaN();
};

/// The three norms above from the prediction p, the exact u and the fixed part a
/// (equal lengths). A zero denominator gives NaN.
TestMetrics test_metrics(const ConstVecRef& prediction, const ConstVecRef& exact,
                         const ConstVecRef& fixed_part);

/// The least-squares constant network c* = argmin_c sum_b (g_b + c h_b - u_b)^2
///   = sum_b h_b (u_b - g_b) / sum_b h_b^2,
/// for the ansatz u = g + h N (h: the response of the prediction to N = 1). 0 when h is
/// zero on every point.
double best_constant(const ConstVecRef& fixed_part, const ConstVecRef& scale,
                     const ConstVecRef& exact);

/// One trivial predictor's score on the test set.
struct BaselineScore {
  std::string name;         ///< "zero", "constant" or "data": a key for files and tables
  std::string description;  ///< what the predictor is, for a reader
  TestMetrics metrics;
};

/// Trivial predictors on the test set, which do not depend on the network:
///  - "zero":     N = 0, p = g (the ansatz's fixed part alone);
///  - "constant": N = c* (best_constant), p = g + c* h;
///  - "data":     the PDE's data-only guess (initial or terminal data carried in time,
///                Pde::data_guess), where the PDE has one.
/// A trained network that does not beat all of them has not shown that it solved the PDE.
struct TrivialBaselines {
  double constant_value = 0.0;        ///< c*, the best constant network output
  std::vector<BaselineScore> scores;  ///< zero, constant, then data when present
  /// The baseline with the smallest rel_l2 (equivalently the smallest ||b - u||).
  const BaselineScore& best() const;
};

/// The baselines from the test set's fixed part g, scale h and exact u; data_guess is
/// the data-only prediction (empty vector: none) with its description.
TrivialBaselines trivial_baselines(const ConstVecRef& fixed_part, const ConstVecRef& scale,
                                   const ConstVecRef& exact, const Vec& data_guess = {},
                                   const std::string& data_description = {});

/// K = min over baselines b of ||b - u|| / ||p - u|| (= rel_l2(b) / rel_l2(p): the same
/// test set divides both by ||u||): how many times the prediction's error is below the
/// best trivial predictor's. K > 1 beats every baseline; +inf for an exact prediction.
double improvement_factor(const TrivialBaselines& baselines, const TestMetrics& prediction);

}  // namespace tonnsim::pinn
