#pragma once
// DDSketch (Masson, Rim and Lee, "DDSketch: A Fast and Fully-Mergeable Quantile Sketch with
// Relative-Error Guarantees", VLDB 2019), written from the paper: no Debian package offers a
// quantile sketch library for C++.
//
// A non-negative value x > 0 falls in bucket i = ceil(log_gamma(x)), gamma = (1 + a) / (1 - a),
// so gamma^(i-1) < x <= gamma^i; a bucket's representative 2 gamma^i / (gamma + 1) is within
// relative error a of every value in it. The q-quantile is the representative of the bucket
// holding the rank-k sample (k the nearest rank, as the exact statistics use), so it is within
// a of the exact order statistic (clamped to the observed min and max, which only brings it
// closer). Zero goes in a bucket of its own and is returned exactly.
//
// Counts are integers and sums are kept exactly (integer milliseconds), so merging is addition:
// sketches merged in any order or grouping are identical, which keeps a study split across
// threads, shards or ranks byte-identical to one in a single block.
#include <cstdint>
#include <optional>
#include <vector>

#include "analysis/statistics.hpp"

namespace drsim::analysis {

// 128-bit unsigned integers, a GCC and Clang extension (marked so -Wpedantic accepts it).
__extension__ typedef unsigned __int128 Uint128;

class QuantileSketch {
 public:
  static constexpr double kRelativeAccuracy = 0.005;  // a: every percentile within 0.5%

  // `seconds` is the sample as the exact statistics hold it; `ms` the same in integer
  // milliseconds, for the exact mean.
  void add(float seconds, std::int64_t ms);
  void merge(const QuantileSketch& other);

  std::uint64_t count() const { return count_; }
  // The summary the exact statistics would give, with the percentiles within a (relative) and
  // min, max, mean and its interval exact; nullopt when empty.
  std::optional<Summary> summary() const;
  // The value of nearest rank k (1 <= k <= count).
  double value_at_rank(std::uint64_t k) const;

  std::size_t buckets() const { return counts_.size(); }  // for memory estimates

  // The state, for partial results.
  struct State {
    std::uint64_t count = 0, zeros = 0;
    std::int32_t first_index = 0;
    std::vector<std::uint32_t> counts;
    float min = 0, max = 0;
    std::int64_t sum_ms = 0;
    std::uint64_t sum_sq_hi = 0, sum_sq_lo = 0;  // the 128-bit sum of squared milliseconds
  };
  State state() const;
  // nullopt when the state is not one a sketch can have (counts that do not add up).
  static std::optional<QuantileSketch> from_state(State s);

 private:
  static std::int32_t index_of(double x);
  double representative(std::int32_t index) const;

  std::uint64_t count_ = 0, zeros_ = 0;
  std::int32_t first_index_ = 0;        // bucket index of counts_[0]
  std::vector<std::uint32_t> counts_;   // dense, from first_index_
  float min_ = 0, max_ = 0;
  std::int64_t sum_ms_ = 0;
  Uint128 sum_sq_ = 0;  // squared ms: 128 bits hold 10^7 trials of a century
};

}  // namespace drsim::analysis
