#include "pinn/pinn_loss.hpp"

#include <algorithm>
#include <cmath>

#include "core/error.hpp"
#include "core/rng.hpp"
#include "core/timer.hpp"

namespace tonnsim::pinn {

void PinnLossOptions::validate() const {
  require(n_collocation >= 1, "n_collocation", n_collocation, "must be >= 1");
  require(n_condition >= 1, "n_condition", n_condition, "must be >= 1");
  require(n_test >= 1, "n_test", n_test, "must be >= 1");
  for (std::size_t i = 0; i < condition_weights.size(); ++i)
    require(condition_weights[i] >= 0.0, "condition_weights[" + std::to_string(i) + "]",
            condition_weights[i], "must be >= 0");
}

PinnLoss::PinnLoss(std::unique_ptr<Pde> pde, std::unique_ptr<DerivativeEstimator> estimator,
                   const PinnLossOptions& options)
    : pde_(std::move(pde)), estimator_(std::move(estimator)), options_(options) {
  options_.validate();
  require(pde_ != nullptr && estimator_ != nullptr, "pinn loss", "null",
          "needs a PDE and an estimator");
  require(estimator_->input_dim() == pde_->input_dim(), "estimator input_dim",
          estimator_->input_dim(),
          "must equal the " + pde_->name() + " input dimension " +
              std::to_string(pde_->input_dim()) + " (space + time)");
  conditions_ = pde_->conditions();
  if (!options_.condition_weights.empty()) {
    require(options_.condition_weights.size() == conditions_.size(), "condition_weights",
            std::to_string(options_.condition_weights.size()) + " values",
            "must have one weight per condition term of " + pde_->name() + " (" +
                std::to_string(conditions_.size()) + ")");
    for (std::size_t i = 0; i < conditions_.size(); ++i)
      conditions_[i].weight = options_.condition_weights[i];
  }
  if (options_.reference.given()) {
    options_.reference.validate(pde_->input_dim());
    test_points_ = options_.reference.points;
    test_exact_ = options_.reference.values;
  } else {
    Rng test_rng = make_rng(options_.test_seed, Stream::kSampling, 0);
    test_points_ = pde_->sample_test(test_rng, options_.n_test);
    test_exact_.resize(options_.n_test);
    pde_->exact(test_points_, test_exact_);
  }
  begin_step(0);
  const Eigen::Index n_test = test_points_.cols();
  test_fixed_.resize(n_test);
  pde_->prediction(test_points_, Vec::Zero(n_test), test_fixed_);
  baselines_ = score_baselines();
}

namespace {
/// N(x) = c everywhere: the constant network of the baselines.
class ConstantNetwork final : public BatchFunction {
 public:
  ConstantNetwork(int dim, double c) : dim_(dim), c_(c) {}
  int input_dim() const override { return dim_; }
  void evaluate(const ConstMatRef&, VecRef y) override { y.setConstant(c_); }
  void evaluate_stencil(const ConstMatRef&, const ConstMatRef&, MatRef Y) override {
    Y.setConstant(c_);
  }

 private:
  int dim_;
  double c_;
};
}  // namespace

TrivialBaselines PinnLoss::score_baselines() {
  // The prediction is affine in the network's value: p = g + h N_sigma. Passing the
  // constant 1 through the estimator gives the scale s = h * 1_sigma of a constant
  // network, so the constant baseline is scored exactly as a network would be.
  ConstantNetwork one(pde_->input_dim(), 1.0);
  const Eigen::Index n_test = test_points_.cols();
  Vec smoothed_one(n_test), scale(n_test);
  estimator_->value(one, test_points_, smoothed_one);
  pde_->prediction(test_points_, smoothed_one, scale);
  scale -= test_fixed_;
  Vec data;
  std::string description;
  if (const std::optional<DataGuess> guess = pde_->data_guess()) {
    data.resize(n_test);
    guess->evaluate(test_points_, data);
    description = guess->description;
  }
  return pinn::trivial_baselines(test_fixed_, scale, test_exact_, data, description);
}

void PinnLoss::begin_step(std::uint64_t step) {
  ScopedTimer t("loss/sample");
  Rng rng = make_rng(options_.seed, Stream::kSampling, step);
  const Eigen::Index nc = options_.n_collocation, nb = options_.n_condition;
  const Eigen::Index total = nc + nb * Eigen::Index(conditions_.size());
  points_.resize(pde_->input_dim(), total);
  targets_.resize(total - nc);
  points_.leftCols(nc) = pde_->sample_collocation(rng, nc);
  for (std::size_t i = 0; i < conditions_.size(); ++i) {
    const Eigen::Index c0 = nc + Eigen::Index(i) * nb;
    points_.middleCols(c0, nb) = conditions_[i].sample(rng, nb);
    conditions_[i].target(points_.middleCols(c0, nb), targets_.segment(c0 - nc, nb));
  }
  estimator_->begin_step(step);
}

void PinnLoss::check_network(const BatchFunction& f) const {
  require(f.input_dim() == pde_->input_dim(), "network input_dim", f.input_dim(),
          "must equal the " + pde_->name() + " input dimension " +
              std::to_string(pde_->input_dim()) + " (space + time)");
}

const std::vector<Jet>& PinnLoss::estimate_on_points(int members, const PartEstimate& estimate) {
  jets_.resize(static_cast<std::size_t>(members));
  const Eigen::Index nc = options_.n_collocation;
  if (!split_) {
    estimate(points_, nc, jets_);
    return jets_;
  }
  const Eigen::Index n = points_.cols(), D = pde_->input_dim(), per = 1 + 2 * D;
  const ColumnRange mine = part_columns(n, split_->part(), split_->parts());
  exchange_.resize(members * per, n);
  if (mine.size() > 0) {
    part_jets_.resize(static_cast<std::size_t>(members));
    // The collocation block comes first: this part's leading columns up to nc need jets.
    const Eigen::Index n_jet = std::clamp<Eigen::Index>(nc - mine.begin, 0, mine.size());
    estimate(points_.middleCols(mine.begin, mine.size()), n_jet, part_jets_);
    for (int m = 0; m < members; ++m) {
      const Jet& j = part_jets_[std::size_t(m)];
      exchange_.block(m * per, mine.begin, 1, mine.size()) = j.value.transpose();
      exchange_.block(m * per + 1, mine.begin, D, mine.size()) = j.grad;
      exchange_.block(m * per + 1 + D, mine.begin, D, mine.size()) = j.hess_diag;
    }
  }
  split_->all_gather_columns(exchange_);
  for (int m = 0; m < members; ++m) {
    Jet& j = jets_[std::size_t(m)];
    j.value = exchange_.row(m * per).transpose();
    j.grad = exchange_.middleRows(m * per + 1, D);
    j.hess_diag = exchange_.middleRows(m * per + 1 + D, D);
  }
  return jets_;
}

LossTerms PinnLoss::loss_terms(BatchFunction& f) {
  check_network(f);
  const std::vector<Jet>& jets =
      estimate_on_points(1, [&](const ConstMatRef& X, Eigen::Index n_jet, std::vector<Jet>& j) {
        estimator_->estimate_head(f, X, n_jet, j[0]);
      });
  LossTerms terms = terms_from_jet(jets[0]);
  require_finite(terms);
  return terms;
}

void PinnLoss::require_finite(const LossTerms& terms) const {
  if (!std::isfinite(terms.total))
    throw RunError("pinn loss on " + pde_->name() + " is not finite");
}

std::vector<LossTerms> PinnLoss::family_loss_terms(tonn::StencilFamily& family) {
  for (int m = 0; m < family.size(); ++m) check_network(family.member(m));
  const std::vector<Jet>& jets =
      estimate_on_points(family.size(),
                         [&](const ConstMatRef& X, Eigen::Index n_jet, std::vector<Jet>& j) {
                           estimator_->estimate_family_head(family, X, n_jet, j);
                         });
  std::vector<LossTerms> terms;
  for (const Jet& jet : jets) terms.push_back(terms_from_jet(jet));
  return terms;
}

LossTerms PinnLoss::terms_from_jet(const Jet& network_jet) {
  ScopedTimer t("loss/residual");
  const Eigen::Index nc = options_.n_collocation, nb = options_.n_condition;
  LossTerms out;
  // The residual needs the full jet on the collocation block only.
  Jet colloc{network_jet.value.head(nc), network_jet.grad.leftCols(nc),
             network_jet.hess_diag.leftCols(nc)};
  const auto X = points_.leftCols(nc);
  pde_->solution_jet(X, colloc, solution_jet_);
  residual_.resize(nc);
  pde_->residual(X, solution_jet_, residual_);
  out.residual_mse = residual_.squaredNorm() / double(nc);
  out.total = out.residual_mse;
  if (!conditions_.empty()) {
    prediction_.resize(points_.cols() - nc);
    pde_->prediction(points_.rightCols(prediction_.size()),
                     network_jet.value.tail(prediction_.size()), prediction_);
    for (std::size_t i = 0; i < conditions_.size(); ++i) {
      const Eigen::Index c0 = Eigen::Index(i) * nb;
      const double mse =
          (prediction_.segment(c0, nb) - targets_.segment(c0, nb)).squaredNorm() / double(nb);
      out.condition_mse.push_back(mse);
      out.total += conditions_[i].weight * mse;
    }
  }
  return out;
}

TestMetrics PinnLoss::test_metrics(BatchFunction& f) {
  check_network(f);
  ScopedTimer t("loss/test");
  test_network_.resize(test_points_.cols());
  test_prediction_.resize(test_points_.cols());
  if (!split_) {
    estimator_->value(f, test_points_, test_network_);
  } else {  // this process's part of the test set, then the exchange (point_split.hpp)
    const Eigen::Index n = test_points_.cols();
    const ColumnRange mine = part_columns(n, split_->part(), split_->parts());
    if (mine.size() > 0)
      estimator_->value(f, test_points_.middleCols(mine.begin, mine.size()),
                        test_network_.segment(mine.begin, mine.size()));
    exchange_ = test_network_.transpose();
    split_->all_gather_columns(exchange_);
    test_network_ = exchange_.row(0).transpose();
  }
  pde_->prediction(test_points_, test_network_, test_prediction_);
  return pinn::test_metrics(test_prediction_, test_exact_, test_fixed_);
}

Eigen::Index PinnLoss::evaluations_per_loss() const {
  const Eigen::Index nc = options_.n_collocation;
  return nc * estimator_->evaluations_per_point() +
         (points_.cols() - nc) * estimator_->head_value_evaluations_per_point();
}

Eigen::Index PinnLoss::gradient_evaluations_per_loss() const {
  return points_.cols() * estimator_->evaluations_per_point();
}

PinnLoss make_pinn_loss(const PdeOptions& pde, const EstimatorOptions& estimator,
                        const PinnLossOptions& options) {
  std::unique_ptr<Pde> p = make_pde(pde);
  const int dim = p->input_dim();
  return PinnLoss(std::move(p), make_estimator(estimator, dim), options);
}

}  // namespace tonnsim::pinn
