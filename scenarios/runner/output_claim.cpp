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

OutputClaim::OutputClaim(const std::string& path, bool force,
                         const std::vector<std::string>& inputs, const std::string& option)
    : path_(path), lock_(path) {
  for (const auto& input : inputs) refuse_output_over_input(option, path, "input file", input);
  std::error_code ec;
  if (fs::is_directory(path, ec))
    throw InputError(option + " = " + path + ": is a folder; give a file name");
  if (fs::exists(path, ec) && !force)
    throw InputError(option + " = " + path +
                     ": exists; pass --force to replace it (the old file stays intact until "
                     "the new one is valid), or --resume it to continue an unfinished run");
}

OutputClaim::~OutputClaim() {
  if (published_) return;
  std::error_code ec;
  fs::remove(partial_path(), ec);
}

Hdf5File OutputClaim::create_partial() {
  std::error_code ec;
  fs::remove(partial_path(), ec);
  return Hdf5File::create(partial_path());
}

void OutputClaim::publish(Hdf5File& file) {
  if (published_) return;
  file.flush();
  std::error_code ec;
  fs::rename(partial_path(), path_, ec);
  if (ec)
    throw OutputError(partial_path() + ": cannot rename to " + path_ + " (" + ec.message() + ")");
  file.set_path(path_);
  published_ = true;
}

void OutputClaim::write_whole(const std::function<void(Hdf5File&)>& fill) {
  published_ = false;
  Hdf5File file = create_partial();
  fill(file);
  publish(file);
  file.close();
}

}  // namespace tonnsim::runner
