#pragma once
// Mach-Zehnder interferometer: the 2x2 programmable cell of every mesh.
#include <Eigen/Core>
#include <cmath>
#include <complex>

#include "core/error.hpp"
#include "core/types.hpp"
#include "photonics/directional_coupler.hpp"

namespace tonnsim::photonics {

/// Field amplitude factor of an insertion loss: 10^(-dB/20). (A power factor 10^(-dB/10)
/// on a field would double the loss.) Throws InputError for loss_db < 0 (a passive device
/// has no gain).
inline double loss_db_to_amplitude(double loss_db) {
  require(loss_db >= 0.0, "insertion_loss_db", loss_db, "must be >= 0 dB (passive device)");
  return std::pow(10.0, -loss_db / 20.0);
}

/// Phases this close below 2 pi are rounding residues of 0 (a decomposition's -1e-16):
/// wrapping keeps them at 0 rather than charging a heater ~2 P_pi for them. Far below any
/// DAC step (2 pi / 2^24 = 3.7e-7 rad) and the 1 mrad settle tolerance.
constexpr double kPhaseResidueRad = 1e-9;

/// Maps a phase to [0, 2 pi): a thermo-optic heater can only add phase, so the physical
/// setting of any programmed phase is its wrapped value.
inline double wrap_phase(double phase_rad) {
  double w = std::fmod(phase_rad, 2.0 * M_PI);
  if (w < 0.0) w += 2.0 * M_PI;
  if (w >= 2.0 * M_PI - kPhaseResidueRad) w = 0.0;  // fmod(-tiny) + 2 pi: a residue of 0
  return w;
}

/// The static hardware of one MZI: its two couplers and its insertion loss.
struct MziHardware {
  DirectionalCoupler in;   // first coupler (after the external shifter)
  DirectionalCoupler out;  // second coupler
  double amplitude = 1.0;  // field transmission 10^(-IL_dB/20), same on both arms

  static MziHardware make(double kappa_in, double kappa_out, double loss_db) {
    return {DirectionalCoupler::from_ratio(kappa_in), DirectionalCoupler::from_ratio(kappa_out),
            loss_db_to_amplitude(loss_db)};
  }
};

/// MZI transfer matrix on modes (m, m+1), the convention of Pai et al., PR Applied 11,
/// 064044 (2019) (a Clements 2016 cell with both shifters on the TOP arm):
/// light meets the external shifter phi (top arm, input side) first, then coupler 1,
/// then the internal shifter theta (top arm, between the couplers), then coupler 2:
///
///   T(theta, phi) = a * DC(k_out) diag(e^{i theta}, 1) DC(k_in) diag(e^{i phi}, 1)
///
/// With ideal 50:50 couplers and a = 1:
///
///   T = i e^{i theta/2} [[ e^{i phi} sin(theta/2),  cos(theta/2) ],
///                        [ e^{i phi} cos(theta/2), -sin(theta/2) ]]
///
/// so theta = 0 is the cross state (all power swaps modes), theta = pi the bar state, and
/// theta in [0, pi] sets the splitting while phi sets the relative input phase.
/// With couplers (t1, r1), (t2, r2) the bar transmission at theta = 0 is
/// |t1 t2 - r1 r2|^2, zero only for matched couplers: the imbalance extinction floor.
inline Eigen::Matrix2cd mzi_transfer(double theta_rad, double phi_rad,
                                     const MziHardware& hw = MziHardware{}) {
  const cplx et = std::polar(1.0, theta_rad), ep = std::polar(1.0, phi_rad);
  const double t1 = hw.in.through, r1 = hw.in.cross, t2 = hw.out.through, r2 = hw.out.cross;
  const cplx i(0.0, 1.0);
  Eigen::Matrix2cd m;
  m(0, 0) = hw.amplitude * (t1 * t2 * et - r1 * r2) * ep;
  m(0, 1) = hw.amplitude * i * (r1 * t2 * et + t1 * r2);
  m(1, 0) = hw.amplitude * i * (t1 * r2 * et + r1 * t2) * ep;
  m(1, 1) = hw.amplitude * (t1 * t2 - r1 * r2 * et);
  return m;
}

/// An MZI used as a real-valued attenuator (the Sigma column of an SVD block): driven
/// push-pull, +psi on the top arm and -psi on the bottom, its cross port transmits
///   t(psi) = a (r1 t2 e^{i psi} + t1 r2 e^{-i psi})  [= a cos(psi) for 50:50 couplers]
/// after removing the cross port's constant factor i (a fixed waveguide phase, also the
/// coherent receiver's reference). cos(psi) spans [-1, 1], so a signed singular value
/// s_max cos(psi) needs no extra shifter (Shen et al., Nat. Photon. 11, 441 (2017) use
/// the same MZI-attenuator column). Coupler imbalance makes t complex and caps |t| < 1.
inline cplx attenuator_transmission(double psi_rad, const MziHardware& hw = MziHardware{}) {
  return hw.amplitude * (hw.in.cross * hw.out.through * std::polar(1.0, psi_rad) +
                         hw.in.through * hw.out.cross * std::polar(1.0, -psi_rad));
}

/// dt/dpsi of attenuator_transmission: a i (r1 t2 e^{i psi} - t1 r2 e^{-i psi})
/// [= -a sin(psi) for 50:50 couplers].
inline cplx attenuator_transmission_derivative(double psi_rad, const MziHardware& hw = MziHardware{}) {
  return hw.amplitude * cplx(0.0, 1.0) *
         (hw.in.cross * hw.out.through * std::polar(1.0, psi_rad) -
          hw.in.through * hw.out.cross * std::polar(1.0, -psi_rad));
}

/// Applies a 2x2 transfer to rows (row, row + 1) of a batch X (one sample per column).
template <class Derived>
inline void apply_2x2(const Eigen::Matrix2cd& t, Eigen::MatrixBase<Derived>& x, int row) {
  const cplx t00 = t(0, 0), t01 = t(0, 1), t10 = t(1, 0), t11 = t(1, 1);
  for (Eigen::Index b = 0; b < x.cols(); ++b) {
    const cplx x0 = x(row, b), x1 = x(row + 1, b);
    x(row, b) = t00 * x0 + t01 * x1;
    x(row + 1, b) = t10 * x0 + t11 * x1;
  }
}

}  // namespace tonnsim::photonics
