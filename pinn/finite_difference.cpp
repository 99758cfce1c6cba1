#include "pinn/finite_difference.hpp"

#include <vector>

#include "core/error.hpp"

namespace tonnsim::pinn {

void FiniteDifferenceOptions::validate() const {
  require(step > 0.0, "step", step, "must be > 0 (finite-difference step)");
}

FiniteDifference::FiniteDifference(int input_dim, const FiniteDifferenceOptions& options)
    : options_(options) {
  options_.validate();
  require(input_dim >= 1, "input_dim", input_dim, "must be >= 1");
  const Eigen::Index D = input_dim;
  const double h = options_.step;
  // Column 0 is x, column 1 + 2j is x + h e_j, column 2 + 2j is x - h e_j.
  Mat shifts = Mat::Zero(D, 1 + 2 * D);
  std::vector<Eigen::Triplet<double>> t;
  t.emplace_back(0, 0, 1.0);
  for (Eigen::Index j = 0; j < D; ++j) {
    shifts(j, 1 + 2 * j) = h;
    shifts(j, 2 + 2 * j) = -h;
    t.emplace_back(1 + j, 1 + 2 * j, 0.5 / h);
    t.emplace_back(1 + j, 2 + 2 * j, -0.5 / h);
    t.emplace_back(1 + D + j, 1 + 2 * j, 1.0 / (h * h));
    t.emplace_back(1 + D + j, 2 + 2 * j, 1.0 / (h * h));
    t.emplace_back(1 + D + j, 0, -2.0 / (h * h));
  }
  SparseMat readout(1 + 2 * D, 1 + 2 * D);
  readout.setFromTriplets(t.begin(), t.end());
  set_stencil(std::move(shifts), std::move(readout), Vec::Zero(1 + 2 * D));
}

}  // namespace tonnsim::pinn
