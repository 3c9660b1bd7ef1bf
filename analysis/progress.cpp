#include "analysis/progress.hpp"

#include <unistd.h>

#include <fmt/format.h>

#include "models/duration_text.hpp"

namespace drsim::analysis {

std::string group_thousands(std::uint64_t n) {
  std::string digits = std::to_string(n), out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

ProgressBar::ProgressBar(std::FILE* stream, bool force)
    : stream_(stream), enabled_(force || ::isatty(::fileno(stream)) == 1) {}

void ProgressBar::start(std::string label, std::uint64_t total) {
  label_ = std::move(label);
  total_ = total;
  started_ = last_draw_ = std::chrono::steady_clock::now();
  if (enabled_) draw(0);
}

void ProgressBar::update(std::uint64_t done) {
  if (!enabled_) return;
  const auto now = std::chrono::steady_clock::now();
  if (now - last_draw_ < std::chrono::milliseconds(100) && done < total_) return;
  last_draw_ = now;
  draw(done);
}

void ProgressBar::draw(std::uint64_t done) {
  constexpr int kWidth = 30;
  const double fraction = total_ == 0 ? 1.0 : static_cast<double>(done) / static_cast<double>(total_);
  const int filled = static_cast<int>(fraction * kWidth);
  const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
  const double rate = elapsed > 0 ? static_cast<double>(done) / elapsed : 0.0;
  std::string left = "…";
  if (rate > 0) {
    const auto ms = static_cast<std::int64_t>(static_cast<double>(total_ - done) / rate * 1000.0);
    left = models::format_duration(ms / 1000 * 1000);
  }
  fmt::print(stream_, "\r\033[K{} [{}{}] {}/{} trials  {:.0f}/s  {} left", label_, std::string(static_cast<std::size_t>(filled), '#'),
             std::string(static_cast<std::size_t>(kWidth - filled), '.'), group_thousands(done), group_thousands(total_), rate, left);
  std::fflush(stream_);
}

void ProgressBar::finish() {
  if (!enabled_) return;
  fmt::print(stream_, "\r\033[K");
  std::fflush(stream_);
}

}  // namespace drsim::analysis
