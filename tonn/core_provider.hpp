#pragma once
// Who provides a TT layer's effective cores: the realisation strategy.
//
// A TT layer computes with effective cores G_k (tonn/tt_shape.hpp conventions); the
// provider owns the trainable parameters and maps them to those cores once per programmed
// state. The digital provider's parameters are the core entries themselves. A photonic
// provider (to come, on photonics/) holds MZI phases: core k, reshaped to
// (r_{k-1} m_k) x (n_k r_k) -- the Mat a core is stored as here -- is tiled onto 8 x 8
// tensor cores U Sigma V^H, and realize() returns the effective matrices of the chip
// (quantisation, crosstalk, phase noise drawn for this programmed state included).
#include <memory>
#include <vector>

#include "tonn/parameter_group.hpp"
#include "tonn/tt_shape.hpp"

namespace tonnsim::tonn {

class CoreProvider {
 public:
  virtual ~CoreProvider() = default;
  virtual std::unique_ptr<CoreProvider> clone() const = 0;

  virtual const TTShape& shape() const = 0;

  /// Parameter groups in storage order (for example one per core: "core0", "core1", ...).
  virtual std::vector<GroupSpec> parameter_groups() const = 0;
  Eigen::Index num_parameters() const;
  /// Copies the parameters to out[0 .. num_parameters()).
  virtual void get_parameters(double* out) const = 0;
  /// Programs new parameters; takes effect at the next realize().
  virtual void set_parameters(const double* in) = 0;

  /// The effective cores of the programmed state (shapes as shape() prescribes). Called
  /// once per programmed state, never per batch: a photonic provider draws its dynamic
  /// noise here.
  virtual void realize(std::vector<Mat>& cores) = 0;
};

/// Ideal digital weights: the parameters are the core entries, core by core, each core
/// in column-major order of its (r_{k-1} m_k) x (n_k r_k) Mat.
class DigitalCores final : public CoreProvider {
 public:
  DigitalCores(TTShape shape, std::vector<Mat> cores);

  std::unique_ptr<CoreProvider> clone() const override;
  const TTShape& shape() const override { return shape_; }
  std::vector<GroupSpec> parameter_groups() const override;
  void get_parameters(double* out) const override;
  void set_parameters(const double* in) override;
  void realize(std::vector<Mat>& cores) override { cores = cores_; }

  const std::vector<Mat>& cores() const { return cores_; }

 private:
  TTShape shape_;
  std::vector<Mat> cores_;
};

}  // namespace tonnsim::tonn
