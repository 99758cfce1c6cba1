#pragma once
// The physics-informed loss from forward network evaluations only.
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "pinn/derivative_estimator.hpp"
#include "pinn/estimator_factory.hpp"
#include "pinn/pde.hpp"
#include "pinn/pde_library.hpp"
#include "pinn/point_split.hpp"
#include "pinn/reference_solution.hpp"
#include "pinn/test_metrics.hpp"
#include "tonn/network_gradient.hpp"

namespace tonnsim::pinn {

struct PinnLossOptions {
  /// Collocation points per step; 100, resampled every step, in the published HJB runs.
  int n_collocation = 100;
  /// Points per soft condition term per step (PDEs without hard constraints).
  int n_condition = 100;
  /// Fixed test set for the relative L2 error; 10,000 in the published HJB runs.
  int n_test = 10000;
  /// Training stream: step k draws its points from make_rng(seed, Stream::kSampling, k).
  std::uint64_t seed = 0;
  /// The test set comes from its own seed, so runs with different training seeds are
  /// scored on the same points.
  std::uint64_t test_seed = 20240101;
  /// Weights lambda_i of the soft condition terms, in the order of Pde::conditions();
  /// empty keeps each term's own weight (the PDE's condition_weight). Per-term weights are
  /// the usual remedy when one condition (e.g. Burgers' initial data, Black-Scholes' payoff)
  /// carries the solution and its residual is out of scale with the others (Wang, Teng and
  /// Perdikaris, SIAM J. Sci. Comput. 43, 2021). Each >= 0; the length must equal the
  /// PDE's number of condition terms (checked when the loss is built).
  std::vector<double> condition_weights;
  /// Test set from data (pinn/reference_solution.hpp) for problems without an exact
  /// solution, or to score against a simulation: when given, its points and values
  /// replace the n_test sampled points and Pde::exact (n_test and test_seed unused).
  ReferenceSolution reference;

  void validate() const;
};

/// Loss value split by term: total = residual_mse + sum_i weight_i condition_mse[i].
struct LossTerms {
  double residual_mse = 0.0;
  std::vector<double> condition_mse;  ///< in the order of Pde::conditions()
  double total = 0.0;
};

/// L(f) = 1/n sum_b r(x_b)^2 + sum_i lambda_i 1/m sum_c (u(y_c) - g_i(y_c))^2, where
/// u = g + h N_sigma applies the PDE's ansatz to the estimator's (smoothed) network jet
/// and r is the PDE residual of u (Raissi et al., J. Comput. Phys. 378, 2019; smoothed,
/// BP-free variant of Zhao et al., 2023). All collocation and condition points of a step
/// go to the estimator as one batch: one evaluate_stencil call per loss.
///
/// The test error is ||u - u_exact||_2 / ||u_exact||_2 on the fixed test set, where u is
/// the prediction from the estimator's value (sum_k w_k f(x + sigma z_k) for the sparse
/// grid: the smoothed model is the model). test_metrics() adds the error relative to the
/// learned part, ||u - u_exact|| / ||u_exact - g||, and the max-abs error; trivial_baselines()
/// scores N = 0, the best constant N and the PDE's data guess on the same points, the
/// constant going through the same estimator value (g + c h s with s the smoothed
/// constant 1: 1 up to rounding for every estimator, whose value weights sum to 1).
class PinnLoss {
 public:
  PinnLoss(std::unique_ptr<Pde> pde, std::unique_ptr<DerivativeEstimator> estimator,
           const PinnLossOptions& options = {});

  /// Draws the step's collocation and condition points and lets the estimator redraw its
  /// directions. Every loss() until the next call uses the same points (common random
  /// numbers for zeroth-order differences). The constructor calls begin_step(0).
  void begin_step(std::uint64_t step);

  double loss(BatchFunction& f) { return loss_terms(f).total; }
  LossTerms loss_terms(BatchFunction& f);
  /// loss_terms() of every member of a family (e.g. the programmed states of one
  /// zeroth-order iteration) on this step's points, through one estimate_family() call;
  /// entry m equals loss_terms(family.member(m)), except that a non-finite total does not
  /// throw here: the caller checks the members in its order with require_finite().
  std::vector<LossTerms> family_loss_terms(tonn::StencilFamily& family);
  /// Throws RunError when terms.total is not finite (what loss_terms() does).
  void require_finite(const LossTerms& terms) const;
  /// The loss (equal to loss(net)) and its exact gradient with respect to the network's
  /// flat parameters, by back-propagation through the residual, the ansatz, the
  /// estimator's linear read-out and the network (pinn/loss_gradient.hpp). Needs a
  /// stencil estimator (sparse grid, Monte-Carlo, finite differences) and a digital
  /// network; InputError otherwise. Defined in pinn/loss_gradient.cpp.
  double loss_and_gradient(tonn::Network& net, Vec& grad);
  /// Relative L2 error of the prediction on the test set: test_metrics(f).rel_l2.
  double test_error(BatchFunction& f) { return test_metrics(f).rel_l2; }
  /// rel L2 of u and of the learned part, and the max-abs error, of f's prediction.
  TestMetrics test_metrics(BatchFunction& f);
  /// The trivial predictors' scores on the test set; computed once, at construction.
  const TrivialBaselines& trivial_baselines() const { return baselines_; }

  const Pde& pde() const { return *pde_; }
  DerivativeEstimator& estimator() { return *estimator_; }
  /// This step's points: collocation first, then each condition's block.
  const Mat& points() const { return points_; }
  const Mat& test_points() const { return test_points_; }
  /// Network evaluations per loss() call: collocation points x stencil size, plus condition
  /// points x the estimator's value-only count (1 for finite differences, whose value is
  /// f(x); the stencil size for Stein estimators, whose value is the smoothed network).
  /// What the chip ledger charges per programmed state (scenarios/runner/experiment.cpp).
  Eigen::Index evaluations_per_loss() const;
  /// Network evaluations of one loss_and_gradient() forward pass: every point through the
  /// whole stencil (its reverse pass differentiates the stencil blocks uniformly).
  Eigen::Index gradient_evaluations_per_loss() const;

  /// Splits the points of every loss(), family_loss_terms() and test_metrics() call among
  /// cooperating processes (pinn/point_split.hpp: each evaluates its part of the points,
  /// then all exchange the per-point jets or values and form the same sums from the whole
  /// batch, so results do not depend on the number of processes). Every process must make
  /// the same sequence of calls. nullptr, the default: this process evaluates every point.
  /// loss_and_gradient() splits its reverse pass too: each process differentiates its part
  /// of the point blocks (tonn::NetworkGradient::stencil_blocks), all exchange the block
  /// gradients and add them in block order. Not owned.
  void set_point_split(PointSplit* split) { split_ = split; }

 private:
  void check_network(const BatchFunction& f) const;
  /// The estimator's jets of `members` networks on this step's points: `estimate` called
  /// once on all points, or on this process's part followed by the exchange.
  /// `estimate` gets the points and how many of its leading columns are collocation points
  /// (the rest need the value alone: DerivativeEstimator::estimate_head).
  using PartEstimate =
      std::function<void(const ConstMatRef& X, Eigen::Index n_jet, std::vector<Jet>& jets)>;
  const std::vector<Jet>& estimate_on_points(int members, const PartEstimate& estimate);
  /// The loss terms of the network whose (smoothed) jet on points_ is `network_jet`
  /// (not checked for finiteness).
  LossTerms terms_from_jet(const Jet& network_jet);
  TrivialBaselines score_baselines();

  std::unique_ptr<Pde> pde_;
  std::unique_ptr<DerivativeEstimator> estimator_;
  PinnLossOptions options_;
  std::vector<ConditionTerm> conditions_;
  Mat points_;
  Vec targets_;  // condition targets, aligned with points_ after the collocation block
  Mat test_points_;
  Vec test_exact_;
  Vec test_fixed_;  // g on the test set: the prediction with N = 0
  TrivialBaselines baselines_;
  PointSplit* split_ = nullptr;
  // Scratch reused across calls.
  Jet solution_jet_;
  std::vector<Jet> jets_, part_jets_;
  Mat exchange_;  // per-point results of every process (one column per point)
  Vec residual_, prediction_, test_network_, test_prediction_;
  // Reverse-pass scratch of loss_and_gradient().
  tonn::NetworkGradient network_gradient_;
  Jet solution_bar_, collocation_bar_, network_bar_;
  Mat stencil_bar_;
  Mat block_gradients_;  // parameters x point blocks (tonn::NetworkGradient::stencil_blocks)
};

/// PinnLoss from scenario options; InputError for bad names or values.
PinnLoss make_pinn_loss(const PdeOptions& pde, const EstimatorOptions& estimator,
                        const PinnLossOptions& options = {});

}  // namespace tonnsim::pinn
