#pragma once
// Shape and storage conventions of a tensor-train (TT) matrix (Oseledets, SIAM J. Sci.
// Comput. 33, 2295 (2011); Novikov et al., "Tensorizing neural networks", NeurIPS 2015).
//
// A layer maps an input of dimension M = prod_k m_k to an output of dimension
// N = prod_k n_k (m = input modes, n = output modes). Its effective weight, as the layer
// applies it (y = A x + b), is the N x M matrix
//
//   A(j, i) = G_1[:, i_1, j_1, :] G_2[:, i_2, j_2, :] ... G_d[:, i_d, j_d, :]
//
// with cores G_k of shape (r_{k-1}, m_k, n_k, r_k), r_0 = r_d = 1. (The TT matrix of
// shape (prod m_k) x (prod n_k) in the papers is A^T.)
//
// Multi-indices are flattened in C order, first mode most significant:
//   i = ((i_1 m_2 + i_2) m_3 + i_3) ... ,  j likewise with n_k,
// as numpy/PyTorch reshape, so cores trained elsewhere load without permutation.
//
// Core k is stored as the Mat of shape (r_{k-1} m_k) x (n_k r_k), C order inside each
// side: G_k(a, i, j, c) = core(a * m_k + i, j * r_k + c). This is exactly the reshape a
// photonic tensor core realises (one (r_{k-1} m_k) x (n_k r_k) block per TT core).
#include <vector>

#include "core/types.hpp"

namespace tonnsim::tonn {

struct TTShape {
  std::vector<int> in_modes;   // m_k, product = input dimension
  std::vector<int> out_modes;  // n_k, product = output dimension
  std::vector<int> ranks;      // r_0 .. r_d, r_0 = r_d = 1

  /// Ranks r_1..r_{d-1} all equal to `rank`.
  static TTShape with_rank(std::vector<int> in_modes, std::vector<int> out_modes, int rank);

  /// The largest ranks a TT matrix of these modes can need (exact TT-SVD of any matrix):
  /// r_k = min(prod_{l<=k} m_l n_l, prod_{l>k} m_l n_l).
  static TTShape full_rank(std::vector<int> in_modes, std::vector<int> out_modes);

  int order() const { return static_cast<int>(in_modes.size()); }
  Eigen::Index in_dim() const;
  Eigen::Index out_dim() const;
  Eigen::Index core_rows(int k) const { return Eigen::Index(ranks[k]) * in_modes[k]; }
  Eigen::Index core_cols(int k) const { return Eigen::Index(out_modes[k]) * ranks[k + 1]; }
  /// Number of numbers in all cores.
  Eigen::Index num_core_entries() const;

  /// Throws InputError unless modes and ranks are positive, of consistent lengths, and
  /// r_0 = r_d = 1.
  void validate() const;

  bool operator==(const TTShape& o) const {
    return in_modes == o.in_modes && out_modes == o.out_modes && ranks == o.ranks;
  }
};

/// Element G_k(a, i, j, c) of a core stored as described above.
inline double& core_at(Mat& core, const TTShape& s, int k, int a, int i, int j, int c) {
  return core(Eigen::Index(a) * s.in_modes[k] + i, Eigen::Index(j) * s.ranks[k + 1] + c);
}
inline double core_at(const Mat& core, const TTShape& s, int k, int a, int i, int j, int c) {
  return core(Eigen::Index(a) * s.in_modes[k] + i, Eigen::Index(j) * s.ranks[k + 1] + c);
}

/// Throws InputError unless there are d cores of the shapes `s` prescribes.
void check_cores(const TTShape& s, const std::vector<Mat>& cores);

/// The N x M matrix A above, by the definition (products of the r x r core slices per
/// entry). The reference the fast contraction is tested against.
Mat dense_from_cores(const TTShape& s, const std::vector<Mat>& cores);

}  // namespace tonnsim::tonn
