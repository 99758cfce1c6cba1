#pragma once
// The interface every PDE of the library implements: what the PINN loss needs to know
// about a problem, and nothing about networks or estimators.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/rng.hpp"
#include "core/types.hpp"
#include "pinn/jet.hpp"
#include "tonn/batch_function.hpp"

namespace tonnsim::pinn {

using tonn::ConstMatRef;
using tonn::VecRef;
using ConstVecRef = Eigen::Ref<const Vec>;

/// A soft condition (initial, terminal or boundary data): the loss adds
/// weight * mean_b (u(x_b) - target(x_b))^2 over points drawn by sample.
struct ConditionTerm {
  std::string name;  ///< e.g. "initial", "boundary x=-1"
  double weight = 1.0;
  /// D x n points on the condition's set.
  std::function<Mat(Rng& rng, Eigen::Index n)> sample;
  /// target(X, u): the prescribed solution values at the columns of X.
  std::function<void(const ConstMatRef& X, VecRef u)> target;
};

/// A prediction from the problem's data alone (no PDE solve), e.g. the initial data
/// carried unchanged in time: a trivial baseline every trained network must beat.
struct DataGuess {
  std::string description;  ///< the formula, for a reader, e.g. "u(x, t) = sum x_i"
  /// u(X): the guess at the columns of X.
  std::function<void(const ConstMatRef& X, VecRef u)> evaluate;
};

/// A PDE on inputs X = (x, t) (space first, time last; time absent for elliptic
/// problems), with an exact or trusted reference solution.
///
/// Hard constraints use the ansatz u = g(X) + h(X) N(X) with N the raw network, e.g. HJB:
/// g = sum x_i, h = 1 - t. The chain rule gives u's jet from N's jet:
///   u_j = g_j + h_j N + h N_j,   u_jj = g_jj + h_jj N + 2 h_j N_j + h N_jj,
/// so an estimator only ever differentiates the network itself.
class Pde {
 public:
  virtual ~Pde() = default;
  virtual std::string name() const = 0;
  /// Space plus time dimension: the network's input dimension.
  virtual int input_dim() const = 0;
  /// n collocation points (D x n), drawn from the interior sampling domain.
  virtual Mat sample_collocation(Rng& rng, Eigen::Index n) const = 0;
  /// Test points for the relative L2 error (default: the collocation distribution).
  virtual Mat sample_test(Rng& rng, Eigen::Index n) const { return sample_collocation(rng, n); }
  /// Residual r(b) at X(:, b) of a candidate solution with jet u (over all D inputs).
  virtual void residual(const ConstMatRef& X, const Jet& u, VecRef r) const = 0;
  /// Vector-Jacobian product of the residual with respect to u's jet: given r_bar (length
  /// B), u_bar(c, b) = r_bar(b) dr(b)/du_c(b) for every jet component c (value, grad row
  /// j, hess_diag row j); r(b) depends on the jet at point b only. The reverse step of
  /// exact loss gradients. Default: central differences in jet space, one component at a
  /// time over the whole batch, with step 1 + |u_c(b)|. Exact up to rounding whenever r is
  /// a polynomial of degree <= 2 in each jet component separately (the central difference
  /// of a quadratic is its derivative), which holds for every PDE of the library; the
  /// library PDEs supply their closed forms through PdeDescription::residual_vjp
  /// (pinn/pde_description.hpp).
  virtual void residual_vjp(const ConstMatRef& X, const Jet& u, const ConstVecRef& r_bar,
                            Jet& u_bar) const;
  /// Exact or reference solution at the columns of X.
  virtual void exact(const ConstMatRef& X, VecRef u) const = 0;
  /// Jet of the exact solution. Default: jet_by_differences of exact() with step
  /// fd_step() (for references without closed-form derivatives, e.g. Burgers).
  virtual void exact_jet(const ConstMatRef& X, Jet& u) const;
  /// Step of the default exact_jet, in input units.
  virtual double fd_step() const { return 1e-3; }
  /// Soft conditions; empty when the ansatz enforces all of them.
  virtual std::vector<ConditionTerm> conditions() const { return {}; }

  /// The documented data-only guess (pinn/test_metrics.hpp baselines); none by default.
  virtual std::optional<DataGuess> data_guess() const { return std::nullopt; }

  /// The ansatz terms g and h with their jets. Default: g = 0, h = 1 (no hard constraint).
  virtual void hard_constraint(const ConstMatRef& X, Jet& g, Jet& h) const;

  /// u's jet from the raw network's jet through the ansatz (chain rule above).
  void solution_jet(const ConstMatRef& X, const Jet& network, Jet& u) const;
  /// The transpose of solution_jet's map N's jet -> u's jet (affine in N): the cotangent
  /// on N's jet from one on u's jet,
  ///   N_bar = h u_bar + sum_j (h_j u_bar_j + h_jj u_bar_jj),
  ///   N_bar_j = h u_bar_j + 2 h_j u_bar_jj,   N_bar_jj = h u_bar_jj.
  void network_cotangent(const ConstMatRef& X, const Jet& u_bar, Jet& network_bar) const;
  /// u = g + h N from raw network values N.
  void prediction(const ConstMatRef& X, const ConstVecRef& network, VecRef u) const;
  /// N = (u - g) / h: the network values that reproduce u (where h != 0). Used to build
  /// the exact network part, e.g. N = 1 for HJB.
  void network_for(const ConstMatRef& X, const ConstVecRef& u, VecRef network) const;
};

/// The jets of g = 0 and h = 1: no hard constraint (u = N), Pde's default ansatz.
void no_hard_constraint(const ConstMatRef& X, Jet& g, Jet& h);

/// Jet of a batched scalar field u by fourth-order central differences with step h
/// (Fornberg, Math. Comp. 51, 1988): error O(h^4) plus round-off O(eps / h^2).
void jet_by_differences(const std::function<void(const ConstMatRef&, VecRef)>& u,
                        const ConstMatRef& X, double h, Jet& jet);

}  // namespace tonnsim::pinn
