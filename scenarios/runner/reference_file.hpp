#pragma once
// `pde.reference:` a reference solution read from a file (CSV or HDF5) for the test
// metrics of problems without an exact solution (pinn/reference_solution.hpp).
#include <cstdint>
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

/// What identifies the data a run's test set was read from: the path as read (absolute)
/// and the file's size and FNV-1a 64 checksum of its bytes (checksum.hpp). Recorded in the
/// run file when a run starts (/scenario attributes, docs/hdf5-layout.md) and compared
/// on --resume, so a run never continues on a changed test set.
struct ReferenceFileStamp {
  std::string path;
  std::uint64_t bytes = 0;
  std::uint64_t fnv1a64 = 0;

  bool same_contents(const ReferenceFileStamp& other) const {
    return bytes == other.bytes && fnv1a64 == other.fnv1a64;
  }
  /// "123 bytes, FNV-1a 64 0x0123456789abcdef"
  std::string contents_text() const;
};

/// The stamp of the file at `path` (made absolute). InputError naming the path if it
/// cannot be read.
ReferenceFileStamp stamp_reference_file(const std::string& path);

/// `file` as read for a scenario named `scenario_file`: an absolute path unchanged; a
/// relative one taken from the scenario file's folder (the folder part of its name, so a
/// scenario and its data travel together), or from the current directory when the name
/// has no folder part (a scenario in the current directory, a text or a Python dict);
/// made absolute. Never a fallback: the result does not depend on which files exist.
std::string resolve_reference_path(const std::string& file, const std::string& scenario_file);

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
