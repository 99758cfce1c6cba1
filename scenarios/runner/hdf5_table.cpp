#include "scenarios/runner/hdf5_table.hpp"

#include <algorithm>

#include "core/error.hpp"
#include "scenarios/runner/hdf5_trace.hpp"

namespace tonnsim::runner {

namespace {
std::size_t length(const Table::Column& c) {
  return std::visit([](const auto& v) { return v.size(); }, c);
}
}  // namespace

void Table::add(const std::string& name, Column values, std::string unit,
                std::string description) {
  join_column_names({name});  // validates the name
  require(!has(name), "table column", name, "is already in the table");
  if (!columns_.empty())
    require(length(values) == rows(), "table column " + name + " length", length(values),
            "must equal the table's " + std::to_string(rows()) + " rows");
  names_.push_back(name);
  columns_.push_back(std::move(values));
  units_.push_back(unit.empty() ? column_unit(name) : std::move(unit));
  descriptions_.push_back(description.empty() ? "column " + name : std::move(description));
}

const std::string& Table::unit(const std::string& name) const {
  column(name);  // InputError when unknown
  return units_[static_cast<std::size_t>(std::find(names_.begin(), names_.end(), name) -
                                         names_.begin())];
}
const std::string& Table::description(const std::string& name) const {
  column(name);
  return descriptions_[static_cast<std::size_t>(std::find(names_.begin(), names_.end(), name) -
                                                names_.begin())];
}

std::string column_unit(const std::string& name) {
  static const std::pair<const char*, const char*> suffixes[] = {
      {"_j", "J"},     {"_s", "s"},     {"_w", "W"},   {"_mm2", "mm^2"}, {"_um2", "um^2"},
      {"_rad", "rad"}, {"_hz", "Hz"},   {"_db", "dB"}, {"_v", "V"},     {"_um", "um"}};
  for (const auto& [suffix, unit] : suffixes) {
    const std::string s = suffix;
    if (name.size() > s.size() && name.compare(name.size() - s.size(), s.size(), s) == 0)
      return unit;
  }
  return "1";
}

std::size_t Table::rows() const { return columns_.empty() ? 0 : length(columns_[0]); }

bool Table::has(const std::string& name) const {
  return std::find(names_.begin(), names_.end(), name) != names_.end();
}

const Table::Column& Table::column(const std::string& name) const {
  const auto it = std::find(names_.begin(), names_.end(), name);
  if (it == names_.end())
    throw InputError("no table column '" + name + "'; columns: " + join_column_names(names_));
  return columns_[static_cast<std::size_t>(it - names_.begin())];
}

namespace {
template <class V>
const V& typed(const Table& t, const std::string& name, const char* kind) {
  const auto* v = std::get_if<V>(&t.column(name));
  if (!v) throw InputError("table column '" + name + "' does not hold " + kind);
  return *v;
}
}  // namespace

const std::vector<double>& Table::doubles(const std::string& name) const {
  return typed<std::vector<double>>(*this, name, "doubles");
}
const std::vector<std::int64_t>& Table::ints(const std::string& name) const {
  return typed<std::vector<std::int64_t>>(*this, name, "integers");
}
const std::vector<std::string>& Table::strings(const std::string& name) const {
  return typed<std::vector<std::string>>(*this, name, "strings");
}

void write_table(Hdf5File& file, const std::string& group, const Table& table) {
  if (file.exists(group)) file.remove(group);
  file.create_group(group);
  file.set_attribute(group, "columns", join_column_names(table.names()));
  for (const auto& name : table.names()) {
    const std::string path = group + "/" + name;
    std::visit([&](const auto& values) { file.write(path, values); }, table.column(name));
    file.set_attribute(path, "unit", table.unit(name));
    file.set_attribute(path, "description", table.description(name));
  }
}

Table read_table(const Hdf5File& file, const std::string& group) {
  Table table;
  for (const auto& name : split_column_names(file.string_attribute(group, "columns"))) {
    const std::string path = group + "/" + name;
    const Hdf5Handle ds = file.open_dataset(path);
    const auto attribute = [&](const char* a) {
      return file.has_attribute(path, a) ? file.string_attribute(path, a) : std::string();
    };
    const std::string unit = attribute("unit"), description = attribute("description");
    const Hdf5Handle type(H5Dget_type(ds.get()), H5Tclose);
    switch (H5Tget_class(type.get())) {
      case H5T_INTEGER: table.add(name, file.read_ints(path), unit, description); break;
      case H5T_STRING: table.add(name, file.read_strings(path), unit, description); break;
      default: table.add(name, file.read_doubles(path), unit, description); break;
    }
  }
  return table;
}

}  // namespace tonnsim::runner
