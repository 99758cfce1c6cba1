#pragma once
// Arbitrary matrices on MZI meshes: W = U Sigma V^H (Miller, Photon. Res. 1, 1 (2013);
// Shen et al., Nat. Photon. 11, 441 (2017)).
#include <optional>
#include <vector>

#include "core/types.hpp"
#include "photonics/mesh.hpp"

namespace tonnsim::photonics {

/// Shape of an M x N SVD block and the layout of its flat phase vector.
///
/// Light (N input modes) crosses the INPUT mesh (N modes, realises V^H), then K = min(M, N)
/// attenuator MZIs (Sigma_k = s_max cos(psi_k)), then the OUTPUT mesh (M modes, realises
/// U). For M > N the output mesh's inputs K..M-1 are dark; for M < N the input mesh's
/// outputs K..N-1 are terminated. A side of size 1 has no mesh (no MZIs, no phases): its
/// 1 x 1 unitary is a phase that programming folds into the other mesh.
///
/// Flat phase vector (this order, documented for optimisers and HDF5):
///   [ U theta (nU) | U phi (nU) | U screen (M) | Sigma psi (K) |
///     V^H theta (nV) | V^H phi (nV) | V^H screen (N) ]
/// with nU = M(M-1)/2, nV = N(N-1)/2; each mesh's MZIs in layout order (column, mode);
/// a missing mesh contributes no entries.
class BlockStructure {
 public:
  /// Throws InputError unless rows >= 1 and cols >= 1.
  BlockStructure(int rows, int cols, Topology topology = Topology::kClements);

  struct MeshSlots {
    int theta = 0, phi = 0, screen = 0;  // offsets into the flat vector
  };

  int rows() const { return rows_; }
  int cols() const { return cols_; }
  int channels() const { return rows_ < cols_ ? rows_ : cols_; }  // K
  Topology topology() const { return topology_; }
  const std::optional<MeshLayout>& output_mesh() const { return output_; }  // U
  const std::optional<MeshLayout>& input_mesh() const { return input_; }    // V^H
  const MeshSlots& output_slots() const { return output_slots_; }
  const MeshSlots& input_slots() const { return input_slots_; }
  int sigma_offset() const { return sigma_offset_; }
  int num_phases() const { return num_phases_; }
  /// M(M-1)/2 + N(N-1)/2 + min(M, N).
  int mzi_count() const;
  /// Rows a work buffer needs: max(M, N).
  int work_rows() const { return rows_ > cols_ ? rows_ : cols_; }

 private:
  int rows_, cols_;
  Topology topology_;
  std::optional<MeshLayout> output_, input_;
  MeshSlots output_slots_, input_slots_;
  int sigma_offset_ = 0, num_phases_ = 0;
};

/// Static hardware of a block; empty members mean ideal (50:50 couplers, no loss).
struct BlockHardware {
  MeshHardware output;             // U mesh
  MeshHardware input;              // V^H mesh
  std::vector<MziHardware> sigma;  // one per attenuator channel, or empty
};

/// The one routine every block evaluation goes through. x has work_rows() rows: the
/// input batch in its top N rows on entry, the output W x in its top M rows on exit.
/// Allocates nothing.
void apply_block(const BlockStructure& structure, const Eigen::Ref<const Vec>& phases_rad,
                 double s_max, const BlockHardware& hardware, Eigen::Ref<CMat> x);

/// The three stages of a block evaluated apart: W = U diag(t) V^H with U the output mesh's
/// transfer from the K attenuator channels (M x K), t_k = s_max attenuator_transmission(psi_k)
/// and V^H the input mesh's transfer onto those channels (K x N), so that
/// out_mesh * t.asDiagonal() * in_mesh equals apply_block on the identity. In situ these are
/// what a chip measures at its Sigma column: V^H x in the forward pass, U^T delta in the
/// adjoint pass (L2ight, Gu et al., NeurIPS 2021).
struct BlockFactors {
  CMat out_mesh;       // U restricted to the attenuator channels, M x K
  CVec transmission;   // s_max t(psi_k), K
  CVec slope;          // s_max dt/dpsi at psi_k, K
  CMat in_mesh;        // V^H onto the attenuator channels, K x N
};

/// The factors of a block at (effective) phases and hardware. Allocates when `f` has
/// other shapes.
void block_factors(const BlockStructure& structure, const Eigen::Ref<const Vec>& phases_rad,
                   double s_max, const BlockHardware& hardware, BlockFactors& f);

/// dL/dpsi_k of a real read-out W = Re(U diag(t) V^H) for a loss gradient G = dL/dW (M x N):
///   dL/dpsi_k = sum_ij G_ij Re(U_ik t'_k V^H_kj) = Re(t'_k u_k^T G v_k),
/// u_k the k-th column of U, v_k the k-th row of V^H (Gu et al. 2021, eq. for the Sigma
/// gradient, here with the chip's own meshes and attenuator response). out: K entries.
void attenuator_phase_gradient(const BlockFactors& f, const Eigen::Ref<const Mat>& dl_dw,
                               Eigen::Ref<Vec> out);

/// A programmable SVD block: structure, flat phases, the scale s_max and hardware.
/// Real-valued networks (design notes): real input amplitudes, coherent detection of the
/// real part, so the effective real matrix is Re(U Sigma V^H) (real_matrix()).
class SvdBlock {
 public:
  /// All phases zero (Sigma = s_max), ideal hardware.
  SvdBlock(int rows, int cols, Topology topology = Topology::kClements, double s_max = 1.0);

  /// Programs W = U Sigma V^H: SVD, Sigma_k = s_max cos(psi_k) with psi_k = acos(sigma_k /
  /// s_max), U and V^H by decompose_unitary. s_max <= 0 picks sigma_max (1 for W = 0);
  /// an explicit s_max below sigma_max throws InputError. A 1 x 1 block has no mesh and
  /// needs a real W (sign via cos).
  static SvdBlock from_matrix(const CMat& w, Topology topology = Topology::kClements,
                              double s_max = 0.0);
  /// Real W: a real SVD, so both meshes realise real orthogonal matrices.
  static SvdBlock from_real_matrix(const Mat& w, Topology topology = Topology::kClements,
                                   double s_max = 0.0);
  void program(const CMat& w, double s_max = 0.0);
  void program_real(const Mat& w, double s_max = 0.0);

  const BlockStructure& structure() const { return structure_; }
  int rows() const { return structure_.rows(); }
  int cols() const { return structure_.cols(); }
  int num_phases() const { return structure_.num_phases(); }
  int mzi_count() const { return structure_.mzi_count(); }
  static int mzi_count(int rows, int cols);

  const Vec& phases() const { return phases_; }
  /// Throws InputError unless phases.size() == num_phases().
  void set_phases(const Vec& phases_rad);
  double s_max() const { return s_max_; }
  void set_s_max(double s_max);
  const BlockHardware& hardware() const { return hardware_; }
  void set_hardware(BlockHardware hardware) { hardware_ = std::move(hardware); }

  CMat matrix() const;      // U Sigma V^H, M x N
  Mat real_matrix() const;  // Re(U Sigma V^H)
  /// y = W x for a batch x (N x B).
  CMat apply(const CMat& x) const;

 private:
  void program_factors(CMat u, const Vec& sigma, CMat vh, double s_max);
  BlockStructure structure_;
  Vec phases_;
  double s_max_;
  BlockHardware hardware_;
};

}  // namespace tonnsim::photonics
