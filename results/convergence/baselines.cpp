// Trivial baselines on the test set of a PinnLoss (pde.test_seed 20240101): the zero
// prediction, the best constant (the test-set mean, least squares) and data guesses.
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include "core/rng.hpp"
#include "pinn/pde_library.hpp"
using namespace tonnsim;
using namespace tonnsim::pinn;
int main(int argc, char** argv) {
  std::string kind = argv[1];
  int n = std::atoi(argv[2]);
  PdeOptions o; o.kind = from_string<PdeKind>(kind.c_str());
  auto pde = make_pde(o);
  Rng rng = make_rng(20240101, Stream::kSampling, 0);
  Mat X = pde->sample_test(rng, n);
  Vec u(n); pde->exact(X, u);
  auto rel = [&](const Vec& p) { return (p - u).norm() / u.norm(); };
  std::printf("n_test %d  ||u||_rms %.4g\n", n, u.norm() / std::sqrt(double(n)));
  std::printf("zero          %.4e\n", rel(Vec::Zero(n)));
  Vec c = Vec::Constant(n, u.mean());
  std::printf("best constant %.4e (c = %.4g)\n", rel(c), u.mean());
  const double pi = M_PI;
  Vec g(n), h(n);
  if (kind == "burgers") {
    for (int b = 0; b < n; ++b) { g(b) = -std::sin(pi * X(0, b)) * std::exp(-X(1, b)); h(b) = -std::sin(pi * X(0, b)); }
    std::printf("-sin(pi x) e^-t  %.4e\n", rel(g));
    std::printf("-sin(pi x)       %.4e\n", rel(h));
  } else {
    const double k = 0.5, r = 0.05;
    for (int b = 0; b < n; ++b) { g(b) = std::max(X(0, b) - k * std::exp(-r * (1.0 - X(1, b))), 0.0); h(b) = std::max(X(0, b) - k, 0.0); }
    std::printf("max(s - k e^-r(T-t), 0)  %.4e\n", rel(g));
    std::printf("max(s - k, 0)            %.4e\n", rel(h));
  }
}
// Build and run (from the repository root, after building the libraries in build/):
//   g++ -O2 -DNDEBUG -march=native -std=c++17 -fopenmp -I. -isystem /usr/include/eigen3 \
//     results/convergence/baselines.cpp build/libtonnsim_pinn.a build/libtonnsim_tonn.a \
//     build/libtonnsim_photonics.a build/libtonnsim_core.a -o /tmp/baselines
//   /tmp/baselines black_scholes 4000; /tmp/baselines burgers 4000
// (-march=native must match the libraries' flags: Eigen's alignment differs otherwise.)
