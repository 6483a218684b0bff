#pragma once
// Runs the real civicpost binary (or a test helper) as a child process with
// its stdout and stderr captured, so tests see what an operator sees.

#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace civicpost::testing {

class ChildProcess {
 public:
  // Starts `argv[0]` with the arguments; stdin is `stdin_text` (then closed).
  ChildProcess(std::vector<std::string> argv, const std::string& stdin_text = "");
  ~ChildProcess();  // kills the child if it still runs
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  // The next stdout line, or nullopt on EOF or after `timeout`.
  std::optional<std::string> ReadLine(std::chrono::milliseconds timeout);
  // Reads stdout lines until one contains `needle`; returns it.
  std::optional<std::string> WaitForLine(const std::string& needle,
                                         std::chrono::milliseconds timeout);
  void Signal(int signal);
  pid_t pid() const { return pid_; }
  // Waits for exit and returns the exit code (128 + signal if killed).
  int Wait();
  // Everything written to stdout/stderr so far (after Wait(): all of it).
  const std::string& out() const { return out_; }
  const std::string& err() const { return err_; }

 private:
  void Drain(std::chrono::milliseconds timeout);

  pid_t pid_ = -1;
  int out_fd_ = -1;
  int err_fd_ = -1;
  std::string out_;
  std::string err_;
  size_t out_read_ = 0;  // how much of out_ ReadLine has returned
  std::optional<int> exit_code_;
};

// Runs to completion and returns {exit code, stdout, stderr}.
struct RunResult {
  int exit_code;
  std::string out;
  std::string err;
};
RunResult RunToEnd(std::vector<std::string> argv, const std::string& stdin_text = "");

}  // namespace civicpost::testing
