#pragma once
// One description of a PDE problem, shared by the compiled PDEs (a function per problem
// returning its description) and the YAML-defined ones (pinn/expression_pde.hpp), and the
// one Pde implementation built from it.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "pinn/pde.hpp"

namespace tonnsim::pinn {

/// What a PDE problem is, as plain data and batched callbacks (pinn/pde.hpp gives the
/// meaning of each part). Every callback takes a whole batch (the columns of X), so a
/// problem's math stays vectorised C++ code: one call per batch, never one per point.
/// Callbacks capture the problem's parameters by value, so a description is
/// self-contained and may outlive the function that built it.
struct PdeDescription {
  using Sampler = std::function<Mat(Rng& rng, Eigen::Index n)>;
  using Field = std::function<void(const ConstMatRef& X, VecRef u)>;
  using JetField = std::function<void(const ConstMatRef& X, Jet& u)>;
  using Residual = std::function<void(const ConstMatRef& X, const Jet& u, VecRef r)>;
  using ResidualVjp = std::function<void(const ConstMatRef& X, const Jet& u,
                                         const ConstVecRef& r_bar, Jet& u_bar)>;
  using Ansatz = std::function<void(const ConstMatRef& X, Jet& g, Jet& h)>;

  std::string name;   ///< recorded in output files and messages, e.g. "hjb20"
  int space_dim = 0;  ///< number of x variables (inputs x_1..x_d first)
  bool time = false;  ///< whether the last input is time t (input_dim = space_dim + time)
  /// The domain's bounding box per input, lower and upper (a ball's box for ball domains).
  Vec lower, upper;
  Sampler sample_collocation;  ///< required: interior collocation points, D x n
  Sampler sample_test;         ///< test points; empty: the collocation distribution
  Residual residual;           ///< required: r(X, jet of u)
  /// dr/d(jet) times r_bar; empty: Pde's central differences in jet space.
  ResidualVjp residual_vjp;
  Field exact;  ///< required: exact or reference solution
  /// Closed-form jet of the exact solution; empty: differences of exact with fd_step.
  JetField exact_jet;
  double fd_step = 1e-3;  ///< step of the difference jets, in input units
  /// The hard-constraint ansatz u = g + h N with jets of g and h; empty: g = 0, h = 1.
  Ansatz hard_constraint;
  std::vector<ConditionTerm> conditions;  ///< soft conditions (empty: none)
  std::optional<DataGuess> data_guess;    ///< data-only trivial baseline (none: nullopt)

  int input_dim() const { return space_dim + (time ? 1 : 0); }
  /// A problem named `name` on the box [lower, upper] (space first, time last when `time`),
  /// with collocation points uniform in it; the caller adds the rest.
  static PdeDescription on_box(std::string name, int space_dim, bool time, Vec lower,
                               Vec upper);
  /// The required parts are present and the box has input_dim() entries with lo < hi.
  void validate() const;
};

/// The data guess of a hard-constrained problem: its initial or terminal data carried
/// unchanged in time, which is the ansatz's fixed part g (the N = 0 prediction
/// u = g + h * 0), so a problem that changes the data changes the guess with it.
DataGuess carried_data_guess(std::string description, PdeDescription::Ansatz ansatz);

/// A sampler of points uniform in the box [lower, upper].
PdeDescription::Sampler box_sampler(Vec lower, Vec upper);

/// The exact solution's values on the lateral faces {x_j = lower_j or upper_j, j < space_dim}
/// of a space-time box, as a soft Dirichlet term of weight `weight`:
///   weight * mean_b (u(x_b) - u_exact(x_b))^2,
/// the points uniform on the faces' union (a face drawn uniformly among the 2 space_dim, the
/// other coordinates, time included, uniform in the box). On the bounded box a parabolic
/// equation with terminal (or initial) data alone has many solutions, one per choice of
/// lateral values; this term selects the exact one (Dirichlet problem for a parabolic
/// equation: Lieberman, "Second order parabolic differential equations", 1996, ch. 5).
/// Named "boundary x_j in {lo, hi}" with the first coordinate's bounds.
ConditionTerm lateral_dirichlet_condition(const PdeDescription& d, double weight);

/// The one Pde built from a description: every compiled and every YAML-defined problem.
class DescribedPde : public Pde {
 public:
  /// Validates the description (InputError names the missing part).
  explicit DescribedPde(PdeDescription description);
  std::string name() const override { return d_.name; }
  int input_dim() const override { return d_.input_dim(); }
  Mat sample_collocation(Rng& rng, Eigen::Index n) const override;
  Mat sample_test(Rng& rng, Eigen::Index n) const override;
  void residual(const ConstMatRef& X, const Jet& u, VecRef r) const override;
  void residual_vjp(const ConstMatRef& X, const Jet& u, const ConstVecRef& r_bar,
                    Jet& u_bar) const override;
  void exact(const ConstMatRef& X, VecRef u) const override;
  void exact_jet(const ConstMatRef& X, Jet& u) const override;
  double fd_step() const override { return d_.fd_step; }
  std::vector<ConditionTerm> conditions() const override { return d_.conditions; }
  std::optional<DataGuess> data_guess() const override { return d_.data_guess; }
  void hard_constraint(const ConstMatRef& X, Jet& g, Jet& h) const override;

  const PdeDescription& description() const { return d_; }

 private:
  PdeDescription d_;
};

}  // namespace tonnsim::pinn
