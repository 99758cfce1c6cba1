#pragma once
// N x N MZI meshes: rectangular (Clements et al., Optica 3, 1460 (2016)) and triangular
// (Reck et al., PRL 73, 58 (1994)), simulated MZI by MZI.
#include <array>
#include <utility>
#include <vector>

#include "core/enum_names.hpp"
#include "core/types.hpp"
#include "photonics/mzi.hpp"

namespace tonnsim::photonics {

enum class Topology { kClements, kReck };

}  // namespace tonnsim::photonics

namespace tonnsim {
template <>
struct EnumNames<photonics::Topology> {
  static constexpr const char* type = "mesh topology";
  static constexpr std::array<std::pair<photonics::Topology, const char*>, 2> names{
      {{photonics::Topology::kClements, "clements"}, {photonics::Topology::kReck, "reck"}}};
};
}  // namespace tonnsim

namespace tonnsim::photonics {

/// One MZI of a mesh: it couples modes (top_mode, top_mode + 1) in `column`.
struct MziSite {
  int top_mode;
  int column;
};

/// Where the N(N-1)/2 MZIs of an N-mode mesh sit. Columns are the physical stages light
/// crosses in order; within a column the MZIs act on disjoint mode pairs.
///   Clements: column c holds the pairs (m, m+1) with m = c mod 2, c+2, ...: N columns
///             (1 for N = 2), every mode crosses exactly N columns.
///   Reck:     diagonal k = 0..N-2 holds pairs (m, m+1), m = 0..N-2-k, in column 2k + m:
///             2N-3 columns.
/// MZIs are indexed in application order: sorted by (column, top_mode).
class MeshLayout {
 public:
  /// Throws InputError for n < 2 (a mesh needs a mode pair).
  MeshLayout(Topology topology, int n);

  Topology topology() const { return topology_; }
  int modes() const { return n_; }
  int num_mzis() const { return static_cast<int>(sites_.size()); }
  /// Number of columns: the optical depth of the mesh.
  int num_columns() const { return static_cast<int>(column_begin_.size()) - 1; }
  const std::vector<MziSite>& sites() const { return sites_; }
  /// MZIs of column c are sites()[column_begin()[c] .. column_begin()[c+1]).
  const std::vector<int>& column_begin() const { return column_begin_; }
  /// Modes no MZI touches in column c (they cross it in a pass-through waveguide).
  const std::vector<int>& idle_modes(int column) const { return idle_modes_[column]; }
  /// Index of the MZI on (top_mode, top_mode + 1) in `column`, or -1.
  int index_of(int column, int top_mode) const;

 private:
  Topology topology_;
  int n_;
  std::vector<MziSite> sites_;
  std::vector<int> column_begin_;
  std::vector<std::vector<int>> idle_modes_;
  std::vector<int> index_;  // column * n + top_mode -> MZI index or -1
};

/// Static hardware of a mesh. Empty `mzi` means ideal 50:50 couplers, no loss.
/// Loss model (balanced, as in path-length-balanced layouts): a pass-through waveguide
/// that crosses a column beside the MZIs carries `idle_amplitude`; with every MZI at the
/// same loss a and idle_amplitude = a, every path crosses num_columns() cells and the mesh
/// is a * num_columns()-scaled unitary: P_out = P_in 10^(-IL_dB * depth / 10).
struct MeshHardware {
  std::vector<MziHardware> mzi;  // per MZI, in layout order
  double idle_amplitude = 1.0;   // field transmission of a pass-through slot
  bool ideal() const { return mzi.empty() && idle_amplitude == 1.0; }
};

/// The one routine every mesh evaluation goes through: X <- D(screen) T_L ... T_1 X, MZI by
/// MZI in layout order (each touches two rows), then the output phase screen
/// D = diag(e^{i screen_m}). X is N x B (one input per column); theta, phi have one entry
/// per MZI, screen one per mode. Cost O(N^2 B); allocates nothing.
void apply_mesh(const MeshLayout& layout, const Eigen::Ref<const Vec>& theta_rad,
                const Eigen::Ref<const Vec>& phi_rad, const Eigen::Ref<const Vec>& screen_rad,
                const MeshHardware& hardware, Eigen::Ref<CMat> x);

/// A programmable N x N mesh: layout, phases (theta, phi per MZI; output screen per mode)
/// and static hardware.
class Mesh {
 public:
  /// All phases zero, ideal hardware. Throws InputError for n < 2.
  Mesh(Topology topology, int n);
  explicit Mesh(MeshLayout layout);

  const MeshLayout& layout() const { return layout_; }
  int modes() const { return layout_.modes(); }
  int num_mzis() const { return layout_.num_mzis(); }

  Vec& theta() { return theta_; }
  const Vec& theta() const { return theta_; }
  Vec& phi() { return phi_; }
  const Vec& phi() const { return phi_; }
  Vec& screen() { return screen_; }
  const Vec& screen() const { return screen_; }

  const MeshHardware& hardware() const { return hardware_; }
  /// Every MZI and every pass-through slot loses loss_db (balanced model above).
  void set_uniform_loss_db(double loss_db);
  /// One MZI's loss; pass-through slots keep theirs.
  void set_mzi_loss_db(int mzi, double loss_db);
  /// One MZI's coupler splitting ratios (power, ideal 0.5).
  void set_coupler_ratios(int mzi, double kappa_in, double kappa_out);
  /// Power transmission of the balanced uniform-loss model for loss_db per cell.
  double balanced_transmission(double loss_db) const;

  /// The N x N transfer matrix (apply to the identity).
  CMat matrix() const;
  /// X <- mesh X for a batch X (N x B), without forming the matrix.
  void apply(CMat& x) const;

 private:
  void ensure_hardware_vector();
  MeshLayout layout_;
  Vec theta_, phi_, screen_;
  MeshHardware hardware_;
};

}  // namespace tonnsim::photonics
