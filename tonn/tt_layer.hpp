#pragma once
// A TT-matrix affine layer y = A x + b with A given by TT cores (tonn/tt_shape.hpp),
// whose effective cores come from a realisation strategy (tonn/core_provider.hpp).
#include <memory>

#include "core/enum_names.hpp"
#include "tonn/core_provider.hpp"
#include "tonn/linear_layer.hpp"
#include "tonn/tt_contraction.hpp"

namespace tonnsim::tonn {

/// How the digital forward pass applies A: contracting the cores per block, or one GEMM
/// with the dense A rebuilt once per programmed state. Same numbers; speed differs.
enum class TTForward { kContract, kDense };

}  // namespace tonnsim::tonn

namespace tonnsim {
template <>
struct EnumNames<tonn::TTForward> {
  static constexpr const char* type = "tt forward mode";
  static constexpr std::array<std::pair<tonn::TTForward, const char*>, 2> names{
      {{tonn::TTForward::kContract, "contract"}, {tonn::TTForward::kDense, "dense"}}};
};
}  // namespace tonnsim

namespace tonnsim::tonn {

/// Parameter groups: the provider's groups (digital: "core0".."core{d-1}"), then "bias".
class TTLayer final : public LinearLayer {
 public:
  TTLayer(std::unique_ptr<CoreProvider> provider, Vec bias,
          TTForward forward = TTForward::kContract);
  TTLayer(const TTLayer& other);
  TTLayer& operator=(const TTLayer&) = delete;

  std::unique_ptr<LinearLayer> clone() const override;
  const TTShape& shape() const { return provider_->shape(); }
  CoreProvider& provider() { return *provider_; }
  const CoreProvider& provider() const { return *provider_; }
  /// Effective cores of the realised state.
  const std::vector<Mat>& effective_cores() const { return cores_; }

  TTForward forward_mode() const { return forward_; }
  /// Takes effect at the next realize().
  void set_forward_mode(TTForward f);

  double cost_per_sample() const override;
  Eigen::Index scratch_size(Eigen::Index rows) const override;
  void apply_linear(const double* in, double* out, Eigen::Index rows,
                    double* scratch) const override;
  void apply_linear(const float* in, float* out, Eigen::Index rows,
                    float* scratch) const override;
  Mat dense_weight() const override;

 protected:
  std::vector<GroupSpec> weight_groups() const override { return provider_->parameter_groups(); }
  void get_weights(double* out) const override { provider_->get_parameters(out); }
  void set_weights(const double* in) override { provider_->set_parameters(in); }
  void realize_weights() override;

 private:
  // Buffers of contraction_to_dense, kept so that kDense realisations reuse them.
  struct DenseScratch {
    std::vector<double> identity, out, scratch;
  };
  // A (N x M) from the current plan; allocates only when the buffers are too small.
  void contraction_to_dense(DenseScratch& s, Mat& A) const;

  std::unique_ptr<CoreProvider> provider_;
  TTForward forward_;
  std::vector<Mat> cores_;
  TTContraction plan_;
  template <class T>
  void apply(const T* in, T* out, Eigen::Index rows, T* scratch) const;

  Mat dense_;  // A, kept only in kDense mode
  MatF dense_f32_;  // A rounded to float (kDense mode)
  DenseScratch dense_scratch_;  // not copied: scratch
};

}  // namespace tonnsim::tonn
