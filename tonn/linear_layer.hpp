#pragma once
// The affine part of a network layer, y = A x + b, on sample-fastest blocks.
//
// Blocks: R samples as an R x width column-major matrix (one sample per row), so a dense
// layer is one GEMM and a TT layer contracts cores in place (tonn/tt_contraction.hpp).
//
// Realisation: parameters are programmed with set_parameters(); the effective weights
// (for a photonic layer: what the chip realises, noise included) are computed by
// realize(), once per programmed state, and then reused by every block of every thread.
#include <memory>
#include <string>
#include <vector>

#include "tonn/parameter_group.hpp"

namespace tonnsim::tonn {

class LinearLayer {
 public:
  LinearLayer(Eigen::Index in_dim, Eigen::Index out_dim);
  virtual ~LinearLayer() = default;
  virtual std::unique_ptr<LinearLayer> clone() const = 0;

  Eigen::Index in_dim() const { return in_dim_; }
  Eigen::Index out_dim() const { return out_dim_; }
  const Vec& bias() const { return bias_; }

  /// Parameter groups in storage order; the bias is the last group, "bias".
  std::vector<GroupSpec> parameter_groups() const;
  Eigen::Index num_parameters() const;
  void get_parameters(double* out) const;
  /// Programs new parameters; the effective weights follow at the next realize().
  void set_parameters(const double* in);

  /// True when parameters changed since the last realize().
  bool stale() const { return stale_; }
  /// Recomputes the effective weights from the parameters (a new programmed state).
  void realize();

  /// Multiply-adds per sample of apply_linear().
  virtual double cost_per_sample() const = 0;
  /// Scratch elements (of the type apply_linear() runs in) for a block of `rows` samples.
  virtual Eigen::Index scratch_size(Eigen::Index /*rows*/) const { return 0; }
  /// out (rows x out_dim) = in (rows x in_dim) * A^T, without the bias. Thread-safe for
  /// distinct out/scratch; requires a realised layer.
  virtual void apply_linear(const double* in, double* out, Eigen::Index rows,
                            double* scratch) const = 0;
  /// The same in single precision (Precision::kF32): the realised A rounded to float once
  /// per programmed state, the products in float.
  virtual void apply_linear(const float* in, float* out, Eigen::Index rows,
                            float* scratch) const = 0;
  /// out(r, :) += b^T for the first `rows` rows of a block with leading dimension ld.
  void add_bias(double* out, Eigen::Index rows, Eigen::Index ld) const;

  /// The effective weight A (out_dim x in_dim) of the realised state.
  virtual Mat dense_weight() const = 0;

 protected:
  virtual std::vector<GroupSpec> weight_groups() const = 0;
  virtual void get_weights(double* out) const = 0;
  virtual void set_weights(const double* in) = 0;
  virtual void realize_weights() = 0;
  void set_bias(const Vec& b);
  void mark_stale() { stale_ = true; }

 private:
  Eigen::Index in_dim_, out_dim_;
  Vec bias_;
  bool stale_ = true;
};

}  // namespace tonnsim::tonn
