#pragma once
// MPI for distributed sweeps and runs, present only when tonnsim was built with MPI and
// started by mpirun: otherwise a session of one rank, so `tonnsim sweep` and `tonnsim run`
// run the same without it.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/types.hpp"
#include "pinn/point_split.hpp"

namespace tonnsim::runner {

/// This process's rank as the MPI launcher announced it in the environment (OpenMPI,
/// PMI, PMIx), without initialising MPI; 0 when not started by a launcher.
int launcher_rank();

/// One rank's outcome of a phase that every rank ends at the same collective call.
struct RankError {
  int rank = 0;
  int code = 0;         // the exit code; 0: no error
  std::string message;  // the error's text (without "error: ")
};

/// The lines that report `errors` (of a job of `ranks` ranks) once: one line per distinct
/// message, "error: MESSAGE" when every rank met it, else "error: [rank 2] MESSAGE" or
/// "error: [ranks 0, 2] MESSAGE", in the order of the first rank to meet each. Empty when
/// no rank failed.
std::string rank_errors_text(const std::vector<RankError>& errors, int ranks);
/// The exit code of the lowest rank that failed; 0 when none did.
int first_error_code(const std::vector<RankError>& errors);

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
  /// MPI was initialised (started by a launcher, built with MPI), even with one rank.
  bool active() const { return active_; }
  /// This tonnsim was built with MPI (ranks started by a launcher can cooperate).
  static bool available();

  /// Collective: true on every rank when `flag` is true on any rank (a stop request).
  bool any(bool flag) const;
  /// Collective: waits until every rank has called it.
  void barrier() const;
  /// Collective: true on every rank when every rank holds the same bits in `v` as rank 0.
  bool same_on_all(const Vec& v) const;
  /// Collective: every rank's (code, message), code 0 for none, on every rank in rank
  /// order: for errors that every rank meets before its first other collective (reading
  /// the scenario), reported once by rank 0 (rank_errors_text) instead of once per rank.
  std::vector<RankError> all_errors(int code, const std::string& message) const;
  /// Collective: ends every rank of the job with `code` (MPI_Abort); exits this process
  /// when MPI is not active.
  [[noreturn]] void abort(int code) const;

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
  bool active_ = false;
};

/// The points of each loss split over the ranks of a session (pinn/point_split.hpp); the
/// exchange is one MPI_Allgatherv per call. A session of one rank exchanges nothing.
class MpiPointSplit final : public pinn::PointSplit {
 public:
  explicit MpiPointSplit(const MpiSession& session) : session_(session) {}
  int part() const override { return session_.rank(); }
  int parts() const override { return session_.size(); }
  void all_gather_columns(Mat& columns) override;

 private:
  const MpiSession& session_;
};

}  // namespace tonnsim::runner
