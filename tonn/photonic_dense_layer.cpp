#include "tonn/photonic_dense_layer.hpp"

#include <algorithm>

#include "tonn/dense_layer.hpp"

namespace tonnsim::tonn {

PhotonicDenseLayer::PhotonicDenseLayer(const Mat& weight, Vec bias, const PhotonicOptions& options,
                                       std::uint64_t chip_index)
    : LinearLayer(weight.cols(), weight.rows()),
      options_(options),
      matrix_(weight, options, make_rng(options.seed, Stream::kFabrication, chip_index)()),
      noise_(make_rng(options.seed, Stream::kPhaseNoise, chip_index)),
      effective_(weight.rows(), weight.cols()) {
  set_bias(bias);
}

std::unique_ptr<LinearLayer> PhotonicDenseLayer::clone() const {
  return std::make_unique<PhotonicDenseLayer>(*this);
}

void PhotonicDenseLayer::apply_linear(const double* in, double* out, Eigen::Index rows,
                                      double* /*scratch*/) const {
  apply_dense(effective_, in, out, rows);
}

void PhotonicDenseLayer::apply_linear(const float* in, float* out, Eigen::Index rows,
                                      float* /*scratch*/) const {
  apply_dense(effective_f32_, in, out, rows);
}

void PhotonicDenseLayer::get_weights(double* out) const {
  std::copy(matrix_.phases().data(), matrix_.phases().data() + matrix_.num_phases(), out);
}

}  // namespace tonnsim::tonn
