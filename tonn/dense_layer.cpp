#include "tonn/dense_layer.hpp"

#include <algorithm>

namespace tonnsim::tonn {

using Index = Eigen::Index;

template <class T>
void apply_dense(const Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic>& W, const T* in,
                 T* out, Index rows) {
  using M = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic>;
  Eigen::Map<const M> x(in, rows, W.cols());
  Eigen::Map<M> y(out, rows, W.rows());
  y.noalias() = x * W.transpose();
}

template void apply_dense<double>(const Mat&, const double*, double*, Index);
template void apply_dense<float>(const MatF&, const float*, float*, Index);

DenseLayer::DenseLayer(Mat weight, Vec bias)
    : LinearLayer(weight.cols(), weight.rows()), weight_(std::move(weight)) {
  set_bias(bias);
}

std::unique_ptr<LinearLayer> DenseLayer::clone() const {
  return std::make_unique<DenseLayer>(*this);
}

void DenseLayer::apply_linear(const double* in, double* out, Index rows, double*) const {
  apply_dense(weight_, in, out, rows);
}

void DenseLayer::apply_linear(const float* in, float* out, Index rows, float*) const {
  apply_dense(weight_f32_, in, out, rows);
}

void DenseLayer::get_weights(double* out) const {
  std::copy(weight_.data(), weight_.data() + weight_.size(), out);
}

void DenseLayer::set_weights(const double* in) {
  std::copy(in, in + weight_.size(), weight_.data());
}

}  // namespace tonnsim::tonn
