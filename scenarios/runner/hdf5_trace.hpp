#pragma once
// Per-iteration trace: one extendable, chunked 1-D dataset per column in one group
// (/trace/loss, /trace/iteration, ...), all of the same length. Rows are buffered in
// memory and written in one hyperslab per column at each flush, which also flushes the
// file; a flush happens every `every_rows` rows or `every_s` seconds, whichever comes
// first, so a run that crashes leaves a readable file with all but the last few rows.
#include <chrono>
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "scenarios/runner/hdf5_file.hpp"

namespace tonnsim::runner {

enum class ColumnType { kDouble, kInt };

struct TraceColumn {
  std::string name;                       // dataset name in the group
  ColumnType type = ColumnType::kDouble;  // int64 columns for counts and iterations
  std::string unit;         // dataset attribute "unit" ("1": dimensionless, "count": a count)
  std::string description;  // dataset attribute "description": what the column holds
};

struct FlushPolicy {
  std::int64_t every_rows = 100;  // rows per flush; >= 1
  double every_s = 5.0;           // seconds between flushes; <= 0 turns time-based off
};

/// One row's value for one column: a double for kDouble, an int64 for kInt.
using TraceValue = std::variant<double, std::int64_t>;

class TraceWriter {
 public:
  /// Creates `group` with one empty column per entry; the group attribute "columns"
  /// holds the names, comma-separated, in order. The file must outlive the writer.
  TraceWriter(Hdf5File& file, std::string group, std::vector<TraceColumn> columns,
              FlushPolicy policy = {});
  /// Reopens an existing trace to continue it after a checkpoint taken at `keep_rows`
  /// rows: later rows (recorded after that checkpoint) are dropped, so the resumed run
  /// rewrites them. InputError if a column is missing, of another type, or shorter.
  static TraceWriter resume(Hdf5File& file, std::string group, std::vector<TraceColumn> columns,
                            std::int64_t keep_rows, FlushPolicy policy = {});

  TraceWriter(TraceWriter&&) = default;
  TraceWriter& operator=(TraceWriter&&) = delete;
  TraceWriter(const TraceWriter&) = delete;
  TraceWriter& operator=(const TraceWriter&) = delete;
  /// Flushes what is buffered; errors are swallowed here, so call flush() to see them.
  ~TraceWriter();

  /// Appends one row, values in column order. RunError on a wrong count or type (a bug in
  /// the caller, not bad input).
  void append(const std::vector<TraceValue>& row);
  /// Writes buffered rows and flushes the file.
  void flush();
  /// Rows appended so far, written or buffered.
  std::int64_t rows() const { return written_ + buffered(); }
  const std::vector<TraceColumn>& columns() const { return columns_; }

 private:
  struct Column {
    Hdf5Handle dataset;
    std::vector<double> doubles;       // buffer of a kDouble column
    std::vector<std::int64_t> ints;    // buffer of a kInt column
  };
  TraceWriter(Hdf5File& file, std::string group, std::vector<TraceColumn> columns,
              FlushPolicy policy, std::int64_t written);
  std::int64_t buffered() const;
  std::string column_path(std::size_t i) const { return group_ + "/" + columns_[i].name; }

  Hdf5File* file_;
  std::string group_;
  std::vector<TraceColumn> columns_;
  FlushPolicy policy_;
  std::vector<Column> data_;
  std::int64_t written_ = 0;
  std::chrono::steady_clock::time_point last_flush_;
};

/// "a,b,c": the group attribute "columns" of traces and tables.
std::string join_column_names(const std::vector<std::string>& names);
std::vector<std::string> split_column_names(const std::string& joined);

}  // namespace tonnsim::runner
