#pragma once
// Derivatives of a network from forward evaluations only, because the chip cannot
// back-propagate. One interface for all estimators, selectable by name in a scenario.
#include <array>
#include <cstdint>
#include <memory>
#include <utility>

#include "core/enum_names.hpp"
#include "pinn/jet.hpp"
#include <vector>

#include "tonn/batch_function.hpp"
#include "tonn/stencil_family.hpp"

namespace tonnsim::pinn {

using tonn::BatchFunction;
using tonn::StencilFamily;
using tonn::ConstMatRef;
using tonn::MatRef;
using tonn::VecRef;

enum class EstimatorKind { kSparseGrid, kMonteCarlo, kFiniteDifference, kExact };

/// Estimates value, gradient and Hessian diagonal of a network f on a batch X (D x B).
///
/// Stein estimators return the jet of the Gaussian-smoothed network
/// u_sigma(x) = E f(x + sigma z), z ~ N(0, I), which is then *the* model: its value is
/// also what value() returns for test errors and boundary terms.
class DerivativeEstimator {
 public:
  virtual ~DerivativeEstimator() = default;
  virtual EstimatorKind kind() const = 0;
  /// D, the input dimension the estimator was built for.
  virtual int input_dim() const = 0;
  /// Network evaluations per point of one estimate() call (1 for exact jets).
  virtual Eigen::Index evaluations_per_point() const = 0;
  /// Called once per training step. Stochastic estimators redraw their directions here,
  /// so every loss evaluation inside one step (e.g. the perturbed losses of a zeroth-order
  /// gradient) sees the same directions (common random numbers).
  virtual void begin_step(std::uint64_t step) { (void)step; }
  /// jet of the (smoothed) network at the columns of X; one batched network call.
  virtual void estimate(BatchFunction& f, const ConstMatRef& X, Jet& jet) = 0;
  /// jets[m] of every member of a family at the columns of X, equal to estimate() of each
  /// member; a stencil estimator makes one family call for all of them. The default
  /// estimates the members one after the other.
  virtual void estimate_family(StencilFamily& family, const ConstMatRef& X, std::vector<Jet>& jets);
  /// The (smoothed) network value alone, e.g. sum_k w_k f(x + sigma z_k) for the sparse
  /// grid; y has length B.
  virtual void value(BatchFunction& f, const ConstMatRef& X, VecRef y) = 0;
  /// Network evaluations per point where estimate_head() needs the value alone (the chip
  /// ledger charges this count, so an estimator that overrides estimate_head() overrides
  /// this with what it evaluates, and the two read one condition): 1 where the
  /// model's value is the raw network value f(x) (finite differences), otherwise
  /// evaluations_per_point() (a Stein estimator's value is the smoothed network, the whole
  /// stencil).
  virtual Eigen::Index head_value_evaluations_per_point() const { return evaluations_per_point(); }
  /// The jet at the first n_jet columns of X and the value alone at the others (their grad
  /// and hess_diag are zero), e.g. a PINN loss's collocation points followed by its
  /// boundary points, whose terms read only the value. Values equal estimate()'s. The
  /// default is estimate() on every column; an estimator whose value is f(x) evaluates the
  /// tail at x alone (PinnLoss: 2.9x fewer network evaluations on the quick start).
  virtual void estimate_head(BatchFunction& f, const ConstMatRef& X, Eigen::Index n_jet, Jet& jet);
  /// estimate_head() of every member of a family, as estimate_family() is of estimate().
  virtual void estimate_family_head(StencilFamily& family, const ConstMatRef& X,
                                    Eigen::Index n_jet, std::vector<Jet>& jets);

 protected:
  /// Throws InputError unless f and X have the estimator's input dimension.
  void check_input(const BatchFunction& f, const ConstMatRef& X) const;
};

}  // namespace tonnsim::pinn

namespace tonnsim {
template <>
struct EnumNames<pinn::EstimatorKind> {
  static constexpr const char* type = "derivative estimator";
  static constexpr std::array<std::pair<pinn::EstimatorKind, const char*>, 4> names{
      {{pinn::EstimatorKind::kSparseGrid, "sparse_grid"},
       {pinn::EstimatorKind::kMonteCarlo, "monte_carlo"},
       {pinn::EstimatorKind::kFiniteDifference, "finite_difference"},
       {pinn::EstimatorKind::kExact, "exact"}}};
};
}  // namespace tonnsim
