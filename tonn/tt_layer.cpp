#include "tonn/tt_layer.hpp"

#include <vector>

#include "core/error.hpp"
#include "tonn/dense_layer.hpp"

namespace tonnsim::tonn {

using Index = Eigen::Index;

TTLayer::TTLayer(std::unique_ptr<CoreProvider> provider, Vec bias, TTForward forward)
    : LinearLayer(provider->shape().in_dim(), provider->shape().out_dim()),
      provider_(std::move(provider)),
      forward_(forward) {
  set_bias(bias);
}

TTLayer::TTLayer(const TTLayer& o)
    : LinearLayer(o),
      provider_(o.provider_->clone()),
      forward_(o.forward_),
      cores_(o.cores_),
      plan_(o.plan_),
      dense_(o.dense_) {}

std::unique_ptr<LinearLayer> TTLayer::clone() const { return std::make_unique<TTLayer>(*this); }

void TTLayer::set_forward_mode(TTForward f) {
  forward_ = f;
  mark_stale();
}

void TTLayer::realize_weights() {
  provider_->realize(cores_);
  plan_ = TTContraction(shape(), cores_);
  dense_.resize(0, 0);
  if (forward_ == TTForward::kDense) dense_ = dense_weight();
}

double TTLayer::cost_per_sample() const {
  return forward_ == TTForward::kDense ? double(in_dim()) * double(out_dim()) : plan_.cost();
}

Index TTLayer::scratch_size(Index rows) const {
  return forward_ == TTForward::kDense ? 0 : plan_.scratch_size(rows);
}

void TTLayer::apply_linear(const double* in, double* out, Index rows, double* scratch) const {
  if (forward_ == TTForward::kDense)
    apply_dense(dense_, in, out, rows);
  else
    plan_.apply(in, out, rows, scratch);
}

Mat TTLayer::dense_weight() const {
  if (dense_.size() > 0) return dense_;
  // The contraction applied to the identity batch gives A^T (sample i = e_i).
  const Index M = in_dim();
  const Mat eye = Mat::Identity(M, M);
  Mat At(M, out_dim());
  std::vector<double> scratch(plan_.scratch_size(M));
  plan_.apply(eye.data(), At.data(), M, scratch.data());
  return At.transpose();
}

}  // namespace tonnsim::tonn
