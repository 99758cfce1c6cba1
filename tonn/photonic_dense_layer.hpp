#pragma once
// A dense affine layer y = W x + b whose weight W (out x in) is tiled onto k x k photonic
// tensor cores (DenseRealisation::kPhotonicTiles): the parameters are the MZI phases.
#include <cstdint>

#include "tonn/linear_layer.hpp"
#include "tonn/photonic_matrix.hpp"

namespace tonnsim::tonn {

/// Parameter groups "weight" (the PhotonicMatrix phases of W, rad) and "bias". The chip is
/// fabricated from the first draw of make_rng(options.seed, kFabrication, chip_index);
/// dynamic noise comes from make_rng(options.seed, kPhaseNoise, chip_index), drawn once
/// per realize().
class PhotonicDenseLayer final : public LinearLayer {
 public:
  PhotonicDenseLayer(const Mat& weight, Vec bias, const PhotonicOptions& options,
                     std::uint64_t chip_index = 0);

  std::unique_ptr<LinearLayer> clone() const override;
  double cost_per_sample() const override { return double(in_dim()) * double(out_dim()); }
  void apply_linear(const double* in, double* out, Eigen::Index rows,
                    double* scratch) const override;
  void apply_linear(const float* in, float* out, Eigen::Index rows,
                    float* scratch) const override;
  Mat dense_weight() const override { return effective_; }
  const PhotonicMatrix& matrix() const { return matrix_; }
  const PhotonicOptions& options() const { return options_; }
  /// The dynamic-noise stream (checkpoint or reseed it for reproducible runs).
  Rng& noise_rng() { return noise_; }

 protected:
  std::vector<GroupSpec> weight_groups() const override {
    return {{"weight", matrix_.num_phases()}};
  }
  void get_weights(double* out) const override;
  void set_weights(const double* in) override { matrix_.set_phases(in); }
  // The chip's matrix in double, rounded to float once per programmed state for kF32.
  void realize_weights() override {
    matrix_.effective_matrix(noise_, effective_);
    effective_f32_ = effective_.cast<float>();
  }

 private:
  PhotonicOptions options_;
  PhotonicMatrix matrix_;
  Rng noise_;
  Mat effective_;
  MatF effective_f32_;
};

}  // namespace tonnsim::tonn
