#include "scenarios/runner/output_claim.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "core/error.hpp"
#include "scenarios/runner/output_error.hpp"

namespace tonnsim::runner {

namespace fs = std::filesystem;

std::string OutputLock::lock_path(const std::string& path) { return path + ".lock"; }

OutputLock::OutputLock(const std::string& path) : lock_path_(lock_path(path)) {
  std::error_code ec;
  const auto parent = fs::path(path).parent_path();
  if (!parent.empty()) fs::create_directories(parent, ec);
  if (ec) throw OutputError(path + ": cannot create its folder (" + ec.message() + ")");
  // Lock, then check that the lock file is still the one at the path: a holder that
  // finished in between may have removed it, and a lock on a removed file guards nothing.
  for (int attempt = 0; attempt < 100; ++attempt) {
    const int fd = ::open(lock_path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0)
      throw OutputError(path + ": cannot create the lock file " + lock_path_ + " (" +
                        std::strerror(errno) + ")");
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
      const int e = errno;
      char pid[32] = {0};
      const ssize_t n = ::pread(fd, pid, sizeof(pid) - 1, 0);
      ::close(fd);
      if (e == EWOULDBLOCK)
        throw OutputError(path + ": is being written by another tonnsim process" +
                          (n > 0 ? std::string(" (pid ") + std::string(pid, static_cast<std::size_t>(n)) + ")" : "") +
                          "; wait for it to finish or choose another --out");
      throw OutputError(path + ": cannot lock " + lock_path_ + " (" + std::strerror(e) + ")");
    }
    struct stat held {}, named {};
    if (::fstat(fd, &held) == 0 && ::stat(lock_path_.c_str(), &named) == 0 &&
        held.st_ino == named.st_ino && held.st_dev == named.st_dev) {
      const std::string pid = std::to_string(::getpid());
      if (::ftruncate(fd, 0) == 0 && ::pwrite(fd, pid.data(), pid.size(), 0) < 0) {
        // The pid is only a hint in messages; the lock itself holds.
      }
      fd_ = fd;
      return;
    }
    ::close(fd);  // removed or replaced meanwhile: try again
  }
  throw OutputError(path + ": cannot take the lock " + lock_path_ + " (it keeps changing)");
}

OutputLock::~OutputLock() {
  if (fd_ < 0) return;
  ::unlink(lock_path_.c_str());  // while still holding it (see the constructor)
  ::close(fd_);
}

void refuse_output_over_input(const std::string& option, const std::string& output,
                              const std::string& input_key, const std::string& input) {
  if (input.empty()) return;
  std::error_code ec;
  if (fs::exists(output, ec) && fs::exists(input, ec) && fs::equivalent(output, input, ec))
    throw InputError(option + " = " + output + ": is the " + input_key +
                     " this command reads; choose another output file");
}

namespace {
// The path of a file to continue, checked before its lock (and folder) is created.
const std::string& existing(const std::string& path, ClaimKind kind) {
  std::error_code ec;
  if (kind == ClaimKind::kContinue && !fs::is_regular_file(path, ec))
    throw InputError(path + ": no such file");
  return path;
}
}  // namespace

OutputClaim::OutputClaim(const std::string& path, bool force,
                         const std::vector<std::string>& inputs, const std::string& option,
                         ClaimKind kind)
    : path_(path), lock_(existing(path, kind)) {
  for (const auto& input : inputs) refuse_output_over_input(option, path, "input file", input);
  std::error_code ec;
  if (fs::is_directory(path, ec))
    throw InputError(option + " = " + path + ": is a folder; give a file name");
  if (kind == ClaimKind::kNew && fs::exists(path, ec) && !force)
    throw InputError(option + " = " + path +
                     ": exists; pass --force to replace it (the old file stays intact until "
                     "the new run's first checkpoint), or --resume it to continue an "
                     "unfinished run");
}

OutputClaim::~OutputClaim() {
  std::error_code ec;
  fs::remove(path_ + ".snapshot", ec);
  if (!committed_) fs::remove(partial_path(), ec);
}

Hdf5File OutputClaim::create_partial() {
  std::error_code ec;
  fs::remove(partial_path(), ec);
  committed_ = false;
  return Hdf5File::create(partial_path());
}

namespace {
// Copies `from` to `to` and pushes it to the disk; OutputError naming `to` otherwise.
void copy_durably(const std::string& from, const std::string& to) {
  std::error_code ec;
  fs::copy_file(from, to, fs::copy_options::overwrite_existing, ec);
  if (ec) {
    std::error_code ignore;
    fs::remove(to, ignore);
    throw OutputError(to + ": cannot write a copy of " + from + " (" + ec.message() + ")");
  }
  const int fd = ::open(to.c_str(), O_RDONLY | O_CLOEXEC);
  const bool synced = fd >= 0 && ::fsync(fd) == 0;
  const int e = errno;
  if (fd >= 0) ::close(fd);
  if (!synced) {
    fs::remove(to, ec);
    throw OutputError(to + ": cannot write it to the disk (" + std::strerror(e) + ")");
  }
}

void rename_over(const std::string& from, const std::string& to) {
  std::error_code ec;
  fs::rename(from, to, ec);
  if (ec) throw OutputError(from + ": cannot rename to " + to + " (" + ec.message() + ")");
}
}  // namespace

Hdf5File OutputClaim::continue_partial() {
  committed_ = false;
  copy_durably(path_, partial_path());
  return Hdf5File::open(partial_path(), Hdf5Mode::kReadWrite);
}

void OutputClaim::snapshot(Hdf5File& file) {
  file.flush();
  const std::string temp = path_ + ".snapshot";
  copy_durably(partial_path(), temp);
  rename_over(temp, path_);
  snapshots_ += 1;
}

void OutputClaim::commit(Hdf5File& file) {
  file.flush();
  file.close();
  rename_over(partial_path(), path_);
  committed_ = true;
}

void OutputClaim::write_whole(const std::function<void(Hdf5File&)>& fill) {
  Hdf5File file = create_partial();
  fill(file);
  commit(file);
}

}  // namespace tonnsim::runner
