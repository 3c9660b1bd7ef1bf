#pragma once
// Summary statistics of a sample of durations, and proportions with confidence intervals.
#include <cstdint>
#include <optional>
#include <vector>

namespace drsim::analysis {

struct Summary {
  std::size_t count = 0;
  double min = 0, mean = 0, mean_ci_low = 0, mean_ci_high = 0;
  double p50 = 0, p90 = 0, p95 = 0, p99 = 0, max = 0;
};

// Exact summary of `values` (seconds). Percentiles are nearest-rank order statistics (an
// observed value: the smallest v with at least p% of the sample <= v); the mean's 95%
// interval is the normal approximation mean +- 1.96 s/sqrt(n) (collapses to the mean for one
// value). `values` is reordered. nullopt for an empty sample.
std::optional<Summary> summarise(std::vector<double>& values);

struct Proportion {
  std::uint64_t successes = 0;
  std::uint64_t trials = 0;
  double estimate = 0, ci_low = 0, ci_high = 0;  // Wilson score interval, 95%
};
Proportion wilson(std::uint64_t successes, std::uint64_t trials);

}  // namespace drsim::analysis
