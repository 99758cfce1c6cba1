#pragma once
// Directional coupler: the beam splitter every MZI is built from.
#include <Eigen/Core>
#include <cmath>
#include <complex>

#include "core/error.hpp"

namespace tonnsim::photonics {

/// Lossless symmetric directional coupler with power splitting ratio kappa (the fraction of
/// the power that crosses to the other waveguide). Coupled-mode theory gives the field
/// transfer (Yariv, IEEE JQE 9, 919 (1973); the convention of Clements et al., Optica 3,
/// 1460 (2016) and Pai et al., PR Applied 11, 064044 (2019)):
///
///   DC(kappa) = [[ t,  i r ],      t = sqrt(1 - kappa)   (through, bar)
///                [ i r,  t ]],     r = sqrt(kappa)       (cross)
///
/// Rows are output ports, columns input ports; the cross path picks up the i (a pi/2
/// phase), which is what makes DC unitary. Ideal: kappa = 0.5. A fabrication imbalance
/// error delta is kappa = 0.5 + delta; it is what limits an MZI's extinction ratio.
struct DirectionalCoupler {
  double through = M_SQRT1_2;  // t, field amplitude on the bar path
  double cross = M_SQRT1_2;    // r, field amplitude on the cross path

  /// Throws InputError unless 0 <= kappa <= 1.
  static DirectionalCoupler from_ratio(double kappa) {
    require(kappa >= 0.0 && kappa <= 1.0, "coupler splitting_ratio", kappa, "must be in [0, 1]");
    return {std::sqrt(1.0 - kappa), std::sqrt(kappa)};
  }
  double ratio() const { return cross * cross; }

  Eigen::Matrix2cd matrix() const {
    const std::complex<double> ir(0.0, cross);
    Eigen::Matrix2cd m;
    m << through, ir, ir, through;
    return m;
  }
};

}  // namespace tonnsim::photonics
