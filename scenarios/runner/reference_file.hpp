#pragma once
// `pde.reference:` a reference solution read from a file (CSV or HDF5) for the test
// metrics of problems without an exact solution (pinn/reference_solution.hpp).
#include <istream>
#include <string>
#include <vector>

#include "core/enum_names.hpp"
#include "pinn/reference_solution.hpp"

namespace tonnsim::runner {

/// How a reference file is laid out; by default from its name (.csv, .h5 or .hdf5).
enum class ReferenceFormat { kAuto, kCsv, kHdf5 };

struct ReferenceFileOptions {
  /// The file; a relative path is taken from the scenario file's directory, so a scenario
  /// and its data travel together. Empty: no reference (the PDE's exact solution).
  std::string file;
  ReferenceFormat format = ReferenceFormat::kAuto;  ///< auto: by the file name's extension
  /// CSV: the column of the reference values; the inputs are the columns x1..xd (x for
  /// d = 1) and t, in any order, one point per row after a header line.
  std::string value_column = "u";
  /// HDF5: an n x D dataset of points (one per row, inputs in the order x1..xd, t) and an
  /// n-vector of values; the names are this project's own (docs/hdf5-layout.md).
  std::string points_dataset = "/points";
  std::string values_dataset = "/values";

  bool given() const { return !file.empty(); }
};

/// The reference from CSV text: a header naming the columns, then one row per point;
/// blank lines and lines starting with '#' are skipped. InputError "NAME:LINE:COLUMN:
/// ..." for a field that is not a finite number, a row with the wrong number of fields,
/// and "NAME:LINE: ..." for a missing, unknown or repeated column.
pinn::ReferenceSolution read_reference_csv(std::istream& in, const std::string& name,
                                           const std::vector<std::string>& inputs,
                                           const std::string& value_column = "u");

/// The reference from the options' file (path already resolved); `inputs` are the
/// PDE's input names in row order (pinn::reference_input_names).
pinn::ReferenceSolution read_reference_file(const ReferenceFileOptions& options,
                                            const std::vector<std::string>& inputs);

}  // namespace tonnsim::runner

namespace tonnsim {
template <>
struct EnumNames<runner::ReferenceFormat> {
  static constexpr const char* type = "reference format";
  static constexpr std::array<std::pair<runner::ReferenceFormat, const char*>, 3> names{
      {{runner::ReferenceFormat::kAuto, "auto"},
       {runner::ReferenceFormat::kCsv, "csv"},
       {runner::ReferenceFormat::kHdf5, "hdf5"}}};
};
}  // namespace tonnsim
