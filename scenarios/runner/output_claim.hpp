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
//  - content is written to "<out>.partial" in the same folder; <out> changes only by an
//    atomic rename of a complete, flushed file: a copy of the partial file after each
//    checkpoint (snapshot) and the partial file itself at the end (commit). <out> is at
//    every moment the previous file, untouched, or the run as of its last checkpoint, so
//    a full disk, kill -9 or a crash inside HDF5 never leaves it damaged or unresumable.
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

enum class ClaimKind {
  kNew,       // a new file: an existing one is refused unless `force`
  kContinue,  // --resume: the existing file is continued (copied to the partial file)
};

/// An output path claimed for writing (see the file comment). The file being written is
/// "<out>.partial"; <out> only ever changes by an atomic rename of a complete file.
class OutputClaim {
 public:
  /// `option` names the option for messages ("--out"); `inputs` are files the command
  /// reads (missing ones are ignored).
  OutputClaim(const std::string& path, bool force, const std::vector<std::string>& inputs,
              const std::string& option = "--out", ClaimKind kind = ClaimKind::kNew);
  /// Removes the partial file unless it was committed; the lock goes with the object.
  ~OutputClaim();
  OutputClaim(const OutputClaim&) = delete;
  OutputClaim& operator=(const OutputClaim&) = delete;

  const std::string& path() const { return path_; }
  std::string partial_path() const { return path_ + ".partial"; }
  /// Creates "<out>.partial" (a stale one from a killed run is replaced: the lock proves
  /// no live writer owns it).
  Hdf5File create_partial();
  /// kContinue: copies <out> to "<out>.partial" and opens that for writing.
  Hdf5File continue_partial();
  /// Flushes `file` (the partial file) and copies it over <out> through "<out>.snapshot"
  /// and a rename: <out> becomes this state as a whole or stays as it was. Called after
  /// each checkpoint, so <out> always holds the last complete one. OutputError if the copy
  /// cannot be written (disk full): <out> is then unchanged.
  void snapshot(Hdf5File& file);
  /// Snapshots taken so far.
  long snapshots() const { return snapshots_; }
  /// Flushes and closes `file` and renames it over <out>: the end of a writer.
  void commit(Hdf5File& file);
  /// Writes a whole file through `fill` into the partial file and commits it.
  void write_whole(const std::function<void(Hdf5File&)>& fill);

 private:
  std::string path_;
  OutputLock lock_;
  bool committed_ = false;
  long snapshots_ = 0;
};

/// InputError when `output` and an existing `input` are the same file (also through links).
void refuse_output_over_input(const std::string& option, const std::string& output,
                              const std::string& input_key, const std::string& input);

}  // namespace tonnsim::runner
