#include "analysis/statistics.hpp"

#include <algorithm>
#include <bit>
#include <cmath>


namespace drsim::analysis {
namespace {

constexpr double kZ95 = 1.959963984540054;
constexpr double kQuantiles[4] = {0.50, 0.90, 0.95, 0.99};

void finish(Summary& s, double sum, double sum_squares) {
  const double n = static_cast<double>(s.count);
  s.mean = sum / n;
  const double var = s.count > 1 ? std::max(0.0, (sum_squares - n * s.mean * s.mean) / (n - 1.0)) : 0.0;
  const double half = kZ95 * std::sqrt(var / n);
  s.mean_ci_low = s.mean - half;
  s.mean_ci_high = s.mean + half;
}

// Sums in one fixed order (double accumulators), so results are bit-identical whatever the
// data's alignment: a vectorised reduction would change its order with the pointer.
void accumulate(std::span<const float> v, double& sum, double& sum_squares) {
  for (float x : v) {
    sum += x;
    sum_squares += static_cast<double>(x) * x;
  }
}

// Non-negative floats order like their bit patterns, so a value search can bisect bits.
std::uint32_t bits(float v) { return std::bit_cast<std::uint32_t>(v); }
float from_bits(std::uint32_t b) { return std::bit_cast<float>(b); }

}  // namespace

std::size_t nearest_rank(std::size_t n, double p) {
  const auto rank = static_cast<std::size_t>(std::ceil(p * static_cast<double>(n) - 1e-9));
  return std::clamp<std::size_t>(rank, 1, n);
}

std::optional<Summary> summarise_sorted(std::span<const float> sorted) {
  if (sorted.empty()) return std::nullopt;
  Summary s;
  s.count = sorted.size();
  s.min = sorted.front();
  s.max = sorted.back();
  double sum = 0, sum_squares = 0;
  accumulate(sorted, sum, sum_squares);
  finish(s, sum, sum_squares);
  double* out[4] = {&s.p50, &s.p90, &s.p95, &s.p99};
  for (int i = 0; i < 4; ++i) *out[i] = sorted[nearest_rank(sorted.size(), kQuantiles[i]) - 1];
  return s;
}

std::optional<Summary> summarise(std::vector<float>& values) {
  std::sort(values.begin(), values.end());
  return summarise_sorted(values);
}

std::optional<Summary> fleet_summary(const std::vector<std::span<const float>>& columns) {
  Summary s;
  double sum = 0, sum_squares = 0;
  float lo = 0, hi = 0;
  for (const auto& c : columns) {
    if (c.empty()) continue;
    accumulate(c, sum, sum_squares);
    lo = s.count == 0 ? c.front() : std::min(lo, c.front());
    hi = s.count == 0 ? c.back() : std::max(hi, c.back());
    s.count += c.size();
  }
  if (s.count == 0) return std::nullopt;
  s.min = lo;
  s.max = hi;
  finish(s, sum, sum_squares);

  // Nearest rank k: the smallest observed v with at least k samples <= v. Counting is
  // monotone in v, so bisect over the float bit patterns between min and max.
  auto at_most = [&](float v) {
    std::size_t n = 0;
    for (const auto& c : columns) n += static_cast<std::size_t>(std::upper_bound(c.begin(), c.end(), v) - c.begin());
    return n;
  };
  double* out[4] = {&s.p50, &s.p90, &s.p95, &s.p99};
  for (int i = 0; i < 4; ++i) {
    const std::size_t k = nearest_rank(s.count, kQuantiles[i]);
    std::uint32_t a = bits(lo), b = bits(hi);  // answer in [a, b]
    while (a < b) {
      const std::uint32_t mid = a + (b - a) / 2;
      if (at_most(from_bits(mid)) >= k) b = mid; else a = mid + 1;
    }
    *out[i] = from_bits(a);
  }
  return s;
}

Proportion wilson(std::uint64_t successes, std::uint64_t trials) {
  Proportion p;
  p.successes = successes;
  p.trials = trials;
  if (trials == 0) return p;
  const double n = static_cast<double>(trials);
  const double phat = static_cast<double>(successes) / n;
  const double z2 = kZ95 * kZ95;
  const double centre = (phat + z2 / (2 * n)) / (1 + z2 / n);
  const double half = kZ95 * std::sqrt(phat * (1 - phat) / n + z2 / (4 * n * n)) / (1 + z2 / n);
  p.estimate = phat;
  // At 0 and n the bound is exactly 0 (or 1); the formula leaves a rounding residue.
  p.ci_low = successes == 0 ? 0.0 : std::max(0.0, centre - half);
  p.ci_high = successes == trials ? 1.0 : std::min(1.0, centre + half);
  return p;
}

}  // namespace drsim::analysis
