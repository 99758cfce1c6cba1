#pragma once
// The named quantities a run reports about its chip: the /hardware attributes and the
// /ledger table with its attributes (docs/hdf5-layout.md), each with its unit and
// description, listed once here for every writer: the HDF5 run file (training_run.cpp)
// and the Python module's dicts (python/src/bind_scenarios.cpp).
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "scenarios/runner/hdf5_table.hpp"
#include "solvers/energy_ledger.hpp"
#include "tonn/hardware_report.hpp"

namespace tonnsim::runner {

/// One named scalar: written as an HDF5 attribute, a Python dict entry.
struct Record {
  std::string name;
  std::variant<double, std::int64_t, std::string> value;
  std::string unit;  // "1" dimensionless, "count", "mm^2", "W", ...
  std::string description;
};

/// One named column of a table: an HDF5 dataset with `unit` and `description` attributes.
struct RecordColumn {
  std::string name;
  Table::Column values;
  std::string unit;
  std::string description;
};

/// /hardware: the TONN chip and the dense optical network of the same layer sizes.
std::vector<Record> hardware_records(const tonn::HardwareComparison& h);
/// /ledger's columns (one row per ledger component) and its attributes.
std::vector<RecordColumn> ledger_columns(const solvers::LedgerBreakdown& l);
std::vector<Record> ledger_records(const solvers::LedgerBreakdown& l);

}  // namespace tonnsim::runner
