#pragma once
// Programming a mesh: decompose a target unitary into MZI phases and an output phase screen.
#include "core/rng.hpp"
#include "core/types.hpp"
#include "photonics/mesh.hpp"

namespace tonnsim::photonics {

/// ||U^H U - I||_F, the distance of U from the unitary group.
double unitarity_deviation(const CMat& u);

/// Default tolerance on unitarity_deviation for a matrix to count as unitary.
inline constexpr double kUnitarityTolerance = 1e-8;

/// Decomposes a unitary U into the phases of an ideal mesh of `layout` (convention of
/// mzi_transfer: T(theta, phi) with the external shifter on the top input arm) such that
///   U = D T_L ... T_1,   D = diag(e^{i screen}).
///
/// Clements et al., Optica 3, 1460 (2016): null the lower-left triangle of U along
/// anti-diagonals, alternately from the right (U <- U T^{-1}, a column Givens step) and
/// the left (U <- T U, a row step); this leaves L U R^{-1} = D', and each left factor is
/// moved through the diagonal as T^{-1} D' = D'' T' (a 2x2 refactorisation), which lands
/// the MZIs on the rectangular grid. Reck et al., PRL 73, 58 (1994): null the rows
/// bottom-up, left to right, with column steps only (triangular grid).
/// Every step touches two rows or two columns: O(N^3) in all, no matrix products.
///
/// theta ends in [0, pi], phi and screen in [0, 2 pi). Throws InputError when U is not
/// square or its unitarity_deviation exceeds `unitarity_tol` (message names both).
void decompose_unitary(const CMat& u, const MeshLayout& layout, Eigen::Ref<Vec> theta_rad,
                       Eigen::Ref<Vec> phi_rad, Eigen::Ref<Vec> screen_rad,
                       double unitarity_tol = kUnitarityTolerance);

/// A mesh of `topology` programmed to U; reconstruct with mesh.matrix().
Mesh decompose_unitary(const CMat& u, Topology topology,
                       double unitarity_tol = kUnitarityTolerance);

/// A Haar-random N x N unitary: QR of a complex Ginibre matrix with R's diagonal phases
/// divided out (Mezzadri, Notices AMS 54, 592 (2007)); without that fix the distribution
/// is not Haar.
CMat haar_random_unitary(int n, Rng& rng);

}  // namespace tonnsim::photonics
