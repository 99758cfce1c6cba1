#pragma once
// Weight initialisation rules, as uniform half-widths U(-a, a).
//
//   siren  (Sitzmann et al., "Implicit neural representations with periodic activation
//           functions", NeurIPS 2020, Sec. 3.2 and their reference code): first layer
//           a = 1/n_in; later layers a = sqrt(6/n_in)/w0, so that w0 W ~ U(-sqrt(6/n),
//           sqrt(6/n)) inside sin(w0 (W x + b)). The final linear layer uses the hidden
//           rule too, as in the reference code.
//   glorot (Glorot and Bengio 2010, for tanh): a = sqrt(6/(n_in + n_out)).
//   he     (He et al. 2015, for ReLU): a = sqrt(6/n_in).
// Biases: U(-1/sqrt(n_in), 1/sqrt(n_in)), PyTorch's nn.Linear default that SIREN keeps.
//
// TT layers: cores i.i.d. U(-c, c) with c chosen so that each entry of the effective
// matrix A has the variance a^2/3 of the dense rule. An entry of A is a sum of
// prod_{k=1}^{d-1} r_k products of d independent core entries, so
//   Var(A_ji) = (prod_k r_k) * (c^2/3)^d   =>   c^2/3 = (a^2/3 / prod_k r_k)^(1/d).
// (The entries are then not uniform, but their variance, the quantity the SIREN analysis
// of the pre-activation distribution uses, matches.)
#include <array>
#include <vector>

#include "core/enum_names.hpp"
#include "core/rng.hpp"
#include "tonn/tt_shape.hpp"

namespace tonnsim::tonn {

enum class InitRule { kSiren, kGlorot, kHe };

}  // namespace tonnsim::tonn

namespace tonnsim {
template <>
struct EnumNames<tonn::InitRule> {
  static constexpr const char* type = "initialisation rule";
  static constexpr std::array<std::pair<tonn::InitRule, const char*>, 3> names{
      {{tonn::InitRule::kSiren, "siren"},
       {tonn::InitRule::kGlorot, "glorot"},
       {tonn::InitRule::kHe, "he"}}};
};
}  // namespace tonnsim

namespace tonnsim::tonn {

/// Half-width a of the weight distribution for a layer (omega0: the SIREN w0).
double init_weight_bound(InitRule rule, double omega0, Eigen::Index fan_in, Eigen::Index fan_out,
                         bool first_layer);

/// Half-width of the bias distribution, 1/sqrt(fan_in).
double init_bias_bound(Eigen::Index fan_in);

/// rows x cols matrix of U(-bound, bound) entries.
Mat uniform_matrix(Eigen::Index rows, Eigen::Index cols, double bound, Rng& rng);

/// Cores whose effective matrix entries have the variance of U(-weight_bound, weight_bound).
std::vector<Mat> init_tt_cores(const TTShape& shape, double weight_bound, Rng& rng);

}  // namespace tonnsim::tonn
