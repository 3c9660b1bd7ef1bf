#include "analysis/quantile_sketch.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace drsim::analysis {
namespace {

constexpr double kGamma = (1.0 + QuantileSketch::kRelativeAccuracy) / (1.0 - QuantileSketch::kRelativeAccuracy);
const double kLogGamma = std::log(kGamma);
constexpr double kZ95 = 1.959963984540054;
// Samples are at millisecond resolution: anything below half a millisecond is zero.
constexpr float kSmallest = 0.0005f;

}  // namespace

std::int32_t QuantileSketch::index_of(double x) { return static_cast<std::int32_t>(std::ceil(std::log(x) / kLogGamma)); }

double QuantileSketch::representative(std::int32_t index) const {
  return 2.0 * std::exp(static_cast<double>(index) * kLogGamma) / (kGamma + 1.0);
}

void QuantileSketch::add(float seconds, std::int64_t ms) {
  if (count_ == 0) {
    min_ = max_ = seconds;
  } else {
    min_ = std::min(min_, seconds);
    max_ = std::max(max_, seconds);
  }
  ++count_;
  sum_ms_ += ms;
  const auto m = static_cast<Uint128>(ms < 0 ? -ms : ms);
  sum_sq_ += m * m;
  if (seconds < kSmallest) {
    ++zeros_;
    return;
  }
  const std::int32_t i = index_of(seconds);
  if (counts_.empty()) {
    first_index_ = i;
    counts_.assign(1, 0);
  } else if (i < first_index_) {
    counts_.insert(counts_.begin(), static_cast<std::size_t>(first_index_ - i), 0);
    first_index_ = i;
  } else if (i >= first_index_ + static_cast<std::int32_t>(counts_.size())) {
    counts_.resize(static_cast<std::size_t>(i - first_index_ + 1), 0);
  }
  ++counts_[static_cast<std::size_t>(i - first_index_)];
}

void QuantileSketch::merge(const QuantileSketch& o) {
  if (o.count_ == 0) return;
  if (count_ == 0) {
    *this = o;
    return;
  }
  min_ = std::min(min_, o.min_);
  max_ = std::max(max_, o.max_);
  count_ += o.count_;
  zeros_ += o.zeros_;
  sum_ms_ += o.sum_ms_;
  sum_sq_ += o.sum_sq_;
  if (o.counts_.empty()) return;
  if (counts_.empty()) {
    first_index_ = o.first_index_;
    counts_ = o.counts_;
    return;
  }
  const std::int32_t lo = std::min(first_index_, o.first_index_);
  const std::int32_t hi = std::max(first_index_ + static_cast<std::int32_t>(counts_.size()),
                                   o.first_index_ + static_cast<std::int32_t>(o.counts_.size()));
  if (lo < first_index_) {
    counts_.insert(counts_.begin(), static_cast<std::size_t>(first_index_ - lo), 0);
    first_index_ = lo;
  }
  counts_.resize(static_cast<std::size_t>(hi - lo), 0);
  for (std::size_t k = 0; k < o.counts_.size(); ++k)
    counts_[static_cast<std::size_t>(o.first_index_ - first_index_) + k] += o.counts_[k];
}

double QuantileSketch::value_at_rank(std::uint64_t k) const {
  if (k <= zeros_) return 0.0;
  std::uint64_t seen = zeros_;
  for (std::size_t b = 0; b < counts_.size(); ++b) {
    seen += counts_[b];
    if (seen >= k)
      return std::clamp(representative(first_index_ + static_cast<std::int32_t>(b)), static_cast<double>(min_),
                        static_cast<double>(max_));
  }
  return max_;
}

std::optional<Summary> QuantileSketch::summary() const {
  if (count_ == 0) return std::nullopt;
  Summary s;
  s.count = count_;
  s.min = min_;
  s.max = max_;
  const double n = static_cast<double>(count_);
  s.mean = static_cast<double>(sum_ms_) / 1000.0 / n;
  // Variance from the exact integer sums, in ms^2, then in s^2.
  const double mean_ms = static_cast<double>(sum_ms_) / n;
  const double sum_sq = static_cast<double>(sum_sq_);
  const double var_ms = count_ > 1 ? std::max(0.0, (sum_sq - n * mean_ms * mean_ms) / (n - 1.0)) : 0.0;
  const double half = kZ95 * std::sqrt(var_ms / n) / 1000.0;
  s.mean_ci_low = s.mean - half;
  s.mean_ci_high = s.mean + half;
  s.p50 = value_at_rank(nearest_rank(count_, 0.50));
  s.p90 = value_at_rank(nearest_rank(count_, 0.90));
  s.p95 = value_at_rank(nearest_rank(count_, 0.95));
  s.p99 = value_at_rank(nearest_rank(count_, 0.99));
  return s;
}

QuantileSketch::State QuantileSketch::state() const {
  State st;
  st.count = count_;
  st.zeros = zeros_;
  st.first_index = first_index_;
  st.counts = counts_;
  st.min = min_;
  st.max = max_;
  st.sum_ms = sum_ms_;
  st.sum_sq_hi = static_cast<std::uint64_t>(sum_sq_ >> 64);
  st.sum_sq_lo = static_cast<std::uint64_t>(sum_sq_);
  return st;
}

std::optional<QuantileSketch> QuantileSketch::from_state(State st) {
  std::uint64_t total = st.zeros;
  for (const std::uint32_t c : st.counts) total += c;
  if (total != st.count || (st.count > 0 && !(st.min <= st.max)) || (st.count == 0 && !st.counts.empty()) ||
      st.counts.size() > (std::size_t{1} << 24))
    return std::nullopt;
  QuantileSketch q;
  q.count_ = st.count;
  q.zeros_ = st.zeros;
  q.first_index_ = st.first_index;
  q.counts_ = std::move(st.counts);
  q.min_ = st.min;
  q.max_ = st.max;
  q.sum_ms_ = st.sum_ms;
  q.sum_sq_ = (static_cast<Uint128>(st.sum_sq_hi) << 64) | st.sum_sq_lo;
  return q;
}

}  // namespace drsim::analysis
