// Uses two layers of the installed package: programs a Haar-random unitary on a Clements
// mesh (photonics) and binds a scenario from YAML text (scenarios/runner). Exit 0 only
// when the mesh reproduces the unitary and the scenario binds as written.
#include <cstdio>

#include "core/rng.hpp"
#include "photonics/decomposition.hpp"
#include "scenarios/runner/config_document.hpp"
#include "scenarios/runner/scenario.hpp"

int main() {
  using namespace tonnsim;
  Rng rng = make_rng(7, Stream::kOther);
  const CMat u = photonics::haar_random_unitary(6, rng);
  const photonics::Mesh mesh = photonics::decompose_unitary(u, photonics::Topology::kClements);
  const double error = (mesh.matrix() - u).norm();
  const runner::Scenario s = runner::bind_scenario(runner::ConfigDocument::from_string(
      "pde: {kind: poisson_sines, n_collocation: 8, n_test: 16}\n", "consumer.yaml"));
  std::printf("mesh error %.3g, pde %s, n_test %d\n", error, to_string(s.problem.pde.kind).c_str(),
              s.problem.loss.n_test);
  return error < 1e-10 && s.problem.loss.n_test == 16 ? 0 : 1;
}
