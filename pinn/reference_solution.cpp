#include "pinn/reference_solution.hpp"

#include <cmath>

#include "core/error.hpp"

namespace tonnsim::pinn {

void ReferenceSolution::validate(int input_dim) const {
  const std::string field = "reference " + (source.empty() ? std::string("data") : source);
  require(values.size() >= 1, field, "0 points", "must hold at least one point");
  require(points.cols() == values.size(), field + " points",
          std::to_string(points.cols()) + " columns",
          "must equal the number of values " + std::to_string(values.size()));
  require(points.rows() == input_dim, field + " points", std::to_string(points.rows()) + " inputs",
          "must equal the PDE's input dimension " + std::to_string(input_dim) +
              " (space + time)");
  for (Eigen::Index b = 0; b < values.size(); ++b) {
    require(std::isfinite(values(b)), field + " value " + std::to_string(b + 1), values(b),
            "must be finite");
    for (Eigen::Index j = 0; j < points.rows(); ++j)
      require(std::isfinite(points(j, b)), field + " point " + std::to_string(b + 1),
              points(j, b), "must be finite");
  }
}

std::vector<std::string> reference_input_names(int space_dim, bool time_dependent) {
  std::vector<std::string> names;
  for (int j = 1; j <= space_dim; ++j) names.push_back("x" + std::to_string(j));
  if (time_dependent) names.push_back("t");
  return names;
}

}  // namespace tonnsim::pinn
