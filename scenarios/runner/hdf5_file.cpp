#include "scenarios/runner/hdf5_file.hpp"

#include <algorithm>
#include <filesystem>
#include <numeric>

#include "core/error.hpp"
#include "scenarios/runner/output_error.hpp"

namespace tonnsim::runner {

namespace {

// HDF5 prints its error stack to stderr by default; every failure here becomes an
// exception with the innermost message instead.
void silence_hdf5_printing() {
  static const bool silenced = [] {
    // No library shutdown at exit: HDF5 1.10 crashes there (SIGSEGV in H5F__close_cb)
    // when a file failed to close because its writes failed (disk full). Every file is
    // closed by its Hdf5Handle before exit anyway.
    H5dont_atexit();
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
    return true;
  }();
  (void)silenced;
}

herr_t keep_innermost(unsigned, const H5E_error2_t* e, void* out) {
  if (e->desc && *e->desc) *static_cast<std::string*>(out) = e->desc;
  return 0;
}

Hdf5Handle vlen_string_type() {
  Hdf5Handle t(H5Tcopy(H5T_C_S1), H5Tclose);
  H5Tset_size(t.get(), H5T_VARIABLE);
  H5Tset_cset(t.get(), H5T_CSET_UTF8);
  return t;
}

const char* class_name(H5T_class_t c) {
  switch (c) {
    case H5T_INTEGER: return "integers";
    case H5T_FLOAT: return "floating-point numbers";
    case H5T_STRING: return "strings";
    default: return "values of another kind";
  }
}

std::string parent_of(const std::string& path) {
  const auto slash = path.rfind('/');
  return slash == std::string::npos || slash == 0 ? "/" : path.substr(0, slash);
}

// Strings of a fixed-length HDF5 string type (as other tools may write) end at the first NUL.
std::string fixed_string(const char* data, std::size_t size) {
  std::size_t n = 0;
  while (n < size && data[n] != '\0') ++n;
  return std::string(data, n);
}

}  // namespace

std::string hdf5_error_text() {
  std::string text;
  H5Ewalk2(H5E_DEFAULT, H5E_WALK_DOWNWARD, keep_innermost, &text);
  std::replace(text.begin(), text.end(), '\n', ' ');  // one message, one line
  return text;
}

std::string Hdf5File::describe(const std::string& what) const {
  const std::string detail = hdf5_error_text();
  return path_ + ": " + what + (detail.empty() ? "" : " (HDF5: " + detail + ")");
}

Hdf5File Hdf5File::create(const std::string& path) {
  silence_hdf5_printing();
  const hid_t id = H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  if (id < 0) throw OutputError(path + ": cannot create HDF5 file (HDF5: " + hdf5_error_text() + ")");
  return Hdf5File(path, Hdf5Handle(id, H5Fclose));
}

Hdf5File Hdf5File::create_in_memory(const std::string& name) {
  silence_hdf5_printing();
  const Hdf5Handle fapl(H5Pcreate(H5P_FILE_ACCESS), H5Pclose);
  // Core driver without a backing store: the file grows in 1 MiB steps and is never written.
  if (!fapl || H5Pset_fapl_core(fapl.get(), 1 << 20, /*backing_store=*/0) < 0)
    throw RunError(name + ": cannot set up an in-memory HDF5 file (HDF5: " + hdf5_error_text() + ")");
  const hid_t id = H5Fcreate(name.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, fapl.get());
  if (id < 0)
    throw RunError(name + ": cannot create in-memory HDF5 file (HDF5: " + hdf5_error_text() + ")");
  return Hdf5File(name, Hdf5Handle(id, H5Fclose));
}

Hdf5File Hdf5File::open(const std::string& path, Hdf5Mode mode) {
  silence_hdf5_printing();
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec))
    throw InputError(path + ": no such file");
  if (H5Fis_hdf5(path.c_str()) <= 0) throw InputError(path + ": not an HDF5 file");
  const hid_t id = H5Fopen(path.c_str(),
                           mode == Hdf5Mode::kReadOnly ? H5F_ACC_RDONLY : H5F_ACC_RDWR, H5P_DEFAULT);
  if (id < 0) throw InputError(path + ": cannot open HDF5 file (HDF5: " + hdf5_error_text() + ")");
  return Hdf5File(path, Hdf5Handle(id, H5Fclose));
}

void Hdf5File::flush() {
  if (H5Fflush(file_.get(), H5F_SCOPE_GLOBAL) < 0) throw OutputError(describe("cannot flush"));
}

void Hdf5File::close() {
  if (!file_) return;
  if (H5Fclose(file_.release()) < 0) throw OutputError(describe("cannot close"));
}

bool Hdf5File::exists(const std::string& object_path) const {
  if (object_path.empty() || object_path[0] != '/') return false;
  if (object_path == "/") return true;
  // H5Lexists fails rather than answering when an intermediate group is missing, so ask
  // for each prefix in turn.
  for (std::size_t slash = object_path.find('/', 1);; slash = object_path.find('/', slash + 1)) {
    const std::string prefix = object_path.substr(0, slash);
    if (H5Lexists(file_.get(), prefix.c_str(), H5P_DEFAULT) <= 0) return false;
    if (slash == std::string::npos) return true;
  }
}

std::vector<std::string> Hdf5File::list(const std::string& group_path) const {
  const Hdf5Handle group = open_object(group_path);
  std::vector<std::string> names;
  const auto collect = [](hid_t, const char* name, const H5L_info_t*, void* out) -> herr_t {
    static_cast<std::vector<std::string>*>(out)->emplace_back(name);
    return 0;
  };
  if (H5Literate(group.get(), H5_INDEX_NAME, H5_ITER_INC, nullptr, collect, &names) < 0)
    throw InputError(describe("'" + group_path + "' is not a group"));
  return names;
}

void Hdf5File::create_group(const std::string& group_path) {
  if (exists(group_path)) return;
  const Hdf5Handle lcpl(H5Pcreate(H5P_LINK_CREATE), H5Pclose);
  H5Pset_create_intermediate_group(lcpl.get(), 1);
  const Hdf5Handle g(H5Gcreate2(file_.get(), group_path.c_str(), lcpl.get(), H5P_DEFAULT,
                                H5P_DEFAULT),
                     H5Gclose);
  if (!g) throw OutputError(describe("cannot create group '" + group_path + "'"));
}

void Hdf5File::ensure_parent_groups(const std::string& path) {
  const std::string parent = parent_of(path);
  if (parent != "/") create_group(parent);
}

void Hdf5File::remove(const std::string& object_path) {
  if (H5Ldelete(file_.get(), object_path.c_str(), H5P_DEFAULT) < 0)
    throw OutputError(describe("cannot remove '" + object_path + "'"));
}

void Hdf5File::move(const std::string& from, const std::string& to) {
  ensure_parent_groups(to);
  if (H5Lmove(file_.get(), from.c_str(), file_.get(), to.c_str(), H5P_DEFAULT, H5P_DEFAULT) < 0)
    throw OutputError(describe("cannot move '" + from + "' to '" + to + "'"));
}

Hdf5Handle Hdf5File::open_object(const std::string& path) const {
  if (!exists(path)) throw InputError(path_ + ": no object '" + path + "'");
  Hdf5Handle obj(H5Oopen(file_.get(), path.c_str(), H5P_DEFAULT), H5Oclose);
  if (!obj) throw InputError(describe("cannot open '" + path + "'"));
  return obj;
}

Hdf5Handle Hdf5File::open_dataset(const std::string& path) const {
  if (!exists(path)) throw InputError(path_ + ": no dataset '" + path + "'");
  Hdf5Handle ds(H5Dopen2(file_.get(), path.c_str(), H5P_DEFAULT), H5Dclose);
  if (!ds) throw InputError(describe("'" + path + "' is not a dataset"));
  return ds;
}

std::vector<std::int64_t> Hdf5File::shape(const std::string& dataset_path) const {
  const Hdf5Handle ds = open_dataset(dataset_path);
  const Hdf5Handle space(H5Dget_space(ds.get()), H5Sclose);
  const int rank = H5Sget_simple_extent_ndims(space.get());
  std::vector<hsize_t> dims(static_cast<std::size_t>(std::max(rank, 0)));
  H5Sget_simple_extent_dims(space.get(), dims.data(), nullptr);
  return std::vector<std::int64_t>(dims.begin(), dims.end());
}

// ---- datasets -------------------------------------------------------------------------

void Hdf5File::write_raw(const std::string& path, hid_t mem_type, hid_t file_type,
                         const std::vector<hsize_t>& dims, const void* data) {
  ensure_parent_groups(path);
  if (exists(path)) remove(path);
  const Hdf5Handle space(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr),
                         H5Sclose);
  const Hdf5Handle ds(H5Dcreate2(file_.get(), path.c_str(), file_type, space.get(), H5P_DEFAULT,
                                 H5P_DEFAULT, H5P_DEFAULT),
                      H5Dclose);
  if (!ds) throw OutputError(describe("cannot create dataset '" + path + "'"));
  const hsize_t count =
      std::accumulate(dims.begin(), dims.end(), hsize_t{1}, std::multiplies<hsize_t>());
  if (count > 0 && H5Dwrite(ds.get(), mem_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data) < 0)
    throw OutputError(describe("cannot write dataset '" + path + "'"));
}

void Hdf5File::write(const std::string& path, const std::vector<double>& values) {
  write_raw(path, H5T_NATIVE_DOUBLE, H5T_IEEE_F64LE, {values.size()}, values.data());
}

void Hdf5File::write(const std::string& path, const std::vector<std::int64_t>& values) {
  write_raw(path, H5T_NATIVE_INT64, H5T_STD_I64LE, {values.size()}, values.data());
}

void Hdf5File::write(const std::string& path, const std::vector<std::string>& values) {
  std::vector<const char*> pointers;
  pointers.reserve(values.size());
  for (const auto& v : values) pointers.push_back(v.c_str());
  const Hdf5Handle type = vlen_string_type();
  write_raw(path, type.get(), type.get(), {values.size()}, pointers.data());
}

void Hdf5File::write(const std::string& path, const Mat& values) {
  const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> c_order = values;
  write_raw(path, H5T_NATIVE_DOUBLE, H5T_IEEE_F64LE,
            {static_cast<hsize_t>(values.rows()), static_cast<hsize_t>(values.cols())},
            c_order.data());
}

void Hdf5File::write(const std::string& path, const MatI64& values) {
  const Eigen::Matrix<std::int64_t, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> c_order =
      values;
  write_raw(path, H5T_NATIVE_INT64, H5T_STD_I64LE,
            {static_cast<hsize_t>(values.rows()), static_cast<hsize_t>(values.cols())},
            c_order.data());
}

template <class T>
std::vector<T> Hdf5File::read_raw(const std::string& path, hid_t mem_type, H5T_class_t expected,
                                  int rank, std::vector<hsize_t>& dims) const {
  const Hdf5Handle ds = open_dataset(path);
  const Hdf5Handle type(H5Dget_type(ds.get()), H5Tclose);
  const H5T_class_t stored = H5Tget_class(type.get());
  // Integers read as doubles convert exactly up to 2^53; the reverse would truncate.
  const bool convertible = stored == expected || (expected == H5T_FLOAT && stored == H5T_INTEGER);
  if (!convertible)
    throw InputError(path_ + ": '" + path + "' holds " + class_name(stored) + ", not " +
                     class_name(expected));
  const Hdf5Handle space(H5Dget_space(ds.get()), H5Sclose);
  const int stored_rank = H5Sget_simple_extent_ndims(space.get());
  if (stored_rank != rank)
    throw InputError(path_ + ": '" + path + "' has " + std::to_string(stored_rank) +
                     " dimension(s), expected " + std::to_string(rank));
  dims.assign(static_cast<std::size_t>(rank), 0);
  H5Sget_simple_extent_dims(space.get(), dims.data(), nullptr);
  const hsize_t count =
      std::accumulate(dims.begin(), dims.end(), hsize_t{1}, std::multiplies<hsize_t>());
  std::vector<T> out(count);
  if (count > 0 &&
      H5Dread(ds.get(), mem_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, out.data()) < 0)
    throw InputError(describe("cannot read '" + path + "'"));
  return out;
}

std::vector<double> Hdf5File::read_doubles(const std::string& path) const {
  std::vector<hsize_t> dims;
  return read_raw<double>(path, H5T_NATIVE_DOUBLE, H5T_FLOAT, 1, dims);
}

std::vector<std::int64_t> Hdf5File::read_ints(const std::string& path) const {
  std::vector<hsize_t> dims;
  return read_raw<std::int64_t>(path, H5T_NATIVE_INT64, H5T_INTEGER, 1, dims);
}

Mat Hdf5File::read_matrix(const std::string& path) const {
  std::vector<hsize_t> dims;
  const auto flat = read_raw<double>(path, H5T_NATIVE_DOUBLE, H5T_FLOAT, 2, dims);
  using RowMajor = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
  return Eigen::Map<const RowMajor>(flat.data(), static_cast<Eigen::Index>(dims[0]),
                                    static_cast<Eigen::Index>(dims[1]));
}

MatI64 Hdf5File::read_int_matrix(const std::string& path) const {
  std::vector<hsize_t> dims;
  const auto flat = read_raw<std::int64_t>(path, H5T_NATIVE_INT64, H5T_INTEGER, 2, dims);
  using RowMajor = Eigen::Matrix<std::int64_t, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
  return Eigen::Map<const RowMajor>(flat.data(), static_cast<Eigen::Index>(dims[0]),
                                    static_cast<Eigen::Index>(dims[1]));
}

std::vector<std::string> Hdf5File::read_strings(const std::string& path) const {
  const Hdf5Handle ds = open_dataset(path);
  const Hdf5Handle type(H5Dget_type(ds.get()), H5Tclose);
  if (H5Tget_class(type.get()) != H5T_STRING)
    throw InputError(path_ + ": '" + path + "' holds " + class_name(H5Tget_class(type.get())) +
                     ", not strings");
  const Hdf5Handle space(H5Dget_space(ds.get()), H5Sclose);
  const hssize_t count = H5Sget_simple_extent_npoints(space.get());
  std::vector<std::string> out;
  out.reserve(static_cast<std::size_t>(count));
  if (count == 0) return out;
  if (H5Tis_variable_str(type.get()) > 0) {
    const Hdf5Handle mem = vlen_string_type();
    std::vector<char*> buffer(static_cast<std::size_t>(count), nullptr);
    if (H5Dread(ds.get(), mem.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, buffer.data()) < 0)
      throw InputError(describe("cannot read '" + path + "'"));
    for (const char* s : buffer) out.emplace_back(s ? s : "");
    H5Dvlen_reclaim(mem.get(), space.get(), H5P_DEFAULT, buffer.data());
  } else {
    const std::size_t size = H5Tget_size(type.get());
    std::vector<char> buffer(size * static_cast<std::size_t>(count));
    if (H5Dread(ds.get(), type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, buffer.data()) < 0)
      throw InputError(describe("cannot read '" + path + "'"));
    for (hssize_t i = 0; i < count; ++i)
      out.push_back(fixed_string(buffer.data() + static_cast<std::size_t>(i) * size, size));
  }
  return out;
}

// ---- attributes -----------------------------------------------------------------------

void Hdf5File::set_attribute_raw(const std::string& object, const std::string& name, hid_t type,
                                 const void* data) {
  const Hdf5Handle obj = open_object(object);
  if (H5Aexists(obj.get(), name.c_str()) > 0) H5Adelete(obj.get(), name.c_str());
  const Hdf5Handle space(H5Screate(H5S_SCALAR), H5Sclose);
  const Hdf5Handle attr(
      H5Acreate2(obj.get(), name.c_str(), type, space.get(), H5P_DEFAULT, H5P_DEFAULT), H5Aclose);
  if (!attr || H5Awrite(attr.get(), type, data) < 0)
    throw OutputError(describe("cannot write attribute '" + name + "' of '" + object + "'"));
}

void Hdf5File::set_attribute(const std::string& object, const std::string& name,
                             const std::string& value) {
  const Hdf5Handle type = vlen_string_type();
  const char* text = value.c_str();
  set_attribute_raw(object, name, type.get(), &text);
}

void Hdf5File::set_attribute(const std::string& object, const std::string& name, double value) {
  set_attribute_raw(object, name, H5T_NATIVE_DOUBLE, &value);
}

void Hdf5File::set_attribute(const std::string& object, const std::string& name,
                             std::int64_t value) {
  set_attribute_raw(object, name, H5T_NATIVE_INT64, &value);
}

void Hdf5File::set_attribute(const std::string& object, const std::string& name,
                             std::uint64_t value) {
  set_attribute_raw(object, name, H5T_NATIVE_UINT64, &value);
}

std::vector<std::string> Hdf5File::attribute_names(const std::string& object) const {
  const Hdf5Handle obj = open_object(object);
  std::vector<std::string> names;
  const auto collect = [](hid_t, const char* name, const H5A_info_t*, void* out) -> herr_t {
    static_cast<std::vector<std::string>*>(out)->emplace_back(name);
    return 0;
  };
  hsize_t index = 0;
  if (H5Aiterate2(obj.get(), H5_INDEX_NAME, H5_ITER_INC, &index, collect, &names) < 0)
    throw InputError(describe("cannot list the attributes of '" + object + "'"));
  return names;
}

bool Hdf5File::has_attribute(const std::string& object, const std::string& name) const {
  if (!exists(object)) return false;
  const Hdf5Handle obj = open_object(object);
  return H5Aexists(obj.get(), name.c_str()) > 0;
}

namespace {
Hdf5Handle open_attribute(const Hdf5File& file, hid_t object_id, const std::string& object,
                          const std::string& name) {
  if (H5Aexists(object_id, name.c_str()) <= 0)
    throw InputError(file.path() + ": '" + object + "' has no attribute '" + name + "'");
  Hdf5Handle attr(H5Aopen(object_id, name.c_str(), H5P_DEFAULT), H5Aclose);
  if (!attr) throw InputError(file.describe("cannot open attribute '" + name + "'"));
  return attr;
}
}  // namespace

std::string Hdf5File::string_attribute(const std::string& object, const std::string& name) const {
  const Hdf5Handle obj = open_object(object);
  const Hdf5Handle attr = open_attribute(*this, obj.get(), object, name);
  const Hdf5Handle type(H5Aget_type(attr.get()), H5Tclose);
  if (H5Tget_class(type.get()) != H5T_STRING)
    throw InputError(path_ + ": attribute '" + name + "' of '" + object + "' holds " +
                     class_name(H5Tget_class(type.get())) + ", not a string");
  if (H5Tis_variable_str(type.get()) > 0) {
    const Hdf5Handle mem = vlen_string_type();
    char* text = nullptr;
    if (H5Aread(attr.get(), mem.get(), &text) < 0)
      throw InputError(describe("cannot read attribute '" + name + "'"));
    std::string out = text ? text : "";
    H5free_memory(text);
    return out;
  }
  const std::size_t size = H5Tget_size(type.get());
  std::vector<char> buffer(size);
  if (H5Aread(attr.get(), type.get(), buffer.data()) < 0)
    throw InputError(describe("cannot read attribute '" + name + "'"));
  return fixed_string(buffer.data(), size);
}

template <class T>
T Hdf5File::numeric_attribute(const std::string& object, const std::string& name,
                              hid_t mem_type, H5T_class_t expected) const {
  const Hdf5Handle obj = open_object(object);
  const Hdf5Handle attr = open_attribute(*this, obj.get(), object, name);
  const Hdf5Handle type(H5Aget_type(attr.get()), H5Tclose);
  const H5T_class_t stored = H5Tget_class(type.get());
  if (stored != expected && !(expected == H5T_FLOAT && stored == H5T_INTEGER))
    throw InputError(path_ + ": attribute '" + name + "' of '" + object + "' holds " +
                     class_name(stored) + ", not " + class_name(expected));
  T value{};
  if (H5Aread(attr.get(), mem_type, &value) < 0)
    throw InputError(describe("cannot read attribute '" + name + "'"));
  return value;
}

double Hdf5File::double_attribute(const std::string& object, const std::string& name) const {
  return numeric_attribute<double>(object, name, H5T_NATIVE_DOUBLE, H5T_FLOAT);
}

std::int64_t Hdf5File::int_attribute(const std::string& object, const std::string& name) const {
  return numeric_attribute<std::int64_t>(object, name, H5T_NATIVE_INT64, H5T_INTEGER);
}

std::uint64_t Hdf5File::uint_attribute(const std::string& object, const std::string& name) const {
  return numeric_attribute<std::uint64_t>(object, name, H5T_NATIVE_UINT64, H5T_INTEGER);
}

}  // namespace tonnsim::runner
