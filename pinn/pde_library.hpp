#pragma once
// The PDEs a scenario can name, and the factory that builds them.
#include <array>
#include <memory>
#include <utility>

#include "core/enum_names.hpp"
#include "pinn/black_scholes.hpp"
#include "pinn/burgers.hpp"
#include "pinn/expression_pde.hpp"
#include "pinn/hjb_lq.hpp"
#include "pinn/pde.hpp"
#include "pinn/pde_description.hpp"

namespace tonnsim::pinn {

enum class PdeKind {
  kHjb20,
  kHjbLq,
  kHeat,
  kBlackScholes,
  kBurgers,
  kPoisson,
  kHjb20Varying,
  kHeatVarying,
  kPoissonSines,
  kExpression  ///< defined in the scenario by expressions (pinn/expression_pde.hpp)
};

struct PdeOptions {
  PdeKind kind = PdeKind::kHjb20;  ///< the published flagship problem
  /// Spatial dimension; 0 takes the problem's default (hjb20, hjb20_varying, hjb_lq: 20;
  /// heat, heat_varying: 100; poisson, poisson_sines: 2). black_scholes and burgers are 1-D in space: 0 or 1 only.
  /// expression: required, the number of x variables.
  int space_dim = 0;
  /// Weight of soft condition terms (heat, heat_varying, poisson, poisson_sines; the lateral
  /// faces of hjb20_varying and hjb_lq, 0 drops them: the ill-posed form, see
  /// pinn/hjb_varying.hpp); black_scholes and burgers carry theirs in their own options.
  double condition_weight = 1.0;
  double horizon_s = 1.0;  ///< hjb_lq terminal time T
  /// hjb_lq terminal cost a |x|^2; 1/4 keeps the singularity of the exact solution at
  /// t = T + 1 (10 sigma at the published sigma = 0.1), see pinn/hjb_lq.hpp.
  double terminal_weight = 0.25;
  /// hjb_lq hard constraint: terminal (g = a|x|^2, N* nearly constant) or taylor (g adds
  /// the PDE's first time derivative at T, N* varies O(1)); see pinn/hjb_lq.hpp.
  HjbLqAnsatz lq_ansatz = HjbLqAnsatz::kTerminal;
  BlackScholesOptions black_scholes;
  BurgersOptions burgers;
  ExpressionPdeOptions expression;  ///< kind expression: the PDE itself

  void validate() const;
};

/// The named PDE's description: the compiled problem's function (pinn/hjb.hpp, ...) or
/// the scenario's expressions (pinn/expression_pde.hpp); InputError names a bad field
/// and its allowed values.
PdeDescription describe_pde(const PdeOptions& options);

/// Builds the named PDE from its description (an ExpressionPde for kind expression, which
/// adds the checks of `tonnsim check`).
std::unique_ptr<Pde> make_pde(const PdeOptions& options);

/// Whether the named PDE's last input is time t (every kind but the steady Poisson
/// problems; an expression PDE when its domain has a t range).
bool time_dependent(const PdeOptions& options);

}  // namespace tonnsim::pinn

namespace tonnsim {
template <>
struct EnumNames<pinn::PdeKind> {
  static constexpr const char* type = "pde";
  static constexpr std::array<std::pair<pinn::PdeKind, const char*>, 10> names{
      {{pinn::PdeKind::kHjb20, "hjb20"},
       {pinn::PdeKind::kHjbLq, "hjb_lq"},
       {pinn::PdeKind::kHeat, "heat"},
       {pinn::PdeKind::kBlackScholes, "black_scholes"},
       {pinn::PdeKind::kBurgers, "burgers"},
       {pinn::PdeKind::kPoisson, "poisson"},
       {pinn::PdeKind::kHjb20Varying, "hjb20_varying"},
       {pinn::PdeKind::kHeatVarying, "heat_varying"},
       {pinn::PdeKind::kPoissonSines, "poisson_sines"},
       {pinn::PdeKind::kExpression, "expression"}}};
};
}  // namespace tonnsim
