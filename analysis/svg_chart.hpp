#pragma once
// The HTML report's charts, as inline SVG written here (no chart library, no script): an RTO
// or RPO distribution as a histogram and as a cumulative distribution, with the target drawn
// and the share of trials beyond it shaded; and a time axis shared with the Gantt chart.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace drsim::analysis {

// One application's samples of one measure over the impacted trials of a failure.
struct DistributionData {
  std::string_view measure;        // "RTO" or "RPO"
  std::span<const float> sorted_s; // the trials that recovered it, ascending, in seconds
  std::uint64_t impacted = 0;      // the CDF's denominator: trials that recovered it, plus those that could not
  std::optional<double> target_s;
};

// The share of impacted trials beyond the target (unrecoverable ones included); 0 without one.
double breach_share(const DistributionData& d);

std::string svg_histogram(const DistributionData& d);
std::string svg_cdf(const DistributionData& d);

// Tick positions (seconds) at a round step ("15m", "6h", "1d") over [low, high], at most
// `at_most` of them.
std::vector<double> time_ticks(double low, double high, int at_most);

}  // namespace drsim::analysis
