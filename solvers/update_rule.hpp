#pragma once
// Update rules theta <- theta - lr * step(g) fed by any gradient (a ZO estimate, or an
// exact back-propagated gradient for the first-order baseline). Every rule keeps its state
// as columns of one d x k matrix plus a step counter, so a checkpoint is one flat Vec:
//   state() = [t, buffer column 0, ..., buffer column k-1]   (length 1 + k d).
#include <array>
#include <memory>
#include <utility>

#include "core/enum_names.hpp"
#include "core/types.hpp"
#include "solvers/parameter_groups.hpp"

namespace tonnsim::solvers {

enum class UpdateRuleKind { kSgd, kAdam };

struct SgdOptions {
  // Heavy-ball coefficient in v <- momentum v + g (PyTorch convention, no dampening);
  // 0 gives plain SGD. Must lie in [0, 1) for the velocity to stay bounded.
  double momentum = 0.9;
  // Nesterov look-ahead step g + momentum v (Sutskever et al., ICML 2013, in the
  // reformulation used by PyTorch); needs momentum > 0.
  bool nesterov = false;

  void validate() const;
};

struct AdamOptions {
  // Kingma and Ba, ICLR 2015, recommended defaults (also those of the published ZO runs).
  double beta1 = 0.9;     // first-moment decay, [0, 1)
  double beta2 = 0.999;   // second-moment decay, [0, 1)
  double epsilon = 1e-8;  // denominator guard in gradient units, >= 0

  void validate() const;
};

struct UpdateRuleOptions {
  UpdateRuleKind kind = UpdateRuleKind::kAdam;  // the published ZO optimiser
  SgdOptions sgd;
  AdamOptions adam;

  void validate() const;
};

class UpdateRule {
 public:
  virtual ~UpdateRule() = default;
  virtual UpdateRuleKind kind() const = 0;

  Index dimension() const { return buffers_.rows(); }
  /// Updates applied so far (t in Adam's bias correction).
  long steps() const { return steps_; }

  /// theta <- theta - learning_rate * step(gradient), advancing the state. A gradient with
  /// a NaN or Inf entry throws RunError and leaves theta and the state untouched.
  void apply(Vec& theta, const Vec& gradient, double learning_rate);

  /// [t, buffers column-major]: restore with set_state() on a rule of the same kind,
  /// options and dimension to continue bit-identically.
  Vec state() const;
  void set_state(const Vec& state);
  Index state_size() const { return 1 + buffers_.size(); }

 protected:
  UpdateRule(Index dimension, Index buffer_columns);
  /// The step for the update number steps() (already counted, so t >= 1).
  virtual void update(Vec& theta, const Vec& gradient, double learning_rate) = 0;
  Mat& buffers() { return buffers_; }

 private:
  Mat buffers_;
  long steps_ = 0;
};

std::unique_ptr<UpdateRule> make_update_rule(const UpdateRuleOptions& options, Index dimension);

}  // namespace tonnsim::solvers

namespace tonnsim {
template <>
struct EnumNames<solvers::UpdateRuleKind> {
  static constexpr const char* type = "update rule";
  static constexpr std::array<std::pair<solvers::UpdateRuleKind, const char*>, 2> names{
      {{solvers::UpdateRuleKind::kSgd, "sgd"}, {solvers::UpdateRuleKind::kAdam, "adam"}}};
};
}  // namespace tonnsim
