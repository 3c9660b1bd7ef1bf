#pragma once
// A one-line progress bar on a terminal: trials done, rate, time left. Silent unless the
// stream is a terminal, so logs and CI output stay clean.
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>

namespace drsim::analysis {

class ProgressBar {
 public:
  // Draws on `stream` only if it is a terminal (or if `force`).
  explicit ProgressBar(std::FILE* stream, bool force = false);
  bool enabled() const { return enabled_; }

  void start(std::string label, std::uint64_t total);
  void update(std::uint64_t done);  // redraws at most ~10 times a second
  void finish();                    // clears the line

 private:
  void draw(std::uint64_t done);

  std::FILE* stream_;
  bool enabled_;
  std::string label_;
  std::uint64_t total_ = 0;
  std::chrono::steady_clock::time_point started_, last_draw_;
};

// "4,210/10,000 trials" style grouping.
std::string group_thousands(std::uint64_t n);

}  // namespace drsim::analysis
