#include "tonn/dense_layer.hpp"

#include <algorithm>

namespace tonnsim::tonn {

using Index = Eigen::Index;

void apply_dense(const Mat& W, const double* in, double* out, Index rows) {
  Eigen::Map<const Mat> x(in, rows, W.cols());
  Eigen::Map<Mat> y(out, rows, W.rows());
  y.noalias() = x * W.transpose();
}

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

void DenseLayer::get_weights(double* out) const {
  std::copy(weight_.data(), weight_.data() + weight_.size(), out);
}

void DenseLayer::set_weights(const double* in) {
  std::copy(in, in + weight_.size(), weight_.data());
}

}  // namespace tonnsim::tonn
