#pragma once
// MPI for distributed sweeps, present only when tonnsim was built with MPI and started by
// mpirun: otherwise a session of one rank, so `tonnsim sweep` runs the same without it.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace tonnsim::runner {

/// This process's rank as the MPI launcher announced it in the environment (OpenMPI,
/// PMI, PMIx), without initialising MPI; 0 when not started by a launcher.
int launcher_rank();

class MpiSession {
 public:
  /// Initialises MPI when the process was started by an MPI launcher (OpenMPI or PMI
  /// environment) and MPI is compiled in; a single-rank session otherwise.
  MpiSession();
  ~MpiSession();
  MpiSession(const MpiSession&) = delete;
  MpiSession& operator=(const MpiSession&) = delete;

  int rank() const { return rank_; }
  int size() const { return size_; }
  bool distributed() const { return size_ > 1; }

  /// Rows (each [point index, values...], all of the same width) of every rank, on rank 0
  /// in rank order; other ranks get an empty result.
  std::vector<std::vector<double>> gather_rows(const std::vector<std::vector<double>>& rows,
                                               std::size_t width) const;

  /// Rank 0's `values`, on every rank (rank 0 decides, e.g. which sweep points remain).
  std::vector<std::int64_t> broadcast(std::vector<std::int64_t> values) const;

 private:
  int rank_ = 0;
  int size_ = 1;
  bool initialised_here_ = false;
};

}  // namespace tonnsim::runner
