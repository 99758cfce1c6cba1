#pragma once
// A PDE written as expressions (a scenario's `pde: {kind: expression}`) instead of a
// compiled class: residual, domain, ansatz, soft conditions and exact solution.
#include <array>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "core/enum_names.hpp"
#include "pinn/batch_expression.hpp"
#include "pinn/pde.hpp"
#include "pinn/pde_description.hpp"
#include "pinn/variable_sampling.hpp"

namespace tonnsim::pinn {

/// Shape of the spatial domain: a box (per-variable ranges) or a ball centred at 0.
enum class DomainShape { kBox, kBall };
/// Where a soft condition's points lie: the spatial boundary (box faces or sphere), or
/// the collocation distribution with one variable pinned (e.g. t = 0).
enum class ConditionSet { kBoundary, kPinned };

/// One soft condition term: weight * mean (u - value)^2 over its points.
struct ExpressionCondition {
  std::string name;                        ///< label of the loss term ("initial")
  ConditionSet on = ConditionSet::kPinned;  ///< most conditions pin t or one x
  std::string pin_variable;  ///< pinned: "t" or "x<j>" (or "x" in one space dimension)
  double pin_value = 0.0;    ///< pinned: its value
  std::string value;         ///< the prescribed u, an expression of the point
  double weight = 1.0;       ///< lambda of the term (>= 0); pde.condition_weights overrides
};

/// The hard-constraint ansatz u = g + h N (pinn/pde.hpp). Derivative expressions are
/// per spatial coordinate: `xi` is the coordinate x_i of the point and `i` its index
/// (1-based), so "g_xi: xi/d" gives every dg/dx_i at once. Give all derivatives of a
/// function or none; none: 4th-order central differences of g (or h) with step fd_step
/// (error about eps/fd_step^2 ~ 1e-10 on the second derivatives).
struct ExpressionAnsatz {
  std::string g;  ///< fixed part (empty: no ansatz, u = N)
  std::string h;  ///< factor of N; zero on the set where g carries the data
  std::string g_xi, g_xixi, g_t, g_tt;  ///< optional closed-form derivatives of g
  std::string h_xi, h_xixi, h_t, h_tt;  ///< optional closed-form derivatives of h
  bool given() const { return !g.empty(); }
};

/// A PDE defined by expressions. Variables: x1..xD (and x when D = 1), t when the domain
/// has a time range. Symbols of every expression: the variables, d (= D), pi, e,
/// sum_x (= sum_i x_i), norm2_x (= |x|^2) and the declared constants. The residual also
/// sees u, u_t, u_tt, u_x<j>, u_x<j>x<j> (u_x, u_xx when D = 1), lap_u (= sum_i u_xixi)
/// and grad2_u (= |grad_x u|^2). Functions: muparser's (sin, exp, log, sqrt, abs, min,
/// max, ...), erf and erfc; `c ? a : b` selects. Mixed second derivatives are not available: estimators
/// measure the Hessian diagonal only (pinn/jet.hpp).
struct ExpressionPdeOptions {
  std::string name = "expression";  ///< recorded in output files and messages
  DomainShape shape = DomainShape::kBox;
  double radius = 1.0;  ///< ball radius (shape ball), centred at 0
  /// Ranges [lo, hi] by variable: "x" for every spatial coordinate, "x<j>" for one
  /// (overrides "x"), "t" for time (absent: a steady problem). Unnamed coordinates: [0, 1].
  std::vector<std::pair<std::string, std::vector<double>>> ranges;
  /// Collocation distributions by variable, named as in `ranges` ("x" for every spatial
  /// coordinate, "x<j>" overrides it, "t"); unnamed variables are uniform on their range.
  /// A ball domain takes a distribution for t only. Test points stay uniform.
  std::vector<std::pair<std::string, VariableSampling>> sampling;
  /// Declared constants in order; each an expression of pi, e, d and earlier constants.
  std::vector<std::pair<std::string, std::string>> constants;
  /// Declared per-point quantities in order ("tau: maturity - t"), each an expression of
  /// the point, the constants and earlier definitions; usable in every expression.
  std::vector<std::pair<std::string, std::string>> definitions;
  std::string residual;  ///< r(u, derivatives, point) = 0 is the PDE
  std::string exact;     ///< the exact solution (empty: none; accuracy metrics are NaN)
  ExpressionAnsatz ansatz;
  std::vector<ExpressionCondition> conditions;
  std::string data_guess;  ///< a data-only prediction (trivial baseline); optional
  std::string data_guess_description = "data guess from the scenario";
  /// Step of the finite-difference jets (exact solution, ansatz without derivatives),
  /// in the inputs' units: 4th-order error h^4 against round-off eps/h^2.
  double fd_step = 1e-3;

  /// Rules that need no compilation; expressions are checked when the PDE is built.
  void validate(int space_dim) const;
};

/// The compiled expressions of an ExpressionPdeOptions and the batched evaluations a
/// description calls (expression_description). Shared by the description's callbacks;
/// its fields keep per-batch buffers behind one mutex.
class CompiledExpressionPde {
 public:
  /// Compiles every expression; ExpressionError names the field of a bad one.
  CompiledExpressionPde(const ExpressionPdeOptions& options, int space_dim);
  ~CompiledExpressionPde();
  const ExpressionPdeOptions& options() const { return o_; }
  int space_dim() const { return d_; }
  int input_dim() const { return d_ + (time_ ? 1 : 0); }
  Mat sample_collocation(Rng& rng, Eigen::Index n) const;
  /// Uniform on the domain whatever `sampling` says, so the metrics keep their meaning.
  Mat sample_uniform(Rng& rng, Eigen::Index n) const;
  /// On the spatial boundary (box faces or sphere), t uniform.
  Mat sample_boundary(Rng& rng, Eigen::Index n) const;
  void residual(const ConstMatRef& X, const Jet& u, VecRef r) const;
  /// NaN without an exact solution (accuracy metrics are NaN, training is unaffected).
  void exact(const ConstMatRef& X, VecRef u) const;
  /// Condition i's prescribed value; the data guess (requires has_data_guess()).
  void condition_value(std::size_t i, const ConstMatRef& X, VecRef u) const;
  void data_guess(const ConstMatRef& X, VecRef u) const;
  bool has_data_guess() const { return data_guess_ != nullptr; }
  /// The ansatz as written (closed-form derivatives where given); requires ansatz.given().
  void hard_constraint(const ConstMatRef& X, Jet& g, Jet& h) const;
  bool ansatz_derivatives_given() const;
  void ansatz_by_differences(const ConstMatRef& X, Jet& g, Jet& h) const;

  bool has_exact() const { return !o_.exact.empty(); }
  bool has_time() const { return time_; }
  const Vec& lower() const { return lower_; }
  const Vec& upper() const { return upper_; }

  struct Symbol;
  struct Field;

 private:
  void evaluate(Field& f, const ConstMatRef& X, const Jet* u, int coordinate, VecRef out) const;
  void value_jet(Field& value, Field* d1, Field* d2, Field* dt, Field* dtt,
                 const ConstMatRef& X, Jet& jet) const;

  ExpressionPdeOptions o_;
  int d_;
  bool time_;
  Vec lower_, upper_;
  std::vector<VariableSampling> row_sampling_;  // by input row; empty: all uniform
  mutable std::mutex mutex_;  // the compiled fields keep per-batch buffers
  mutable std::vector<std::unique_ptr<Field>> fields_;
  Field* residual_ = nullptr;
  Field* exact_ = nullptr;
  Field* data_guess_ = nullptr;
  std::array<Field*, 10> ansatz_{};  // g, h, g_xi, g_xixi, g_t, g_tt, h_xi, h_xixi, h_t, h_tt
  std::vector<Field*> targets_;
  std::vector<Field*> definitions_;
};

/// The description of a PDE defined by expressions (the same PdeDescription the compiled
/// problems return): residual VJP by central differences in jet space, exact jet by
/// differences with fd_step, test points uniform on the domain.
PdeDescription expression_description(std::shared_ptr<const CompiledExpressionPde> compiled);
PdeDescription expression_description(const ExpressionPdeOptions& options, int space_dim);

/// The YAML-defined PDE: its description, plus what `tonnsim check` inspects.
class ExpressionPde : public DescribedPde {
 public:
  /// Compiles every expression; ExpressionError names the field of a bad one.
  ExpressionPde(const ExpressionPdeOptions& options, int space_dim);
  bool has_exact() const { return compiled_->has_exact(); }
  bool has_time() const { return compiled_->has_time(); }
  /// The spatial box (or the ball's bounding box) and time range, lower and upper.
  const Vec& lower() const { return compiled_->lower(); }
  const Vec& upper() const { return compiled_->upper(); }
  /// The ansatz jets as written (closed-form derivatives where given) and by finite
  /// differences of g and h alone, for `tonnsim check` to compare; false without
  /// closed-form derivatives.
  bool ansatz_derivatives_given() const { return compiled_->ansatz_derivatives_given(); }
  void ansatz_by_differences(const ConstMatRef& X, Jet& g, Jet& h) const {
    compiled_->ansatz_by_differences(X, g, h);
  }

 private:
  ExpressionPde(std::shared_ptr<const CompiledExpressionPde> compiled);
  std::shared_ptr<const CompiledExpressionPde> compiled_;
};

}  // namespace tonnsim::pinn

namespace tonnsim {
template <>
struct EnumNames<pinn::DomainShape> {
  static constexpr const char* type = "domain shape";
  static constexpr std::array<std::pair<pinn::DomainShape, const char*>, 2> names{
      {{pinn::DomainShape::kBox, "box"}, {pinn::DomainShape::kBall, "ball"}}};
};
template <>
struct EnumNames<pinn::ConditionSet> {
  static constexpr const char* type = "condition set";
  static constexpr std::array<std::pair<pinn::ConditionSet, const char*>, 2> names{
      {{pinn::ConditionSet::kBoundary, "boundary"}, {pinn::ConditionSet::kPinned, "pinned"}}};
};
}  // namespace tonnsim
