#include "scenarios/runner/mpi_session.hpp"

#include <algorithm>
#include <climits>
#include <cstdlib>
#include <cstring>

#include "core/error.hpp"

#ifdef TONNSIM_HAVE_MPI
#include <mpi.h>
#endif

namespace tonnsim::runner {

namespace {
bool launched_by_mpi() {
  for (const char* var : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_RANK"})
    if (std::getenv(var)) return true;
  return false;
}
}  // namespace

int launcher_rank() {
  for (const char* var : {"OMPI_COMM_WORLD_RANK", "PMI_RANK", "PMIX_RANK"})
    if (const char* v = std::getenv(var)) return std::atoi(v);
  return 0;
}

bool MpiSession::available() {
#ifdef TONNSIM_HAVE_MPI
  return true;
#else
  return false;
#endif
}

MpiSession::MpiSession() {
#ifdef TONNSIM_HAVE_MPI
  if (!launched_by_mpi()) return;
  int ready = 0;
  MPI_Initialized(&ready);
  if (!ready) {
    MPI_Init(nullptr, nullptr);
    initialised_here_ = true;
  }
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
  active_ = true;
#endif
}

MpiSession::~MpiSession() {
#ifdef TONNSIM_HAVE_MPI
  if (initialised_here_) MPI_Finalize();
#endif
}

std::vector<std::vector<double>> MpiSession::gather_rows(
    const std::vector<std::vector<double>>& rows, std::size_t width) const {
  if (!distributed()) return rows;
#ifdef TONNSIM_HAVE_MPI
  std::vector<double> mine;
  for (const auto& r : rows) mine.insert(mine.end(), r.begin(), r.end());
  int count = static_cast<int>(mine.size());
  std::vector<int> counts(rank_ == 0 ? size_ : 0), offsets;
  MPI_Gather(&count, 1, MPI_INT, counts.data(), 1, MPI_INT, 0, MPI_COMM_WORLD);
  std::vector<double> all;
  if (rank_ == 0) {
    int total = 0;
    for (int c : counts) {
      offsets.push_back(total);
      total += c;
    }
    all.resize(static_cast<std::size_t>(total));
  }
  MPI_Gatherv(mine.data(), count, MPI_DOUBLE, all.data(), counts.data(), offsets.data(),
              MPI_DOUBLE, 0, MPI_COMM_WORLD);
  std::vector<std::vector<double>> out;
  for (std::size_t i = 0; i + width <= all.size(); i += width)
    out.emplace_back(all.begin() + static_cast<long>(i), all.begin() + static_cast<long>(i + width));
  return out;
#else
  (void)width;
  return rows;
#endif
}

std::vector<std::int64_t> MpiSession::broadcast(std::vector<std::int64_t> values) const {
  if (!distributed()) return values;
#ifdef TONNSIM_HAVE_MPI
  long long count = static_cast<long long>(values.size());
  MPI_Bcast(&count, 1, MPI_LONG_LONG, 0, MPI_COMM_WORLD);
  values.resize(static_cast<std::size_t>(count));
  static_assert(sizeof(std::int64_t) == sizeof(long long));
  MPI_Bcast(values.data(), static_cast<int>(count), MPI_LONG_LONG, 0, MPI_COMM_WORLD);
#endif
  return values;
}

bool MpiSession::any(bool flag) const {
#ifdef TONNSIM_HAVE_MPI
  if (active_) {
    int mine = flag ? 1 : 0, all = 0;
    MPI_Allreduce(&mine, &all, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
    return all != 0;
  }
#endif
  return flag;
}

void MpiSession::barrier() const {
#ifdef TONNSIM_HAVE_MPI
  if (active_) MPI_Barrier(MPI_COMM_WORLD);
#endif
}

bool MpiSession::same_on_all(const Vec& v) const {
#ifdef TONNSIM_HAVE_MPI
  if (active_ && size_ > 1) {
    long n = static_cast<long>(v.size());
    MPI_Bcast(&n, 1, MPI_LONG, 0, MPI_COMM_WORLD);
    Vec root = v;
    if (n != static_cast<long>(v.size())) root.resize(n);
    MPI_Bcast(root.data(), static_cast<int>(n), MPI_DOUBLE, 0, MPI_COMM_WORLD);
    const bool same = n == static_cast<long>(v.size()) &&
                      std::memcmp(root.data(), v.data(), sizeof(double) * std::size_t(n)) == 0;
    return !any(!same);
  }
#endif
  (void)v;
  return true;
}

std::string rank_errors_text(const std::vector<RankError>& errors, int ranks) {
  std::vector<std::pair<std::string, std::vector<int>>> distinct;  // message, its ranks
  for (const RankError& e : errors) {
    if (e.code == 0) continue;
    const auto same = std::find_if(distinct.begin(), distinct.end(),
                                   [&](const auto& d) { return d.first == e.message; });
    if (same == distinct.end())
      distinct.push_back({e.message, {e.rank}});
    else
      same->second.push_back(e.rank);
  }
  std::string text;
  for (const auto& [message, which] : distinct) {
    text += "error: ";
    if (static_cast<int>(which.size()) != ranks) {
      text += which.size() == 1 ? "[rank " : "[ranks ";
      for (std::size_t i = 0; i < which.size(); ++i)
        text += (i ? ", " : "") + std::to_string(which[i]);
      text += "] ";
    }
    text += message + "\n";
  }
  return text;
}

int first_error_code(const std::vector<RankError>& errors) {
  for (const RankError& e : errors)
    if (e.code != 0) return e.code;
  return 0;
}

std::vector<RankError> MpiSession::all_errors(int code, const std::string& message) const {
  std::vector<RankError> all(static_cast<std::size_t>(size_));
#ifdef TONNSIM_HAVE_MPI
  if (active_ && size_ > 1) {
    const int mine[2] = {code, static_cast<int>(message.size())};
    std::vector<int> heads(2 * all.size());
    MPI_Allgather(mine, 2, MPI_INT, heads.data(), 2, MPI_INT, MPI_COMM_WORLD);
    std::vector<int> lengths(all.size()), offsets(all.size());
    int total = 0;
    for (std::size_t r = 0; r < all.size(); ++r) {
      lengths[r] = heads[2 * r + 1];
      offsets[r] = total;
      total += lengths[r];
    }
    std::vector<char> text(static_cast<std::size_t>(std::max(total, 1)));
    MPI_Allgatherv(message.data(), mine[1], MPI_CHAR, text.data(), lengths.data(),
                   offsets.data(), MPI_CHAR, MPI_COMM_WORLD);
    for (std::size_t r = 0; r < all.size(); ++r)
      all[r] = {static_cast<int>(r), heads[2 * r],
                std::string(text.data() + offsets[r], static_cast<std::size_t>(lengths[r]))};
    return all;
  }
#endif
  all[static_cast<std::size_t>(rank_)] = {rank_, code, message};
  return all;
}

void MpiSession::abort(int code) const {
#ifdef TONNSIM_HAVE_MPI
  if (active_) MPI_Abort(MPI_COMM_WORLD, code);
#endif
  std::exit(code);
}

void MpiPointSplit::all_gather_columns(Mat& columns) {
  if (session_.size() == 1) return;
#ifdef TONNSIM_HAVE_MPI
  const Eigen::Index rows = columns.rows(), n = columns.cols();
  require(rows * n < INT_MAX, "exchanged values", rows * n, "must fit an MPI count (int)");
  std::vector<int> counts, offsets;
  for (int r = 0; r < session_.size(); ++r) {
    const pinn::ColumnRange c = pinn::part_columns(n, r, session_.size());
    counts.push_back(static_cast<int>(rows * c.size()));
    offsets.push_back(static_cast<int>(rows * c.begin));
  }
  // Column-major: a part's columns are one contiguous run of doubles.
  MPI_Allgatherv(MPI_IN_PLACE, 0, MPI_DATATYPE_NULL, columns.data(), counts.data(),
                 offsets.data(), MPI_DOUBLE, MPI_COMM_WORLD);
#else
  (void)columns;  // a session without MPI has one rank
#endif
}

}  // namespace tonnsim::runner
