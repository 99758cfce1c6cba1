#include <doctest/doctest.h>

#include "core/error.hpp"
#include "pinn/pde_library.hpp"

using namespace tonnsim;
using namespace tonnsim::pinn;

TEST_CASE("Every PDE name builds its problem with the default dimensions") {
  const std::pair<const char*, int> expected[] = {
      {"hjb20", 21},  {"hjb_lq", 21},        {"heat", 101},          {"black_scholes", 2},
      {"burgers", 2}, {"poisson", 2},        {"hjb20_varying", 21}, {"heat_varying", 101},
      {"poisson_sines", 2}};
  for (const auto& [name, dim] : expected) {
    PdeOptions o;
    o.kind = from_string<PdeKind>(name);
    const auto pde = make_pde(o);
    CHECK(pde->name() == name);
    CHECK(pde->input_dim() == dim);
  }
  PdeOptions lq;
  lq.kind = PdeKind::kHjbLq;
  lq.space_dim = 100;
  CHECK(make_pde(lq)->input_dim() == 101);
}

TEST_CASE("Bad PDE choices name the key and the allowed values") {
  CHECK_THROWS_WITH_AS(from_string<PdeKind>("navier_stokes"),
                       "unknown pde 'navier_stokes'; allowed: hjb20, hjb_lq, heat, "
                       "black_scholes, burgers, poisson, hjb20_varying, heat_varying, "
                       "poisson_sines, expression",
                       InputError);
  PdeOptions o;
  o.kind = PdeKind::kBurgers;
  o.space_dim = 3;
  CHECK_THROWS_WITH_AS(make_pde(o), doctest::Contains("space_dim = 3"), InputError);
  o.kind = PdeKind::kPoisson;
  o.space_dim = -1;
  CHECK_THROWS_WITH_AS(make_pde(o), doctest::Contains("space_dim = -1"), InputError);
}
