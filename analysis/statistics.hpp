#pragma once
// Summary statistics of samples of durations, and proportions with confidence intervals.
//
// Percentiles are exact: every sample is kept (4 bytes per resource-trial) and sorted once
// at the end; nothing is approximated. Fleet-wide percentiles are found across the sorted
// per-resource columns by counting (see fleet_summary), so the fleet never needs a copy of
// all samples.
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace drsim::analysis {

struct Summary {
  std::size_t count = 0;
  double min = 0, mean = 0, mean_ci_low = 0, mean_ci_high = 0;
  double p50 = 0, p90 = 0, p95 = 0, p99 = 0, max = 0;
};

// The nearest rank of quantile p in a sample of n (1-based, clamped to 1..n): the k-th smallest
// value is the smallest with at least p·n of the sample at or below it.
std::size_t nearest_rank(std::size_t n, double p);

// Summary of an ascending-sorted sample. Percentiles are nearest-rank order statistics (an
// observed value: the smallest v with at least p% of the sample <= v); the mean's 95%
// interval is the normal approximation mean +- 1.96 s/sqrt(n) (the mean itself for n = 1).
// nullopt for an empty sample.
std::optional<Summary> summarise_sorted(std::span<const float> sorted);

// Sorts `values` and summarises them.
std::optional<Summary> summarise(std::vector<float>& values);

// The summary of the union of several ascending-sorted samples, without merging them.
std::optional<Summary> fleet_summary(const std::vector<std::span<const float>>& sorted_columns);

struct Proportion {
  std::uint64_t successes = 0;
  std::uint64_t trials = 0;
  double estimate = 0, ci_low = 0, ci_high = 0;  // Wilson score interval, 95%
};
Proportion wilson(std::uint64_t successes, std::uint64_t trials);

}  // namespace drsim::analysis
