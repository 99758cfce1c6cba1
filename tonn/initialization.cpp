#include "tonn/initialization.hpp"

#include <cmath>
#include <random>

#include "core/error.hpp"

namespace tonnsim::tonn {

using Index = Eigen::Index;

double init_weight_bound(InitRule rule, double omega0, Index fan_in, Index fan_out,
                         bool first_layer) {
  require(fan_in >= 1, "fan_in", fan_in, "must be >= 1");
  switch (rule) {
    case InitRule::kSiren:
      require(omega0 > 0, "omega0", omega0, "must be > 0");
      return first_layer ? 1.0 / double(fan_in) : std::sqrt(6.0 / double(fan_in)) / omega0;
    case InitRule::kGlorot:
      return std::sqrt(6.0 / double(fan_in + fan_out));
    case InitRule::kHe:
      return std::sqrt(6.0 / double(fan_in));
  }
  return 0;
}

double init_bias_bound(Index fan_in) { return 1.0 / std::sqrt(double(fan_in)); }

Mat uniform_matrix(Index rows, Index cols, double bound, Rng& rng) {
  std::uniform_real_distribution<double> u(-bound, bound);
  Mat m(rows, cols);
  for (Index e = 0; e < m.size(); ++e) m.data()[e] = u(rng);
  return m;
}

std::vector<Mat> init_tt_cores(const TTShape& s, double weight_bound, Rng& rng) {
  s.validate();
  double paths = 1;  // rank paths per entry of A
  for (int k = 1; k < s.order(); ++k) paths *= s.ranks[k];
  const double entry_var = weight_bound * weight_bound / 3.0;
  const double core_var = std::pow(entry_var / paths, 1.0 / s.order());
  const double c = std::sqrt(3.0 * core_var);
  std::vector<Mat> cores;
  for (int k = 0; k < s.order(); ++k) cores.push_back(uniform_matrix(s.core_rows(k), s.core_cols(k), c, rng));
  return cores;
}

}  // namespace tonnsim::tonn
