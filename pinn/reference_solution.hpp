#pragma once
// A reference solution given as values at points (a simulation, a measured data set):
// the test set of a problem without a closed-form solution.
#include <string>
#include <vector>

#include "core/types.hpp"

namespace tonnsim::pinn {

/// u_ref(points(:, b)) = values(b). With a reference the loss scores its test metrics
/// (rel L2 of u and of the learned part, max-abs error, trivial baselines) on these
/// points and values instead of on Pde::sample_test points against Pde::exact.
struct ReferenceSolution {
  Mat points;          ///< D x n, one point per column, space first, time last
  Vec values;          ///< n reference values of u
  std::string source;  ///< where the data came from ("flow.csv"), for messages
  bool given() const { return values.size() > 0; }
  /// points must be input_dim x n with n = values.size() >= 1, every entry finite.
  void validate(int input_dim) const;
};

/// The names of the PDE inputs in the order of a point's rows, as reference files name
/// their columns: x1..xd and t when
/// time_dependent (readers accept x for x1 when d = 1).
std::vector<std::string> reference_input_names(int space_dim, bool time_dependent);

}  // namespace tonnsim::pinn
