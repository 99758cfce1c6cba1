#pragma once
// Starting the real `tonnsim` program as a child process, for what only a whole process
// shows: signals, two concurrent writers, a file-size limit (RLIMIT_FSIZE, the stand-in
// for a full disk: writes past it fail with EFBIG as they fail with ENOSPC on a full one).
#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#ifndef TONNSIM_EXE
#define TONNSIM_EXE ""
#endif

inline bool have_tonnsim_exe() { return std::filesystem::exists(TONNSIM_EXE); }

/// Starts `tonnsim ARGS...` with stdout and stderr into `log_path`, one OpenMP thread,
/// and, when `file_size_limit_bytes` >= 0, that limit on the size of any file it writes
/// (SIGXFSZ ignored, so an over-long write fails with EFBIG instead of killing it).
inline pid_t spawn_tonnsim(const std::vector<std::string>& args, const std::string& log_path,
                           long file_size_limit_bytes = -1) {
  // Everything the child needs is prepared before fork: after it, only exec-safe calls.
  std::vector<std::string> words{TONNSIM_EXE};
  words.insert(words.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& w : words) argv.push_back(w.data());
  argv.push_back(nullptr);
  std::vector<std::string> env_words{"OMP_NUM_THREADS=1"};
  for (char** e = environ; *e; ++e)
    if (std::string(*e).rfind("OMP_NUM_THREADS=", 0) != 0) env_words.emplace_back(*e);
  std::vector<char*> envp;
  for (auto& w : env_words) envp.push_back(w.data());
  envp.push_back(nullptr);
  const pid_t pid = ::fork();
  if (pid == 0) {
    const int fd = ::open(log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd >= 0) {
      ::dup2(fd, 1);
      ::dup2(fd, 2);
    }
    if (file_size_limit_bytes >= 0) {
      const rlimit limit{static_cast<rlim_t>(file_size_limit_bytes),
                         static_cast<rlim_t>(file_size_limit_bytes)};
      ::setrlimit(RLIMIT_FSIZE, &limit);
      ::signal(SIGXFSZ, SIG_IGN);
    }
    ::execve(argv[0], argv.data(), envp.data());
    ::_exit(127);
  }
  return pid;
}

/// The child's exit code, or -N when signal N killed it.
inline int wait_child(pid_t pid) {
  int status = 0;
  if (::waitpid(pid, &status, 0) != pid) return -1000;
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  return -WTERMSIG(status);
}

/// Polls `ready` every 10 ms for up to `limit_s`; true once it holds.
inline bool wait_until(const std::function<bool()>& ready, double limit_s = 120.0) {
  const auto end = std::chrono::steady_clock::now() + std::chrono::duration<double>(limit_s);
  while (std::chrono::steady_clock::now() < end) {
    if (ready()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return false;
}

inline std::string file_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}
