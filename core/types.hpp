#pragma once
// Shared numeric types. Batches are matrices with one sample per column.
#include <Eigen/Core>
#include <complex>

namespace tonnsim {

using cplx = std::complex<double>;
using Vec = Eigen::VectorXd;
using Mat = Eigen::MatrixXd;
// Single precision (Precision::kF32): the batch products of a network's forward pass.
using MatF = Eigen::MatrixXf;
using CVec = Eigen::VectorXcd;
using CMat = Eigen::MatrixXcd;
using IVec = Eigen::VectorXi;

}  // namespace tonnsim
