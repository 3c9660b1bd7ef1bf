#pragma once
// Runs the drsim binary as a user does, in a scratch directory of its own: exit status,
// stdout and stderr, and the files it writes.
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace drsim_test {

namespace fs = std::filesystem;

struct Outcome {
  int status = -1;
  std::string out, err;
};

inline std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

class Sandbox {
 public:
  Sandbox() {
    dir_ = fs::temp_directory_path() / ("drsim-cli-" + std::to_string(::getpid()) + "-" + std::to_string(counter_++));
    fs::create_directories(dir_);
  }
  ~Sandbox() {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  Sandbox(const Sandbox&) = delete;
  Sandbox& operator=(const Sandbox&) = delete;
  fs::path file(const std::string& name, const std::string& content) const {
    const fs::path p = dir_ / name;
    std::ofstream(p, std::ios::binary) << content;
    return p;
  }
  fs::path path(const std::string& name) const { return dir_ / name; }

  // Runs `drsim ARGS` in the sandbox directory, with `env` (NAME=value ...) in front.
  Outcome drsim(const std::string& args, const std::string& env = "") const {
    const std::string cmd = "cd " + dir_.string() + " && " + env + (env.empty() ? "" : " ") + std::string(DRSIM_BINARY) +
                            " " + args + " >" + (dir_ / "out").string() + " 2>" + (dir_ / "err").string();
    const int raw = std::system(cmd.c_str());
    return {WIFEXITED(raw) ? WEXITSTATUS(raw) : -1, slurp(dir_ / "out"), slurp(dir_ / "err")};
  }

 private:
  static inline int counter_ = 0;
  fs::path dir_;
};

}  // namespace drsim_test
