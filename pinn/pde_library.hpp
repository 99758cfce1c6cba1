#pragma once
// The PDEs a scenario can name, and the factory that builds them.
#include <array>
#include <memory>
#include <utility>

#include "core/enum_names.hpp"
#include "pinn/black_scholes.hpp"
#include "pinn/burgers.hpp"
#include "pinn/pde.hpp"

namespace tonnsim::pinn {

enum class PdeKind { kHjb20, kHjbLq, kHeat, kBlackScholes, kBurgers, kPoisson };

struct PdeOptions {
  PdeKind kind = PdeKind::kHjb20;  ///< the published flagship problem
  /// Spatial dimension; 0 takes the problem's default (hjb20: 20, hjb_lq: 20,
  /// heat: 100, poisson: 2). black_scholes and burgers are 1-D in space: 0 or 1 only.
  int space_dim = 0;
  /// Weight of soft condition terms (heat, poisson); black_scholes and burgers carry
  /// theirs in their own options.
  double condition_weight = 1.0;
  double horizon_s = 1.0;  ///< hjb_lq terminal time T
  BlackScholesOptions black_scholes;
  BurgersOptions burgers;

  void validate() const;
};

/// Builds the named PDE; InputError names a bad field and its allowed values.
std::unique_ptr<Pde> make_pde(const PdeOptions& options);

}  // namespace tonnsim::pinn

namespace tonnsim {
template <>
struct EnumNames<pinn::PdeKind> {
  static constexpr const char* type = "pde";
  static constexpr std::array<std::pair<pinn::PdeKind, const char*>, 6> names{
      {{pinn::PdeKind::kHjb20, "hjb20"},
       {pinn::PdeKind::kHjbLq, "hjb_lq"},
       {pinn::PdeKind::kHeat, "heat"},
       {pinn::PdeKind::kBlackScholes, "black_scholes"},
       {pinn::PdeKind::kBurgers, "burgers"},
       {pinn::PdeKind::kPoisson, "poisson"}}};
};
}  // namespace tonnsim
