#include "pinn/pde_library.hpp"

#include "core/error.hpp"
#include "pinn/heat.hpp"
#include "pinn/heat_varying.hpp"
#include "pinn/hjb.hpp"
#include "pinn/hjb_lq.hpp"
#include "pinn/hjb_varying.hpp"
#include "pinn/poisson.hpp"
#include "pinn/poisson_sines.hpp"

namespace tonnsim::pinn {

void PdeOptions::validate() const {
  const bool one_d = kind == PdeKind::kBlackScholes || kind == PdeKind::kBurgers;
  if (one_d)
    require(space_dim == 0 || space_dim == 1, "space_dim", space_dim,
            "must be 0 or 1 for " + to_string(kind) + " (one space dimension)");
  else if (kind == PdeKind::kExpression)
    expression.validate(space_dim);
  else
    require(space_dim >= 0, "space_dim", space_dim, "must be >= 1, or 0 for the default");
  require(condition_weight >= 0.0, "condition_weight", condition_weight, "must be >= 0");
  if (kind == PdeKind::kHjbLq) {
    require(horizon_s > 0.0, "horizon_s", horizon_s, "must be > 0 for hjb_lq");
    require(terminal_weight > 0.0, "terminal_weight", terminal_weight, "must be > 0 for hjb_lq");
  }
  require(lq_ansatz == HjbLqAnsatz::kTerminal || kind == PdeKind::kHjbLq, "lq_ansatz",
          to_string(lq_ansatz),
          "applies to kind hjb_lq only (this pde is " + to_string(kind) + ")");
  if (kind == PdeKind::kBlackScholes) black_scholes.validate();
  if (kind == PdeKind::kBurgers) burgers.validate();
}

PdeDescription describe_pde(const PdeOptions& o) {
  o.validate();
  const auto dim = [&](int fallback) { return o.space_dim > 0 ? o.space_dim : fallback; };
  switch (o.kind) {
    case PdeKind::kHjb20: return hjb_description(dim(20));
    case PdeKind::kHjbLq: return hjb_lq_description(dim(20), o.horizon_s, o.terminal_weight,
                                                    o.condition_weight, o.lq_ansatz);
    case PdeKind::kHeat: return heat_description(dim(100), o.condition_weight);
    case PdeKind::kBlackScholes: return black_scholes_description(o.black_scholes);
    case PdeKind::kBurgers: return burgers_description(o.burgers);
    case PdeKind::kPoisson: return poisson_description(dim(2), o.condition_weight);
    case PdeKind::kHjb20Varying: return hjb_varying_description(dim(20), o.condition_weight);
    case PdeKind::kHeatVarying: return heat_varying_description(dim(100), o.condition_weight);
    case PdeKind::kPoissonSines: return poisson_sines_description(dim(2), o.condition_weight);
    case PdeKind::kExpression: return expression_description(o.expression, o.space_dim);
  }
  throw InputError("pde: unknown kind; allowed: " + allowed_values<PdeKind>());
}

std::unique_ptr<Pde> make_pde(const PdeOptions& o) {
  if (o.kind == PdeKind::kExpression) {
    o.validate();
    return std::make_unique<ExpressionPde>(o.expression, o.space_dim);
  }
  return std::make_unique<DescribedPde>(describe_pde(o));
}

bool time_dependent(const PdeOptions& o) {
  switch (o.kind) {
    case PdeKind::kPoisson:
    case PdeKind::kPoissonSines: return false;
    case PdeKind::kExpression:
      for (const auto& range : o.expression.ranges)
        if (range.first == "t") return true;
      return false;
    default: return true;
  }
}

}  // namespace tonnsim::pinn
