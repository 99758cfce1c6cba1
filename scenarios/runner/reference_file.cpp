#include "scenarios/runner/reference_file.hpp"

#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>

#include <fmt/format.h>

#include "core/error.hpp"
#include "scenarios/runner/checksum.hpp"
#include "scenarios/runner/did_you_mean.hpp"
#include "scenarios/runner/hdf5_file.hpp"

namespace tonnsim::runner {

namespace {

struct Field {
  std::string text;  // trimmed
  int column = 1;    // 1-based character column of the trimmed text in its line
};

std::vector<Field> split_csv_line(const std::string& line) {
  std::vector<Field> fields;
  std::size_t start = 0;
  while (true) {
    const std::size_t comma = line.find(',', start);
    const std::size_t end = comma == std::string::npos ? line.size() : comma;
    std::size_t a = start, b = end;
    while (a < b && std::isspace(static_cast<unsigned char>(line[a]))) ++a;
    while (b > a && std::isspace(static_cast<unsigned char>(line[b - 1]))) --b;
    fields.push_back({line.substr(a, b - a), int(a) + 1});
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return fields;
}

bool skipped(const std::string& line) {
  for (char c : line) {
    if (c == '#') return true;
    if (!std::isspace(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

}  // namespace

pinn::ReferenceSolution read_reference_csv(std::istream& in, const std::string& name,
                                           const std::vector<std::string>& inputs,
                                           const std::string& value_column) {
  std::vector<std::string> wanted = inputs;
  wanted.push_back(value_column);
  std::string line;
  int line_no = 0;
  while (std::getline(in, line)) {  // the header: the first line that is not skipped
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!skipped(line)) break;
    line.clear();
  }
  if (line.empty())
    throw InputError(name + ": no header line; expected the columns " + joined(wanted));
  const int header_line = line_no;
  const std::vector<Field> header = split_csv_line(line);
  // slot[k]: which wanted column header field k is (-1 never: unknown columns are errors).
  std::vector<int> slot(header.size(), -1), column_of(wanted.size(), -1);
  for (std::size_t k = 0; k < header.size(); ++k) {
    std::string column = header[k].text;
    if (column == "x" && inputs.size() >= 1 && inputs[0] == "x1" &&
        (inputs.size() == 1 || inputs[1] == "t"))
      column = "x1";  // one space dimension: x names x1
    int found = -1;
    for (std::size_t w = 0; w < wanted.size(); ++w)
      if (wanted[w] == column) found = int(w);
    const std::string where = name + ":" + std::to_string(header_line) + ":" +
                              std::to_string(header[k].column) + ": column '" +
                              header[k].text + "'";
    if (found < 0)
      throw InputError(where + " is not an input or the value column" +
                       suggestion_text(header[k].text, wanted, "expected"));
    if (column_of[std::size_t(found)] >= 0) throw InputError(where + " appears twice");
    slot[k] = found;
    column_of[std::size_t(found)] = int(k);
  }
  for (std::size_t w = 0; w < wanted.size(); ++w)
    if (column_of[w] < 0)
      throw InputError(name + ":" + std::to_string(header_line) + ": no column '" + wanted[w] +
                       "' in the header (" + joined([&] {
                         std::vector<std::string> h;
                         for (const auto& f : header) h.push_back(f.text);
                         return h;
                       }()) +
                       "); expected the columns " + joined(wanted));

  std::vector<std::vector<double>> rows;
  while (std::getline(in, line)) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (skipped(line)) continue;
    const std::vector<Field> fields = split_csv_line(line);
    const std::string at = name + ":" + std::to_string(line_no);
    if (fields.size() != header.size())
      throw InputError(at + ": " + std::to_string(fields.size()) + " fields; the header (line " +
                       std::to_string(header_line) + ") has " + std::to_string(header.size()));
    std::vector<double> row(wanted.size());
    for (std::size_t k = 0; k < fields.size(); ++k) {
      const Field& f = fields[k];
      const char* begin = f.text.c_str();
      char* end = nullptr;
      errno = 0;
      const double v = std::strtod(begin, &end);
      if (f.text.empty() || end != begin + f.text.size() || errno == ERANGE || !std::isfinite(v))
        throw InputError(at + ":" + std::to_string(f.column) + ": column '" + header[k].text +
                         "' = '" + f.text + "' is not a finite number");
      row[std::size_t(slot[k])] = v;
    }
    rows.push_back(std::move(row));
  }
  if (rows.empty())
    throw InputError(name + ": no data rows after the header (line " +
                     std::to_string(header_line) + ")");
  pinn::ReferenceSolution ref;
  ref.source = name;
  const Eigen::Index n = Eigen::Index(rows.size()), D = Eigen::Index(inputs.size());
  ref.points.resize(D, n);
  ref.values.resize(n);
  for (Eigen::Index b = 0; b < n; ++b) {
    for (Eigen::Index j = 0; j < D; ++j) ref.points(j, b) = rows[std::size_t(b)][std::size_t(j)];
    ref.values(b) = rows[std::size_t(b)][std::size_t(D)];
  }
  return ref;
}

std::string ReferenceFileStamp::contents_text() const {
  return fmt::format("{} bytes, FNV-1a 64 {:#018x}", bytes, fnv1a64);
}

ReferenceFileStamp stamp_reference_file(const std::string& path) {
  ReferenceFileStamp stamp;
  stamp.path = std::filesystem::absolute(path).lexically_normal().string();
  std::ifstream in(stamp.path, std::ios::binary);
  if (!in) throw InputError(path + ": cannot open the reference file");
  const std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  if (in.bad()) throw InputError(path + ": cannot read the reference file");
  stamp.bytes = bytes.size();
  stamp.fnv1a64 = fnv1a64(bytes.data(), bytes.size());
  return stamp;
}

std::string resolve_reference_path(const std::string& file, const std::string& scenario_file) {
  std::filesystem::path path(file);
  if (path.is_relative()) path = std::filesystem::path(scenario_file).parent_path() / path;
  return std::filesystem::absolute(path).lexically_normal().string();
}

pinn::ReferenceSolution read_reference_file(const ReferenceFileOptions& o,
                                            const std::vector<std::string>& inputs) {
  ReferenceFormat format = o.format;
  if (format == ReferenceFormat::kAuto) {
    if (ends_with(o.file, ".csv"))
      format = ReferenceFormat::kCsv;
    else if (ends_with(o.file, ".h5") || ends_with(o.file, ".hdf5"))
      format = ReferenceFormat::kHdf5;
    else
      throw InputError(o.file + ": unknown reference format; name the file .csv, .h5 or .hdf5, "
                       "or set pde.reference.format (csv or hdf5)");
  }
  if (format == ReferenceFormat::kCsv) {
    std::ifstream in(o.file);
    if (!in) throw InputError(o.file + ": cannot open the reference file");
    return read_reference_csv(in, o.file, inputs, o.value_column);
  }
  const Hdf5File f = Hdf5File::open(o.file);
  pinn::ReferenceSolution ref;
  ref.source = o.file;
  const Mat rows = f.read_matrix(o.points_dataset);  // n x D, one point per row
  const std::vector<double> values = f.read_doubles(o.values_dataset);
  if (rows.cols() != Eigen::Index(inputs.size()))
    throw InputError(o.file + ": " + o.points_dataset + " has " + std::to_string(rows.cols()) +
                     " columns; expected " + std::to_string(inputs.size()) + " (" +
                     joined(inputs) + "), one point per row");
  if (rows.rows() != Eigen::Index(values.size()))
    throw InputError(o.file + ": " + o.points_dataset + " has " + std::to_string(rows.rows()) +
                     " points but " + o.values_dataset + " " + std::to_string(values.size()) +
                     " values");
  ref.points = rows.transpose();
  ref.values = Eigen::Map<const Vec>(values.data(), Eigen::Index(values.size()));
  for (Eigen::Index b = 0; b < ref.values.size(); ++b)
    if (!std::isfinite(ref.values(b)) || !ref.points.col(b).allFinite())
      throw InputError(o.file + ": point " + std::to_string(b + 1) + " (row " +
                       std::to_string(b) + " of " + o.points_dataset + "/" + o.values_dataset +
                       ") is not finite");
  return ref;
}

}  // namespace tonnsim::runner
