#pragma once
// HDF5 output and input through the C API, with RAII handles (no leaked ids on any path)
// and errors that name the file and the object: InputError for a file or object a user
// points us at that is missing or of the wrong kind (a bad --resume file), RunError for a
// failure while writing (OutputError, output_error.hpp). The layout the program writes is documented in docs/hdf5-layout.md.
//
// Conventions: paths are absolute ("/trace/loss"); writing a dataset creates missing
// parent groups and replaces an existing dataset of that name; a 2-D dataset is stored
// rows x cols in C order, as numpy shows it; strings are variable-length UTF-8.
#include <hdf5.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <Eigen/Core>

#include "core/types.hpp"

namespace tonnsim::runner {

using MatI64 = Eigen::Matrix<std::int64_t, Eigen::Dynamic, Eigen::Dynamic>;

/// Owns one HDF5 id and closes it with the matching H5?close. Move-only.
class Hdf5Handle {
 public:
  using Closer = herr_t (*)(hid_t);
  Hdf5Handle() = default;
  Hdf5Handle(hid_t id, Closer close) : id_(id), close_(close) {}
  Hdf5Handle(Hdf5Handle&& o) noexcept : id_(std::exchange(o.id_, H5I_INVALID_HID)), close_(o.close_) {}
  Hdf5Handle& operator=(Hdf5Handle&& o) noexcept {
    if (this != &o) {
      reset();
      id_ = std::exchange(o.id_, H5I_INVALID_HID);
      close_ = o.close_;
    }
    return *this;
  }
  Hdf5Handle(const Hdf5Handle&) = delete;
  Hdf5Handle& operator=(const Hdf5Handle&) = delete;
  ~Hdf5Handle() { reset(); }
  hid_t get() const { return id_; }
  explicit operator bool() const { return id_ >= 0; }
  void reset() {
    if (id_ >= 0 && close_) close_(id_);
    id_ = H5I_INVALID_HID;
  }
  /// Gives up ownership (to close by hand and check the result).
  hid_t release() { return std::exchange(id_, H5I_INVALID_HID); }

 private:
  hid_t id_ = H5I_INVALID_HID;
  Closer close_ = nullptr;
};

/// The innermost message of HDF5's current error stack ("" if none), for error texts.
std::string hdf5_error_text();

enum class Hdf5Mode { kReadOnly, kReadWrite };

class Hdf5File {
 public:
  /// Creates (truncates) `path`. RunError if it cannot.
  static Hdf5File create(const std::string& path);
  /// A file held in memory only (HDF5 core driver, nothing written to disk); `name` only
  /// labels it in messages. For runs whose caller takes the results from memory.
  static Hdf5File create_in_memory(const std::string& name);
  /// Opens an existing file. InputError if it is missing or not HDF5.
  static Hdf5File open(const std::string& path, Hdf5Mode mode = Hdf5Mode::kReadOnly);

  const std::string& path() const { return path_; }
  hid_t id() const { return file_.get(); }
  /// Pushes everything written so far to the operating system, so that a crash after
  /// this leaves a file that opens and reads back to this point.
  void flush();
  /// Closes now (a destructor cannot report errors). Further use is an error.
  void close();

  bool exists(const std::string& object_path) const;
  /// Names of a group's members, sorted.
  std::vector<std::string> list(const std::string& group_path) const;
  void create_group(const std::string& group_path);
  void remove(const std::string& object_path);
  void move(const std::string& from, const std::string& to);
  /// Dimensions of a dataset (empty for a scalar).
  std::vector<std::int64_t> shape(const std::string& dataset_path) const;

  // Attributes on a group or dataset ("/" for the file); setting replaces.
  void set_attribute(const std::string& object, const std::string& name, const std::string& value);
  void set_attribute(const std::string& object, const std::string& name, const char* value) {
    set_attribute(object, name, std::string(value));
  }
  void set_attribute(const std::string& object, const std::string& name, double value);
  void set_attribute(const std::string& object, const std::string& name, std::int64_t value);
  void set_attribute(const std::string& object, const std::string& name, std::uint64_t value);
  bool has_attribute(const std::string& object, const std::string& name) const;
  std::string string_attribute(const std::string& object, const std::string& name) const;
  double double_attribute(const std::string& object, const std::string& name) const;
  std::int64_t int_attribute(const std::string& object, const std::string& name) const;
  std::uint64_t uint_attribute(const std::string& object, const std::string& name) const;
  /// Names of the attributes of an object, sorted.
  std::vector<std::string> attribute_names(const std::string& object) const;

  // Datasets.
  void write(const std::string& path, const std::vector<double>& values);
  void write(const std::string& path, const std::vector<std::int64_t>& values);
  void write(const std::string& path, const std::vector<std::string>& values);
  void write(const std::string& path, const Mat& values);
  void write(const std::string& path, const MatI64& values);
  std::vector<double> read_doubles(const std::string& path) const;     // 1-D
  std::vector<std::int64_t> read_ints(const std::string& path) const;  // 1-D
  std::vector<std::string> read_strings(const std::string& path) const;
  Mat read_matrix(const std::string& path) const;       // 2-D
  MatI64 read_int_matrix(const std::string& path) const;

  /// "FILE: what[: HDF5 detail]" for messages of code built on this class.
  std::string describe(const std::string& what) const;

  // Lower-level pieces shared with the trace and table writers.
  Hdf5Handle open_dataset(const std::string& path) const;  // InputError when missing
  void ensure_parent_groups(const std::string& path);

 private:
  Hdf5File(std::string path, Hdf5Handle file) : path_(std::move(path)), file_(std::move(file)) {}
  Hdf5Handle open_object(const std::string& path) const;
  void write_raw(const std::string& path, hid_t mem_type, hid_t file_type,
                 const std::vector<hsize_t>& dims, const void* data);
  template <class T>
  std::vector<T> read_raw(const std::string& path, hid_t mem_type, H5T_class_t expected,
                          int rank, std::vector<hsize_t>& dims) const;
  void set_attribute_raw(const std::string& object, const std::string& name, hid_t type,
                         const void* data);
  template <class T>
  T numeric_attribute(const std::string& object, const std::string& name, hid_t mem_type,
                      H5T_class_t expected) const;

  std::string path_;
  Hdf5Handle file_;
};

}  // namespace tonnsim::runner
