#pragma once
// A table of named columns of equal length (a sweep's inputs or outputs), stored as one
// 1-D dataset per column in a group, the column order in the group attribute "columns"
// ("a,b,c"). Columns are doubles, int64 or strings (enum names such as a topology).
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "scenarios/runner/hdf5_file.hpp"

namespace tonnsim::runner {

class Table {
 public:
  using Column =
      std::variant<std::vector<double>, std::vector<std::int64_t>, std::vector<std::string>>;

  /// Adds a column; InputError for a duplicate or malformed name or a length that differs
  /// from the columns already there. `unit` and `description` become the dataset's
  /// attributes; when empty, write_table derives them (column_unit(), "column NAME").
  void add(const std::string& name, Column values, std::string unit = "",
           std::string description = "");
  const std::vector<std::string>& names() const { return names_; }
  std::size_t rows() const;
  bool has(const std::string& name) const;
  /// InputError naming the known columns if `name` is not one.
  const Column& column(const std::string& name) const;
  const std::vector<double>& doubles(const std::string& name) const;
  const std::vector<std::int64_t>& ints(const std::string& name) const;
  const std::vector<std::string>& strings(const std::string& name) const;
  const std::string& unit(const std::string& name) const;
  const std::string& description(const std::string& name) const;

 private:
  std::vector<std::string> names_;
  std::vector<Column> columns_;
  std::vector<std::string> units_, descriptions_;
};

/// The unit a column's name states by the project's suffix convention ("energy_j" -> "J",
/// "latency_s" -> "s", "area_mm2" -> "mm^2", "static_power_w" -> "W"), else "1".
std::string column_unit(const std::string& name);

/// Writes `table` under `group` (every column dataset with `unit` and `description`
/// attributes), replacing whatever was there (sweeps rewrite the table
/// after each point so an interrupted sweep keeps its finished points).
void write_table(Hdf5File& file, const std::string& group, const Table& table);
Table read_table(const Hdf5File& file, const std::string& group);

}  // namespace tonnsim::runner
