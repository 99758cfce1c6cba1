#include "tonn/tt_layer.hpp"

#include <algorithm>
#include <type_traits>
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
      dense_(o.dense_),
      dense_f32_(o.dense_f32_) {}

std::unique_ptr<LinearLayer> TTLayer::clone() const { return std::make_unique<TTLayer>(*this); }

void TTLayer::set_forward_mode(TTForward f) {
  forward_ = f;
  mark_stale();
}

void TTLayer::realize_weights() {
  provider_->realize(cores_);
  plan_.set_cores(shape(), cores_);  // in place after the first state
  if (forward_ == TTForward::kDense) {
    contraction_to_dense(dense_scratch_, dense_);
    dense_f32_ = dense_.cast<float>();
  } else {
    dense_.resize(0, 0);
    dense_f32_.resize(0, 0);
  }
}

double TTLayer::cost_per_sample() const {
  return forward_ == TTForward::kDense ? double(in_dim()) * double(out_dim()) : plan_.cost();
}

Index TTLayer::scratch_size(Index rows) const {
  return forward_ == TTForward::kDense ? 0 : plan_.scratch_size(rows);
}

template <class T>
void TTLayer::apply(const T* in, T* out, Index rows, T* scratch) const {
  if (forward_ != TTForward::kDense)
    plan_.apply(in, out, rows, scratch);
  else if constexpr (std::is_same_v<T, float>)
    apply_dense(dense_f32_, in, out, rows);
  else
    apply_dense(dense_, in, out, rows);
}

void TTLayer::apply_linear(const double* in, double* out, Index rows, double* scratch) const {
  apply(in, out, rows, scratch);
}

void TTLayer::apply_linear(const float* in, float* out, Index rows, float* scratch) const {
  apply(in, out, rows, scratch);
}

Mat TTLayer::dense_weight() const {
  if (dense_.size() > 0) return dense_;
  DenseScratch scratch;
  Mat A;
  contraction_to_dense(scratch, A);
  return A;
}

void TTLayer::contraction_to_dense(DenseScratch& s, Mat& A) const {
  // The contraction applied to identity samples gives rows of A^T (sample r = e_{i0 + r}).
  // Blocks of kDenseBlockRows samples bound the buffers; each sample's result does not
  // depend on the block it runs in, so A is the same as from one M-sample batch.
  constexpr Index kDenseBlockRows = 64;
  const Index M = in_dim(), N = out_dim(), R = std::min(M, kDenseBlockRows);
  A.resize(N, M);
  s.identity.resize(R * M);
  s.out.resize(R * N);
  s.scratch.resize(plan_.scratch_size(R));
  for (Index i0 = 0; i0 < M; i0 += R) {
    const Index rows = std::min(R, M - i0);
    Eigen::Map<Mat> eye(s.identity.data(), rows, M);
    eye.setZero();
    for (Index r = 0; r < rows; ++r) eye(r, i0 + r) = 1.0;
    plan_.apply(eye.data(), s.out.data(), rows, s.scratch.data());
    A.middleCols(i0, rows) = Eigen::Map<const Mat>(s.out.data(), rows, N).transpose();
  }
}

}  // namespace tonnsim::tonn
