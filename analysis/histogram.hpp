#pragma once
// A small text histogram of a sorted sample of durations, for the terminal summary: equal-
// width bins between min and max, bar lengths in eighths of a character, the bin holding
// the target marked, and the cumulative share so it reads as a CDF too.
#include <optional>
#include <span>
#include <string>

namespace drsim::analysis {

std::string render_histogram(std::span<const float> sorted_seconds, std::optional<double> target_seconds,
                             int bins = 8, int width = 32, std::string_view indent = "    ");

}  // namespace drsim::analysis
