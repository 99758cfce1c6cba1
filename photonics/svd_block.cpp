#include "photonics/svd_block.hpp"

#include <Eigen/SVD>
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "photonics/decomposition.hpp"

namespace tonnsim::photonics {
namespace {

std::string shape_text(Eigen::Index r, Eigen::Index c) {
  return std::to_string(r) + " x " + std::to_string(c);
}

int mesh_mzis(int n) { return n >= 2 ? n * (n - 1) / 2 : 0; }

void apply_optional_mesh(const std::optional<MeshLayout>& layout,
                         const BlockStructure::MeshSlots& slots,
                         const Eigen::Ref<const Vec>& phases, const MeshHardware& hardware,
                         Eigen::Ref<CMat> x) {
  if (!layout) return;
  const int n = layout->num_mzis();
  apply_mesh(*layout, phases.segment(slots.theta, n), phases.segment(slots.phi, n),
             phases.segment(slots.screen, layout->modes()), hardware, x);
}

}  // namespace

BlockStructure::BlockStructure(int rows, int cols, Topology topology)
    : rows_(rows), cols_(cols), topology_(topology) {
  require(rows >= 1 && cols >= 1, "SVD block shape", shape_text(rows, cols),
          "needs rows >= 1 and cols >= 1");
  if (rows >= 2) output_.emplace(topology, rows);
  if (cols >= 2) input_.emplace(topology, cols);
  int offset = 0;
  auto assign = [&offset](const std::optional<MeshLayout>& mesh, MeshSlots& slots) {
    const int n = mesh ? mesh->num_mzis() : 0;
    slots.theta = offset;
    slots.phi = offset + n;
    slots.screen = offset + 2 * n;
    offset += 2 * n + (mesh ? mesh->modes() : 0);
  };
  assign(output_, output_slots_);
  sigma_offset_ = offset;
  offset += channels();
  assign(input_, input_slots_);
  num_phases_ = offset;
}

int BlockStructure::mzi_count() const { return SvdBlock::mzi_count(rows_, cols_); }

void apply_block(const BlockStructure& s, const Eigen::Ref<const Vec>& phases, double s_max,
                 const BlockHardware& hardware, Eigen::Ref<CMat> x) {
  const int m = s.rows(), n = s.cols(), k = s.channels();
  apply_optional_mesh(s.input_mesh(), s.input_slots(), phases, hardware.input, x.topRows(n));
  const MziHardware ideal;
  for (int c = 0; c < k; ++c) {
    const MziHardware& hw = hardware.sigma.empty() ? ideal : hardware.sigma[c];
    x.row(c) *= s_max * attenuator_transmission(phases[s.sigma_offset() + c], hw);
  }
  if (m > k) x.middleRows(k, m - k).setZero();  // dark inputs of the output mesh
  apply_optional_mesh(s.output_mesh(), s.output_slots(), phases, hardware.output, x.topRows(m));
}

void block_factors(const BlockStructure& s, const Eigen::Ref<const Vec>& phases, double s_max,
                   const BlockHardware& hardware, BlockFactors& f) {
  const int m = s.rows(), n = s.cols(), k = s.channels();
  f.in_mesh.setIdentity(n, n);
  apply_optional_mesh(s.input_mesh(), s.input_slots(), phases, hardware.input, f.in_mesh);
  f.in_mesh.conservativeResize(k, n);  // outputs K..N-1 of the input mesh are terminated
  f.out_mesh.setZero(m, k);
  f.out_mesh.topRows(k).setIdentity();  // inputs K..M-1 of the output mesh are dark
  apply_optional_mesh(s.output_mesh(), s.output_slots(), phases, hardware.output, f.out_mesh);
  f.transmission.resize(k);
  f.slope.resize(k);
  const MziHardware ideal;
  for (int c = 0; c < k; ++c) {
    const MziHardware& hw = hardware.sigma.empty() ? ideal : hardware.sigma[c];
    const double psi = phases[s.sigma_offset() + c];
    f.transmission[c] = s_max * attenuator_transmission(psi, hw);
    f.slope[c] = s_max * attenuator_transmission_derivative(psi, hw);
  }
}

void attenuator_phase_gradient(const BlockFactors& f, const Eigen::Ref<const Mat>& dl_dw,
                               Eigen::Ref<Vec> out) {
  const Eigen::Index k = f.transmission.size();
  require(dl_dw.rows() == f.out_mesh.rows() && dl_dw.cols() == f.in_mesh.cols(),
          "loss gradient shape", shape_text(dl_dw.rows(), dl_dw.cols()),
          "must equal the block shape " + shape_text(f.out_mesh.rows(), f.in_mesh.cols()));
  require(out.size() == k, "attenuator gradient size", out.size(),
          "must equal the channel count " + std::to_string(k));
  for (Eigen::Index c = 0; c < k; ++c) {
    // u_c^T G v_c with complex u_c, v_c and real G: (Re u)^T G (Re v) - (Im u)^T G (Im v)
    // plus i ((Re u)^T G (Im v) + (Im u)^T G (Re v)).
    const Vec gv_re = dl_dw * f.in_mesh.row(c).real().transpose();
    const Vec gv_im = dl_dw * f.in_mesh.row(c).imag().transpose();
    const Vec u_re = f.out_mesh.col(c).real(), u_im = f.out_mesh.col(c).imag();
    const cplx ugv(u_re.dot(gv_re) - u_im.dot(gv_im), u_re.dot(gv_im) + u_im.dot(gv_re));
    out[c] = (f.slope[c] * ugv).real();
  }
}

SvdBlock::SvdBlock(int rows, int cols, Topology topology, double s_max)
    : structure_(rows, cols, topology), phases_(Vec::Zero(structure_.num_phases())), s_max_(1.0) {
  set_s_max(s_max);
}

int SvdBlock::mzi_count(int rows, int cols) {
  return mesh_mzis(rows) + mesh_mzis(cols) + std::min(rows, cols);
}

void SvdBlock::set_phases(const Vec& phases_rad) {
  require(phases_rad.size() == num_phases(), "phase vector size", phases_rad.size(),
          "must equal num_phases() = " + std::to_string(num_phases()));
  phases_ = phases_rad;
}

void SvdBlock::set_s_max(double s_max) {
  require(s_max > 0.0 && std::isfinite(s_max), "s_max", s_max, "must be finite and > 0");
  s_max_ = s_max;
}

SvdBlock SvdBlock::from_matrix(const CMat& w, Topology topology, double s_max) {
  SvdBlock b(static_cast<int>(w.rows()), static_cast<int>(w.cols()), topology);
  b.program(w, s_max);
  return b;
}

SvdBlock SvdBlock::from_real_matrix(const Mat& w, Topology topology, double s_max) {
  SvdBlock b(static_cast<int>(w.rows()), static_cast<int>(w.cols()), topology);
  b.program_real(w, s_max);
  return b;
}

void SvdBlock::program(const CMat& w, double s_max) {
  require(w.rows() == rows() && w.cols() == cols(), "matrix shape", shape_text(w.rows(), w.cols()),
          "must equal the block shape " + shape_text(rows(), cols()));
  Eigen::JacobiSVD<CMat> svd(w, Eigen::ComputeFullU | Eigen::ComputeFullV);
  program_factors(svd.matrixU(), svd.singularValues(), svd.matrixV().adjoint(), s_max);
}

void SvdBlock::program_real(const Mat& w, double s_max) {
  require(w.rows() == rows() && w.cols() == cols(), "matrix shape", shape_text(w.rows(), w.cols()),
          "must equal the block shape " + shape_text(rows(), cols()));
  Eigen::JacobiSVD<Mat> svd(w, Eigen::ComputeFullU | Eigen::ComputeFullV);
  program_factors(svd.matrixU().cast<cplx>(), svd.singularValues(),
                  svd.matrixV().transpose().cast<cplx>(), s_max);
}

namespace {
/// Singular values below this fraction of the largest are exact zeros (a padded block, a
/// rank-deficient TT core) up to rounding.
constexpr double kNullSigma = 1e-12;

/// Replaces the columns `keep`.. of the unitary q by a canonical orthonormal completion
/// of its first `keep` columns: column by column, the standard basis vector e_j whose
/// part orthogonal to the columns so far is longest (the first within 1e-9 of the
/// longest, so rounding cannot change the choice), that part normalised (projected out
/// twice, for orthogonality to rounding). Some e_j always has a part of norm^2 >= d/n
/// while d columns are missing, as the e_j span everything.
/// The SVD's own null-space vectors are any orthonormal basis its rounding produced, and
/// they differed between builds (FMA contraction at -O2, none at -O0), and so did the
/// phases programmed for them and the static heater power (issue 14: 17.684 W Debug vs
/// 17.907 W Release). The completion depends only on the kept columns.
void canonical_completion(CMat& q, Eigen::Index keep) {
  const Eigen::Index n = q.rows();
  for (Eigen::Index filled = keep; filled < q.cols(); ++filled) {
    std::vector<CVec> parts;
    std::vector<double> norms;
    double longest = 0.0;
    for (Eigen::Index j = 0; j < n; ++j) {
      CVec v = CVec::Zero(n);
      v[j] = 1.0;
      for (int pass = 0; pass < 2; ++pass)
        for (Eigen::Index c = 0; c < filled; ++c) v -= q.col(c) * q.col(c).dot(v);
      norms.push_back(v.norm());
      longest = std::max(longest, norms.back());
      parts.push_back(std::move(v));
    }
    Eigen::Index pick = 0;
    while (norms[static_cast<std::size_t>(pick)] < longest - 1e-9) ++pick;
    q.col(filled) = parts[static_cast<std::size_t>(pick)] / norms[static_cast<std::size_t>(pick)];
  }
}
}  // namespace

void SvdBlock::program_factors(CMat u, const Vec& sigma, CMat vh, double s_max) {
  const int m = rows(), n = cols(), k = structure_.channels();
  const double top = sigma.size() > 0 ? sigma[0] : 0.0;
  // Columns of U and rows of V^H beyond the nonzero singular values are a free choice:
  // make it canonical (see canonical_completion).
  Eigen::Index rank = 0;
  while (rank < sigma.size() && sigma[rank] > kNullSigma * top) ++rank;
  if (rank < m) canonical_completion(u, rank);
  if (rank < n) {
    CMat v = vh.adjoint();
    canonical_completion(v, rank);
    vh = v.adjoint();
  }
  if (s_max <= 0.0) s_max = top > 0.0 ? top : 1.0;
  require(s_max >= top * (1.0 - 1e-12), "s_max", s_max,
          "must be >= the largest singular value " + detail::to_text(top));
  set_s_max(s_max);
  Vec signed_sigma = sigma.head(k);
  if (m == 1 && n == 1) {
    // No mesh on either side: only a real value (sign through cos psi) is reachable.
    const cplx value = u(0, 0) * sigma[0] * vh(0, 0);
    require(std::abs(value.imag()) <= 1e-12 * std::max(1.0, std::abs(value)),
            "1 x 1 block value imaginary part", value.imag(),
            "must be 0 (a 1 x 1 block has no mesh to carry a phase)");
    signed_sigma[0] = value.real();
  } else if (m == 1) {
    vh.row(0) *= u(0, 0);  // fold U's phase into V^H (still unitary)
  } else if (n == 1) {
    u.col(0) *= vh(0, 0);  // fold V^H's phase into U
  }
  for (int c = 0; c < k; ++c)
    phases_[structure_.sigma_offset() + c] =
        std::acos(std::clamp(signed_sigma[c] / s_max, -1.0, 1.0));
  const auto& os = structure_.output_slots();
  if (const auto& layout = structure_.output_mesh()) {
    const int nm = layout->num_mzis();
    decompose_unitary(u, *layout, phases_.segment(os.theta, nm), phases_.segment(os.phi, nm),
                      phases_.segment(os.screen, m));
  }
  const auto& is = structure_.input_slots();
  if (const auto& layout = structure_.input_mesh()) {
    const int nm = layout->num_mzis();
    decompose_unitary(vh, *layout, phases_.segment(is.theta, nm), phases_.segment(is.phi, nm),
                      phases_.segment(is.screen, n));
  }
}

CMat SvdBlock::matrix() const {
  CMat x = CMat::Identity(structure_.work_rows(), cols());
  apply_block(structure_, phases_, s_max_, hardware_, x);
  return x.topRows(rows());
}

Mat SvdBlock::real_matrix() const { return matrix().real(); }

CMat SvdBlock::apply(const CMat& x) const {
  require(x.rows() == cols(), "batch rows", x.rows(),
          "must equal the block's input count N = " + std::to_string(cols()));
  CMat work = CMat::Zero(structure_.work_rows(), x.cols());
  work.topRows(cols()) = x;
  apply_block(structure_, phases_, s_max_, hardware_, work);
  return work.topRows(rows());
}

}  // namespace tonnsim::photonics
