#include "scenarios/runner/hdf5_trace.hpp"

#include "core/error.hpp"
#include "scenarios/runner/output_error.hpp"

namespace tonnsim::runner {

namespace {

// 1024 rows of 8 bytes: small enough that a short run wastes little, large enough that
// long runs do not pay per-chunk overhead on every flush.
constexpr hsize_t kChunkRows = 1024;

std::vector<std::string> names_of(const std::vector<TraceColumn>& columns) {
  std::vector<std::string> names;
  for (const auto& c : columns) names.push_back(c.name);
  return names;
}

void check_policy(const FlushPolicy& p) {
  require(p.every_rows >= 1, "flush.every_rows", p.every_rows, "must be >= 1");
}

}  // namespace

std::string join_column_names(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) {
    require(!n.empty() && n.find_first_of(",/") == std::string::npos, "column name", n,
            "must be non-empty without ',' or '/'");
    out += (out.empty() ? "" : ",") + n;
  }
  return out;
}

std::vector<std::string> split_column_names(const std::string& joined) {
  std::vector<std::string> out;
  if (joined.empty()) return out;
  for (std::size_t start = 0;;) {
    const auto comma = joined.find(',', start);
    out.push_back(joined.substr(start, comma == std::string::npos ? comma : comma - start));
    if (comma == std::string::npos) return out;
    start = comma + 1;
  }
}

TraceWriter::TraceWriter(Hdf5File& file, std::string group, std::vector<TraceColumn> columns,
                         FlushPolicy policy)
    : TraceWriter(file, std::move(group), std::move(columns), policy, -1) {}

TraceWriter::TraceWriter(Hdf5File& file, std::string group, std::vector<TraceColumn> columns,
                         FlushPolicy policy, std::int64_t keep_rows)
    : file_(&file),
      group_(std::move(group)),
      columns_(std::move(columns)),
      policy_(policy),
      last_flush_(std::chrono::steady_clock::now()) {
  check_policy(policy_);
  const std::string joined = join_column_names(names_of(columns_));
  const bool create = keep_rows < 0;
  if (create) {
    file.create_group(group_);
    file.set_attribute(group_, "columns", joined);
  }
  for (std::size_t i = 0; i < columns_.size(); ++i) {
    const auto& c = columns_[i];
    const std::string path = column_path(i);
    Column col;
    if (create) {
      const hsize_t zero = 0, unlimited = H5S_UNLIMITED;
      const Hdf5Handle space(H5Screate_simple(1, &zero, &unlimited), H5Sclose);
      const Hdf5Handle dcpl(H5Pcreate(H5P_DATASET_CREATE), H5Pclose);
      H5Pset_chunk(dcpl.get(), 1, &kChunkRows);
      const hid_t stored = c.type == ColumnType::kDouble ? H5T_IEEE_F64LE : H5T_STD_I64LE;
      col.dataset = Hdf5Handle(H5Dcreate2(file.id(), path.c_str(), stored, space.get(),
                                          H5P_DEFAULT, dcpl.get(), H5P_DEFAULT),
                               H5Dclose);
      if (!col.dataset) throw OutputError(file.describe("cannot create trace column '" + path + "'"));
      if (!c.unit.empty()) file.set_attribute(path, "unit", c.unit);
      if (!c.description.empty()) file.set_attribute(path, "description", c.description);
    } else {
      col.dataset = file.open_dataset(path);
      const Hdf5Handle type(H5Dget_type(col.dataset.get()), H5Tclose);
      const H5T_class_t want = c.type == ColumnType::kDouble ? H5T_FLOAT : H5T_INTEGER;
      if (H5Tget_class(type.get()) != want)
        throw InputError(file.path() + ": trace column '" + path + "' is not of type " +
                         (c.type == ColumnType::kDouble ? "double" : "int64"));
      const auto length = file.shape(path);
      if (length.size() != 1 || length[0] < keep_rows)
        throw InputError(file.path() + ": trace column '" + path + "' has " +
                         std::to_string(length.empty() ? 0 : length[0]) +
                         " rows; the checkpoint is at row " + std::to_string(keep_rows));
      const hsize_t keep = static_cast<hsize_t>(keep_rows);
      if (H5Dset_extent(col.dataset.get(), &keep) < 0)
        throw OutputError(file.describe("cannot truncate trace column '" + path + "'"));
    }
    const auto reserve = static_cast<std::size_t>(std::min<std::int64_t>(policy_.every_rows, 1 << 16));
    if (c.type == ColumnType::kDouble) col.doubles.reserve(reserve);
    else col.ints.reserve(reserve);
    data_.push_back(std::move(col));
  }
  written_ = create ? 0 : keep_rows;
  file.flush();
}

TraceWriter TraceWriter::resume(Hdf5File& file, std::string group, std::vector<TraceColumn> columns,
                                std::int64_t keep_rows, FlushPolicy policy) {
  require(keep_rows >= 0, "keep_rows", keep_rows, "must be >= 0");
  return TraceWriter(file, std::move(group), std::move(columns), policy, keep_rows);
}

TraceWriter::~TraceWriter() {
  try {
    flush();
  } catch (...) {
    // A destructor must not throw; callers who care call flush() first.
  }
}

std::int64_t TraceWriter::buffered() const {
  if (data_.empty()) return 0;
  return static_cast<std::int64_t>(columns_[0].type == ColumnType::kDouble
                                       ? data_[0].doubles.size()
                                       : data_[0].ints.size());
}

void TraceWriter::append(const std::vector<TraceValue>& row) {
  if (row.size() != columns_.size())
    throw RunError(file_->path() + ": trace row has " + std::to_string(row.size()) +
                   " values for " + std::to_string(columns_.size()) + " columns of " + group_);
  for (std::size_t i = 0; i < row.size(); ++i) {
    const bool is_double = columns_[i].type == ColumnType::kDouble;
    if (is_double != std::holds_alternative<double>(row[i]))
      throw RunError(file_->path() + ": trace column '" + column_path(i) + "' takes " +
                     (is_double ? "double" : "int64") + " values");
  }
  for (std::size_t i = 0; i < row.size(); ++i) {
    if (columns_[i].type == ColumnType::kDouble)
      data_[i].doubles.push_back(std::get<double>(row[i]));
    else
      data_[i].ints.push_back(std::get<std::int64_t>(row[i]));
  }
  const auto now = std::chrono::steady_clock::now();
  if (buffered() >= policy_.every_rows ||
      (policy_.every_s > 0 &&
       std::chrono::duration<double>(now - last_flush_).count() >= policy_.every_s))
    flush();
}

void TraceWriter::flush() {
  const std::int64_t count = buffered();
  if (count == 0 || file_ == nullptr) return;
  const hsize_t start = static_cast<hsize_t>(written_);
  const hsize_t n = static_cast<hsize_t>(count);
  const hsize_t total = start + n;
  for (std::size_t i = 0; i < data_.size(); ++i) {
    Column& col = data_[i];
    const bool is_double = columns_[i].type == ColumnType::kDouble;
    const std::string where = "cannot append to trace column '" + column_path(i) + "'";
    if (H5Dset_extent(col.dataset.get(), &total) < 0) throw OutputError(file_->describe(where));
    const Hdf5Handle file_space(H5Dget_space(col.dataset.get()), H5Sclose);
    H5Sselect_hyperslab(file_space.get(), H5S_SELECT_SET, &start, nullptr, &n, nullptr);
    const Hdf5Handle mem_space(H5Screate_simple(1, &n, nullptr), H5Sclose);
    const herr_t status =
        is_double ? H5Dwrite(col.dataset.get(), H5T_NATIVE_DOUBLE, mem_space.get(),
                             file_space.get(), H5P_DEFAULT, col.doubles.data())
                  : H5Dwrite(col.dataset.get(), H5T_NATIVE_INT64, mem_space.get(),
                             file_space.get(), H5P_DEFAULT, col.ints.data());
    if (status < 0) throw OutputError(file_->describe(where));
    col.doubles.clear();
    col.ints.clear();
  }
  written_ += count;
  file_->flush();
  last_flush_ = std::chrono::steady_clock::now();
}

}  // namespace tonnsim::runner
