#include "photonics/decomposition.hpp"

#include <Eigen/QR>
#include <cmath>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/timer.hpp"

namespace tonnsim::photonics {
namespace {

struct Step {
  int top_mode;
  double theta, phi;
};

// Ideal T(theta, phi) entries (mzi_transfer with 50:50 couplers, no loss), inlined
// because the decomposition applies ~N^2/2 of them.
Eigen::Matrix2cd ideal_t(double theta, double phi) { return mzi_transfer(theta, phi); }

// Entries this small in a unitary of O(1) entries are rounding residues of an exact 0 (a
// padded block, an element a previous step nulled). Their phase is noise that differs
// between builds (FMA contraction at -O2, none at -O0), and when an entry to null is
// already 0 the MZI's phases are a free choice: taking them from that noise made the
// programmed phases, and with them the static heater power, depend on compiler flags
// (issue 14: 17.684 W Debug vs 17.907 W Release). A residue counts as an exact 0, whose
// phase is 0, so the free choice is always the same one.
constexpr double kResidue = 1e-12;
double residue_abs(cplx z) {
  const double r = std::abs(z);
  return r < kResidue ? 0.0 : r;
}
double residue_arg(cplx z) { return std::abs(z) < kResidue ? 0.0 : std::arg(z); }

// Column step U <- U T^{-1} on columns (k, k+1), choosing T to null U(row, k).
// (U T^H)(row, k) = -i e^{-i theta/2} (e^{-i phi} s a + c b): zero for
// tan(theta/2) = |b|/|a|, phi = arg a - arg b - pi.
Step null_from_right(CMat& u, int row, int k) {
  const cplx a = u(row, k), b = u(row, k + 1);
  const double theta = 2.0 * std::atan2(residue_abs(b), residue_abs(a));
  const double phi = wrap_phase(residue_arg(a) - residue_arg(b) - M_PI);
  const Eigen::Matrix2cd t = ideal_t(theta, phi);
  const cplx h00 = std::conj(t(0, 0)), h01 = std::conj(t(0, 1)), h10 = std::conj(t(1, 0)),
             h11 = std::conj(t(1, 1));
  for (Eigen::Index i = 0; i < u.rows(); ++i) {
    const cplx x0 = u(i, k), x1 = u(i, k + 1);
    u(i, k) = x0 * h00 + x1 * h01;
    u(i, k + 1) = x0 * h10 + x1 * h11;
  }
  u(row, k) = 0.0;
  return {k, theta, phi};
}

// Row step U <- T U on rows (p, p+1), choosing T to null U(p+1, col).
// (T U)(p+1, col) = i e^{i theta/2} (e^{i phi} c a - s b): zero for
// tan(theta/2) = |a|/|b|, phi = arg b - arg a.
Step null_from_left(CMat& u, int p, int col) {
  const cplx a = u(p, col), b = u(p + 1, col);
  const double theta = 2.0 * std::atan2(residue_abs(a), residue_abs(b));
  const double phi = wrap_phase(residue_arg(b) - residue_arg(a));
  Eigen::Block<CMat> rows = u.middleRows(p, 2);
  apply_2x2(ideal_t(theta, phi), rows, 0);
  u(p + 1, col) = 0.0;
  return {p, theta, phi};
}

// Refactors M = T(theta, phi)^{-1} diag(d0, d1) as diag(e0, e1) T(theta', phi'):
//   theta' = 2 atan2(|M00|, |M01|),  e^{i phi'} ~ M00 conj(M01) - M10 conj(M11) = 2 s c e^{i phi'},
//   e0 = (M00 e^{-i phi'} s + M01 c) / (i e^{i theta'/2}),
//   e1 = (M10 e^{-i phi'} c - M11 s) / (i e^{i theta'/2}),
// combinations that stay accurate when s or c vanishes.
Step move_through_diagonal(const Step& left, cplx& d0, cplx& d1) {
  const Eigen::Matrix2cd m =
      ideal_t(left.theta, left.phi).adjoint() * Eigen::Vector2cd(d0, d1).asDiagonal();
  const double theta = 2.0 * std::atan2(residue_abs(m(0, 0)), residue_abs(m(0, 1)));
  const double phi =
      wrap_phase(residue_arg(m(0, 0) * std::conj(m(0, 1)) - m(1, 0) * std::conj(m(1, 1))));
  const double s = std::sin(theta / 2.0), c = std::cos(theta / 2.0);
  const cplx ep_conj = std::polar(1.0, -phi);
  const cplx g = cplx(0.0, 1.0) * std::polar(1.0, theta / 2.0);
  d0 = (m(0, 0) * ep_conj * s + m(0, 1) * c) / g;
  d1 = (m(1, 0) * ep_conj * c - m(1, 1) * s) / g;
  return {left.top_mode, theta, phi};
}

// Places the steps (in application order) onto the layout: each MZI goes to the first
// column after the last MZI on either of its modes, which reproduces the layout's grid
// when the sequence is a valid Clements/Reck sequence.
void place(const std::vector<Step>& steps, const MeshLayout& layout, Eigen::Ref<Vec> theta,
           Eigen::Ref<Vec> phi) {
  std::vector<int> last(layout.modes(), -1);
  std::vector<bool> used(layout.num_mzis(), false);
  for (const Step& s : steps) {
    const int column = std::max(last[s.top_mode], last[s.top_mode + 1]) + 1;
    last[s.top_mode] = last[s.top_mode + 1] = column;
    const int k = layout.index_of(column, s.top_mode);
    if (k < 0 || used[k])
      throw std::logic_error("decomposition step does not fit the " + to_string(layout.topology()) +
                             " layout at column " + std::to_string(column) + ", mode " +
                             std::to_string(s.top_mode));
    used[k] = true;
    theta[k] = s.theta;
    phi[k] = s.phi;
  }
}

}  // namespace

double unitarity_deviation(const CMat& u) {
  return (u.adjoint() * u - CMat::Identity(u.cols(), u.cols())).norm();
}

void decompose_unitary(const CMat& target, const MeshLayout& layout, Eigen::Ref<Vec> theta_rad,
                       Eigen::Ref<Vec> phi_rad, Eigen::Ref<Vec> screen_rad, double unitarity_tol) {
  ScopedTimer timer("photonics/decompose_unitary");
  const int n = layout.modes();
  require(target.rows() == n && target.cols() == n, "unitary shape",
          std::to_string(target.rows()) + " x " + std::to_string(target.cols()),
          "must be N x N with N = " + std::to_string(n) + " (the mesh size)");
  const double dev = unitarity_deviation(target);
  require(
      dev <= unitarity_tol, "unitarity deviation ||U^H U - I||_F", dev,
      "must be <= tolerance " + detail::to_text(unitarity_tol) + " for a unitary decomposition");
  require(theta_rad.size() == layout.num_mzis() && phi_rad.size() == layout.num_mzis() &&
              screen_rad.size() == n,
          "phase vector sizes", theta_rad.size(), "must match the layout's MZIs and modes");

  CMat u = target;
  std::vector<Step> right, left;
  right.reserve(layout.num_mzis());
  if (layout.topology() == Topology::kClements) {
    for (int i = 0; i + 1 < n; ++i) {
      if (i % 2 == 0) {
        for (int j = 0; j <= i; ++j) right.push_back(null_from_right(u, n - 1 - j, i - j));
      } else {
        for (int j = 0; j <= i; ++j) left.push_back(null_from_left(u, n + j - i - 2, j));
      }
    }
  } else {
    for (int row = n - 1; row >= 1; --row)
      for (int k = 0; k < row; ++k) right.push_back(null_from_right(u, row, k));
  }
  // Now L_q ... L_1 U R_1^{-1} ... R_p^{-1} = D, i.e.
  // U = L_1^{-1} ... L_q^{-1} D R_p ... R_1; move the L's through D from the innermost out.
  std::vector<cplx> d(n);
  for (int m = 0; m < n; ++m) d[m] = u(m, m);
  std::vector<Step> moved(left.size());
  for (int j = static_cast<int>(left.size()) - 1; j >= 0; --j) {
    const int m = left[j].top_mode;
    moved[j] = move_through_diagonal(left[j], d[m], d[m + 1]);
  }
  // Application order: R_1 .. R_p, then T'_q .. T'_1, then the screen.
  std::vector<Step> order = right;
  for (int j = static_cast<int>(moved.size()) - 1; j >= 0; --j) order.push_back(moved[j]);
  place(order, layout, theta_rad, phi_rad);
  for (int m = 0; m < n; ++m) screen_rad[m] = wrap_phase(std::arg(d[m]));
}

Mesh decompose_unitary(const CMat& u, Topology topology, double unitarity_tol) {
  require(u.rows() >= 2, "mesh modes N", u.rows(), "must be >= 2 (an MZI couples a mode pair)");
  Mesh mesh(topology, static_cast<int>(u.rows()));
  decompose_unitary(u, mesh.layout(), mesh.theta(), mesh.phi(), mesh.screen(), unitarity_tol);
  return mesh;
}

CMat haar_random_unitary(int n, Rng& rng) {
  require(n >= 1, "unitary size n", n, "must be >= 1");
  std::normal_distribution<double> g(0.0, M_SQRT1_2);
  CMat z(n, n);
  for (int j = 0; j < n; ++j)
    for (int i = 0; i < n; ++i) z(i, j) = cplx(g(rng), g(rng));
  Eigen::HouseholderQR<CMat> qr(z);
  CMat q = qr.householderQ();
  const CMat r = qr.matrixQR().triangularView<Eigen::Upper>();
  for (int j = 0; j < n; ++j) {
    const cplx rjj = r(j, j);
    q.col(j) *= (std::abs(rjj) > 0.0) ? rjj / std::abs(rjj) : cplx(1.0);
  }
  return q;
}

}  // namespace tonnsim::photonics
