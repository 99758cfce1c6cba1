#pragma once
// Scenario-style options from a PDE or estimator name, shared by the pinn tests.
#include "core/enum_names.hpp"
#include "pinn/estimator_factory.hpp"
#include "pinn/pde_library.hpp"

namespace tonnsim::pinn::testing {

inline PdeOptions pde_named(const char* name, int space_dim = 0) {
  PdeOptions o;
  o.kind = from_string<PdeKind>(name);
  o.space_dim = space_dim;
  return o;
}

inline EstimatorOptions estimator_named(const char* name) {
  EstimatorOptions o;
  o.kind = from_string<EstimatorKind>(name);
  return o;
}

}  // namespace tonnsim::pinn::testing
