#pragma once
// Claiming an output file before writing it, so that no run ever damages a file it was not
// asked to replace (docs/user-guide.md, "Output files"):
//  - an output that is one of the run's inputs (the scenario file, initial parameters) is
//    refused (InputError);
//  - an exclusive advisory lock on "<out>.lock" (flock, released by the kernel when the
//    process dies, even by kill -9) is taken before anything is created, truncated or
//    renamed; a second writer of the same output fails at once with OutputError and
//    touches nothing;
//  - an existing output is refused unless `force` (InputError naming --force and --resume);
//  - new content is written to "<out>.partial" in the same folder and renamed over <out>
//    (atomic on POSIX) only when it is a valid file: <out> is at every moment either the
//    previous file, untouched, or the new one.
#include <functional>
#include <string>
#include <vector>

#include "scenarios/runner/hdf5_file.hpp"

namespace tonnsim::runner {

/// The exclusive lock of one output path, held for the life of the object.
class OutputLock {
 public:
  /// OutputError "<path> is being written by another tonnsim process" when held.
  explicit OutputLock(const std::string& path);
  ~OutputLock();
  OutputLock(const OutputLock&) = delete;
  OutputLock& operator=(const OutputLock&) = delete;
  /// "<path>.lock", the lock file.
  static std::string lock_path(const std::string& path);

 private:
  std::string lock_path_;
  int fd_ = -1;
};

/// An output path claimed for a new file (see the file comment).
class OutputClaim {
 public:
  /// `option` names the option for messages ("--out"); `inputs` are files the command
  /// reads (missing ones are ignored).
  OutputClaim(const std::string& path, bool force, const std::vector<std::string>& inputs,
              const std::string& option = "--out");
  /// Removes an unpublished partial file; the lock goes with the object.
  ~OutputClaim();
  OutputClaim(const OutputClaim&) = delete;
  OutputClaim& operator=(const OutputClaim&) = delete;

  const std::string& path() const { return path_; }
  std::string partial_path() const { return path_ + ".partial"; }
  /// Creates "<out>.partial" (a stale one from a killed run is replaced: the lock proves
  /// no live writer owns it).
  Hdf5File create_partial();
  /// Flushes `file` and renames it over the output; `file` stays open under its new name.
  /// A second call does nothing.
  void publish(Hdf5File& file);
  bool published() const { return published_; }
  /// Writes a whole file through `fill` into the partial file and publishes it (closed).
  void write_whole(const std::function<void(Hdf5File&)>& fill);

 private:
  std::string path_;
  OutputLock lock_;
  bool published_ = false;
};

/// InputError when `output` and an existing `input` are the same file (also through links).
void refuse_output_over_input(const std::string& option, const std::string& output,
                              const std::string& input_key, const std::string& input);

}  // namespace tonnsim::runner
