#pragma once
// Confidence intervals for the difference between two variants run on the same trials.
//
// Variants of a scenario draw common random numbers (models/draw_keys.hpp): trial t of one
// variant sees the same failure instant, detection and job durations as trial t of another,
// wherever the two share the entity. Their per-trial results are therefore strongly
// correlated, and the difference between them is estimated far better from pairs (the same
// trial in both) than from two independent samples. Two estimators, both paired:
//
// - p95 of RTO or RPO: the percentile bootstrap over trials. Each resample draws n trial
//   indices with replacement (a counter-based stream keyed by the seed and the resample), and
//   the SAME resample weights every variant's series, so each replicate of p95(B) - p95(A) is
//   a difference on the same trials. Every series of one failure shares the resamples, which
//   are drawn once; a replicate's p95 is found by walking the series' values from the top
//   until the resample's counts pass 5% of n, so it costs about n/20 steps, not a sort.
// - compliance (a proportion): Newcombe's hybrid score interval for paired proportions
//   (Newcombe 1998, "Improved confidence intervals for the difference between binomial
//   proportions based on paired data", Statistics in Medicine 17:2635, method 10), which
//   keeps its coverage at 0 and 1 where the normal interval collapses to a point.
//
// The unpaired counterparts (an independent resample set for the base; Newcombe's
// square-and-add interval for independent proportions, 1998 companion paper, method 10) are
// computed beside them so the output can show what pairing buys.
#include <cstdint>
#include <limits>
#include <vector>

namespace drsim::analysis {

inline constexpr double kInfinity = std::numeric_limits<double>::infinity();

struct Interval {
  double estimate = 0, low = 0, high = 0;
};

// Nearest-rank p95 of a sample (the smallest value with at least 95% of the sample at or
// below it), +inf values allowed. 0 for an empty sample.
double p95(const std::vector<float>& values);

// The percentile bootstrap of p95 over n paired trials.
class TrialBootstrap {
 public:
  // `resamples` sets of n trial indices, drawn from `seed` (and `stream`, which tells apart
  // the independent set used for unpaired intervals).
  TrialBootstrap(std::uint64_t trials, std::uint64_t seed, std::uint32_t resamples, std::uint64_t stream = 0);

  // The p95 of each series in each resample: result[i][r] for series i, resample r. Every
  // series has `trials` values.
  std::vector<std::vector<double>> p95_replicates(const std::vector<const std::vector<float>*>& series) const;

  std::uint32_t resamples() const { return resamples_; }

 private:
  std::uint64_t trials_, seed_, stream_;
  std::uint32_t resamples_;
};

// The 2.5% and 97.5% nearest-rank percentiles of `replicates` (sorted in place), around
// `estimate`. A difference of two infinite values counts as 0: both equally unrecoverable.
Interval percentile_interval(double estimate, std::vector<double>& replicates);
double difference(double variant, double base);

// Paired trials: a = met in both, b = met in the variant only, c = met in the base only, d =
// met in neither. The interval of p(variant) - p(base).
Interval paired_proportion_difference(std::uint64_t a, std::uint64_t b, std::uint64_t c, std::uint64_t d);
// Independent samples: x1 of n1 (the variant) against x2 of n2 (the base).
Interval unpaired_proportion_difference(std::uint64_t x1, std::uint64_t n1, std::uint64_t x2, std::uint64_t n2);

}  // namespace drsim::analysis
