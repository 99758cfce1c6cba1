#pragma once
// A linear-quadratic HJB equation with a nonlinear (in t) exact solution.
#include <array>
#include <utility>

#include "core/enum_names.hpp"
#include "pinn/pde_description.hpp"

namespace tonnsim::pinn {

/// The hard terminal constraint of hjb_lq, u = g + (T - t) N:
///   terminal: g = a|x|^2, the terminal data (N* = -4a^2|x|^2/s + (n/2) ln(s)/(T - t), nearly
///             constant: about 7.1 +- 0.7 on the uniform box at a = 1/4, n = 20);
///   taylor:   g = a|x|^2 + (T - t)(2an - 4a^2|x|^2), the terminal data and their first time
///             derivative from the PDE at t = T (u_t = -Lap g + |grad g|^2 there), so the
///             network learns the rest, N* - (2an - 4a^2|x|^2) (about -1.3 +- 0.65 at the
///             defaults a = 1/4, T = 1, n = 20: it varies O(1), a benchmark the network must
///             learn). Meant for T <= 1/(4a), the radius of the Taylor series in T - t.
enum class HjbLqAnsatz { kTerminal, kTaylor };

/// u_t + Lap u - |grad u|^2 = 0 on x in [-1,1]^n, t in [0, T], u(x, T) = a |x|^2; exact
///   u = a |x|^2 / s + (n/2) ln s,   s = 1 + 4a(T - t)
/// (the Cole-Hopf-solvable LQ control problem of Han, Jentzen and E, PNAS 115, 2018, with
/// terminal cost a |x|^2). Check: ds/dt = -4a, u_t = 4a^2|x|^2/s^2 - 2an/s,
/// Lap u = 2an/s, |grad u|^2 = 4a^2|x|^2/s^2. Hard terminal constraint
/// u = a|x|^2 + (T - t) N(x, t); exact network part
///   N* = -4a^2 |x|^2 / s + (n/2) ln(1 + 4a(T - t)) / (T - t).
/// u is analytic in t up to its singularity at t = T + 1/(4a), where s = 0: a Gaussian
/// smoothing in t of width sigma (Stein estimators) must stay well short of it, and the
/// Taylor terms a sparse grid misses grow like (4a sigma)^k. a = 1 (the original choice)
/// puts it 2.5 sigma from t = T at sigma = 0.1; a = 1/4 puts it at 10 sigma.
/// Inputs (x_1..x_n, t); uniform in the box.
/// Data guess: the N = 0 prediction u = g, the terminal data carried back in time (terminal
/// ansatz: u = a |x|^2; taylor: with their first Taylor term in time).
///
/// Well-posedness: the control problem lives on all of R^n; on the box [-1,1]^n the equation
/// with terminal data alone has many solutions (Cole-Hopf: v = exp(-u) solves the backward
/// heat equation v_t + Lap v = 0, and any heat kernel centred outside the box can be added
/// to v without changing the terminal data in the box), and session 12 measured networks
/// trained that way settling on one of lower loss but 0.19-0.25 from the exact one, above
/// the best constant. boundary_weight > 0 adds the exact solution on the lateral faces
/// {x_j = +-1} as a soft Dirichlet term (lateral_dirichlet_condition), which selects it; 0
/// drops it (the form measured before, session 12).
/// The ansatz: see HjbLqAnsatz.
PdeDescription hjb_lq_description(int space_dim = 20, double horizon_s = 1.0,
                                  double terminal_weight = 0.25, double boundary_weight = 1.0,
                                  HjbLqAnsatz ansatz = HjbLqAnsatz::kTerminal);

class HjbLq : public DescribedPde {
 public:
  explicit HjbLq(int space_dim = 20, double horizon_s = 1.0, double terminal_weight = 0.25,
                 double boundary_weight = 1.0, HjbLqAnsatz ansatz = HjbLqAnsatz::kTerminal)
      : DescribedPde(hjb_lq_description(space_dim, horizon_s, terminal_weight, boundary_weight,
                                        ansatz)) {}
};

}  // namespace tonnsim::pinn

namespace tonnsim {
template <>
struct EnumNames<pinn::HjbLqAnsatz> {
  static constexpr const char* type = "hjb_lq ansatz";
  static constexpr std::array<std::pair<pinn::HjbLqAnsatz, const char*>, 2> names{
      {{pinn::HjbLqAnsatz::kTerminal, "terminal"}, {pinn::HjbLqAnsatz::kTaylor, "taylor"}}};
};
}  // namespace tonnsim
