#pragma once
// A dense affine layer y = W x + b (W: out x in), digital weights.
#include "tonn/linear_layer.hpp"

namespace tonnsim::tonn {

/// Parameter groups "weight" (W in column-major order) and "bias".
class DenseLayer final : public LinearLayer {
 public:
  DenseLayer(Mat weight, Vec bias);

  std::unique_ptr<LinearLayer> clone() const override;
  double cost_per_sample() const override { return double(in_dim()) * double(out_dim()); }
  void apply_linear(const double* in, double* out, Eigen::Index rows,
                    double* scratch) const override;
  void apply_linear(const float* in, float* out, Eigen::Index rows,
                    float* scratch) const override;
  Mat dense_weight() const override { return weight_; }
  const Mat& weight() const { return weight_; }

 protected:
  std::vector<GroupSpec> weight_groups() const override { return {{"weight", weight_.size()}}; }
  void get_weights(double* out) const override;
  void set_weights(const double* in) override;
  void realize_weights() override { weight_f32_ = weight_.cast<float>(); }

 private:
  Mat weight_;
  MatF weight_f32_;  // weight_ rounded to float at realisation (Precision::kF32)
};

/// out (rows x W.rows()) = in (rows x W.cols()) * W^T: the GEMM shared by dense layers and
/// TT layers applied through their rebuilt dense weight, in double or float.
template <class T>
void apply_dense(const Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic>& W, const T* in,
                 T* out, Eigen::Index rows);

}  // namespace tonnsim::tonn
