#include "pinn/loss_gradient.hpp"

#include "core/error.hpp"
#include "core/timer.hpp"
#include "pinn/pinn_loss.hpp"

namespace tonnsim::pinn {

void stencil_cotangent(const StencilEstimator& estimator, const Jet& jet_bar, Mat& stencil_bar) {
  const Eigen::Index D = estimator.input_dim(), B = jet_bar.batch();
  require(jet_bar.dim() == D, "jet cotangent dimension", jet_bar.dim(),
          "must equal the estimator's input dimension " + std::to_string(D));
  // [value, grad^T, hess^T] (B x (1 + 2D)) times R: one dense-times-sparse product,
  // vectorised over the B points of each stencil column.
  Mat stacked(B, 1 + 2 * D);
  stacked.col(0) = jet_bar.value;
  stacked.middleCols(1, D) = jet_bar.grad.transpose();
  stacked.rightCols(D) = jet_bar.hess_diag.transpose();
  Mat transposed = stacked * estimator.readout();
  transposed.noalias() +=
      jet_bar.hess_diag.colwise().sum().transpose() * estimator.hess_common().transpose();
  stencil_bar = transposed.transpose();
}

double PinnLoss::loss_and_gradient(tonn::Network& net, Vec& grad) {
  const auto* stencil = dynamic_cast<const StencilEstimator*>(estimator_.get());
  require(stencil != nullptr, "estimator", to_string(estimator_->kind()),
          "exact loss gradients need a stencil estimator (sparse_grid, monte_carlo, "
          "finite_difference); the exact estimator's forward-mode jets have no reverse pass");
  const double total = loss_terms(net).total;  // leaves this step's jets and residual
  ScopedTimer t("loss/gradient");
  const Eigen::Index nc = options_.n_collocation, nb = options_.n_condition;
  const Eigen::Index D = points_.rows(), n_points = points_.cols();
  const auto X = points_.leftCols(nc);
  const Vec r_bar = (2.0 / double(nc)) * residual_;
  pde_->residual_vjp(X, solution_jet_, r_bar, solution_bar_);
  pde_->network_cotangent(X, solution_bar_, collocation_bar_);
  network_bar_.resize(D, n_points);
  network_bar_.value.setZero();
  network_bar_.grad.setZero();
  network_bar_.hess_diag.setZero();
  network_bar_.value.head(nc) = collocation_bar_.value;
  network_bar_.grad.leftCols(nc) = collocation_bar_.grad;
  network_bar_.hess_diag.leftCols(nc) = collocation_bar_.hess_diag;
  if (!conditions_.empty()) {
    // Condition terms see u = g + h N through N's value only.
    Jet g, h;
    pde_->hard_constraint(points_.rightCols(n_points - nc), g, h);
    for (std::size_t i = 0; i < conditions_.size(); ++i) {
      const Eigen::Index c0 = Eigen::Index(i) * nb;
      network_bar_.value.segment(nc + c0, nb) =
          (2.0 * conditions_[i].weight / double(nb)) *
          ((prediction_.segment(c0, nb) - targets_.segment(c0, nb)).array() *
           h.value.segment(c0, nb).array())
              .matrix();
    }
  }
  stencil_cotangent(*stencil, network_bar_, stencil_bar_);
  // The reverse pass by point blocks (tonn/network_gradient.hpp): this process's blocks,
  // then every process's, added in block order, so the gradient is the same bits for
  // every process count and thread count.
  const Mat& S = stencil->shifts();
  const Eigen::Index blocks =
      tonn::NetworkGradient::stencil_block_count(net.options().block_rows, n_points, S.cols());
  block_gradients_.resize(net.num_parameters(), blocks);
  const ColumnRange mine = split_ != nullptr
                               ? part_columns(blocks, split_->part(), split_->parts())
                               : ColumnRange{0, blocks};
  network_gradient_.stencil_blocks(net, points_, S, stencil_bar_, mine.begin, mine.end,
                                   block_gradients_.middleCols(mine.begin, mine.size()));
  if (split_ != nullptr) split_->all_gather_columns(block_gradients_);
  tonn::NetworkGradient::sum_blocks(block_gradients_, grad);
  return total;
}

}  // namespace tonnsim::pinn
