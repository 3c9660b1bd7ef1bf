#include "analysis/histogram.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include <fmt/format.h>

#include "analysis/reports.hpp"
#include "analysis/table.hpp"

namespace drsim::analysis {
namespace {

// Left-aligned partial blocks, from one eighth to a full cell.
constexpr const char* kEighths[9] = {"", "▏", "▎", "▍", "▌", "▋", "▊", "▉", "█"};

std::string bar(double fraction, int width) {
  const auto eighths = static_cast<int>(std::lround(fraction * width * 8));
  std::string s;
  for (int i = 0; i < eighths / 8; ++i) s += kEighths[8];
  s += kEighths[eighths % 8];
  return s;
}

}  // namespace

std::string render_histogram(std::span<const float> sorted, std::optional<double> target, int bins, int width,
                             std::string_view indent) {
  if (sorted.empty()) return std::string(indent) + "no samples\n";
  const double lo = sorted.front(), hi = sorted.back();
  if (hi - lo < 1.0) {
    return fmt::format("{}all {} trials: {}\n", indent, sorted.size(), human_seconds(lo));
  }
  const double step = (hi - lo) / bins;
  std::vector<std::size_t> counts(static_cast<std::size_t>(bins), 0);
  for (float v : sorted) counts[std::min<std::size_t>(static_cast<std::size_t>((v - lo) / step), counts.size() - 1)]++;
  const std::size_t peak = *std::max_element(counts.begin(), counts.end());

  Table table({{"from", Table::Align::right}, {"to", Table::Align::right}, {""}, {"share", Table::Align::right},
               {"≤ to", Table::Align::right}, {""}});
  std::size_t cumulative = 0;
  for (int b = 0; b < bins; ++b) {
    const double from = lo + b * step, to = b + 1 == bins ? hi : lo + (b + 1) * step;
    cumulative += counts[static_cast<std::size_t>(b)];
    const double share = static_cast<double>(counts[static_cast<std::size_t>(b)]) / static_cast<double>(sorted.size());
    const bool has_target = target && *target >= from && (*target < to || (b + 1 == bins && *target <= to));
    table.add_row({human_seconds(from), human_seconds(to),
                   bar(static_cast<double>(counts[static_cast<std::size_t>(b)]) / static_cast<double>(peak), width),
                   fmt::format("{:.1f}%", 100 * share),
                   fmt::format("{:.1f}%", 100.0 * static_cast<double>(cumulative) / static_cast<double>(sorted.size())),
                   has_target ? "◀ target " + human_seconds(*target) : ""});
  }
  std::string out = table.render(indent);
  if (target && *target > hi) out += fmt::format("{}target {} is above every trial\n", indent, human_seconds(*target));
  if (target && *target < lo) out += fmt::format("{}target {} is below every trial\n", indent, human_seconds(*target));
  return out;
}

}  // namespace drsim::analysis
