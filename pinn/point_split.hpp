#pragma once
// Splitting the points of a loss evaluation among cooperating processes (one training run
// over several MPI ranks, issue 13 item 3), seen from the PINN layer: an abstract exchange
// that the runner implements with MPI, so nothing below scenarios/runner includes MPI.
//
// Determinism: every process evaluates the network on its own contiguous range of points
// (part_columns), then all processes exchange the per-point results (the network jets, or
// the smoothed values of the test set) so that each holds the whole batch, and the loss,
// test error and every later sum are formed from the whole batch in one fixed order on
// every process. No partial sum is ever combined across processes, so the result does not
// depend on the number of processes, provided a point's jet does not depend on which other
// points share its batch (asserted by tests/pinn/point_split_test.cpp on the flagship
// network and chip). The one exception, first-order gradients (pinn/loss_gradient.cpp):
// each process differentiates whole blocks of points of a fixed size, so the exchanged
// columns are per-block partial gradients, added in block order on every process: a
// tree fixed by the point indices, not by the number of processes.
#include "core/types.hpp"

namespace tonnsim::pinn {

/// Columns [begin, end) of a batch.
struct ColumnRange {
  Eigen::Index begin = 0;
  Eigen::Index end = 0;
  Eigen::Index size() const { return end - begin; }
};

/// Part `part` of `parts` of n columns: contiguous, in part order, sizes differing by at
/// most one (the first n mod parts parts take one more). Every column lies in exactly one
/// part; a part may be empty when parts > n.
ColumnRange part_columns(Eigen::Index n, int part, int parts);

class PointSplit {
 public:
  virtual ~PointSplit() = default;
  /// This process's part, in [0, parts()).
  virtual int part() const = 0;
  virtual int parts() const = 0;
  /// Collective (every process calls it with the same shape): on entry this process has
  /// filled the columns part_columns(columns.cols(), part(), parts()) of `columns`; on
  /// return every process holds every column, bit for bit as its owner computed it.
  virtual void all_gather_columns(Mat& columns) = 0;
};

}  // namespace tonnsim::pinn
