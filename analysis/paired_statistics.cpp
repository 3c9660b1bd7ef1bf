#include "analysis/paired_statistics.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "analysis/statistics.hpp"
#include "sim/random.hpp"

namespace drsim::analysis {
namespace {

constexpr double kP = 0.95;
// The entity of the bootstrap's draws: no resource, failure or application key is this.
constexpr std::uint64_t kBootstrapEntity = 0xb0075742a9ull;

}  // namespace

double p95(const std::vector<float>& values) {
  if (values.empty()) return 0;
  std::vector<float> v = values;
  const std::size_t k = nearest_rank(v.size(), kP) - 1;
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(k), v.end());
  return v[k];
}

TrialBootstrap::TrialBootstrap(std::uint64_t trials, std::uint64_t seed, std::uint32_t resamples, std::uint64_t stream)
    : trials_(trials), seed_(seed), stream_(stream), resamples_(resamples) {}

std::vector<std::vector<double>> TrialBootstrap::p95_replicates(const std::vector<const std::vector<float>*>& series) const {
  const std::size_t n = trials_;
  std::vector<std::vector<double>> out(series.size(), std::vector<double>(resamples_, 0.0));
  if (n == 0) return out;
  // Each series' trials from the largest value down (ties by trial, so the order is fixed).
  std::vector<std::vector<std::uint32_t>> descending(series.size());
  for (std::size_t i = 0; i < series.size(); ++i) {
    const std::vector<float>& v = *series[i];
    auto& order = descending[i];
    order.resize(n);
    std::iota(order.begin(), order.end(), 0u);
    std::sort(order.begin(), order.end(), [&](std::uint32_t x, std::uint32_t y) { return v[x] > v[y] || (v[x] == v[y] && x < y); });
  }
  // The nearest-rank p95 of a resample is its k-th smallest value, i.e. the one where the
  // count from the top first reaches n - k + 1.
  const std::size_t from_top = n - nearest_rank(n, kP) + 1;
  std::vector<std::uint32_t> counts(n);
  for (std::uint32_t r = 0; r < resamples_; ++r) {
    std::fill(counts.begin(), counts.end(), 0u);
    sim::RandomStream rng(seed_, r, kBootstrapEntity, stream_);
    for (std::size_t j = 0; j < n; ++j) {
      const auto pick = static_cast<std::size_t>(rng.uniform01() * static_cast<double>(n));
      ++counts[std::min(pick, n - 1)];
    }
    for (std::size_t i = 0; i < series.size(); ++i) {
      const std::vector<float>& v = *series[i];
      std::size_t seen = 0;
      for (const std::uint32_t t : descending[i]) {
        seen += counts[t];
        if (seen >= from_top) {
          out[i][r] = v[t];
          break;
        }
      }
    }
  }
  return out;
}

double difference(double variant, double base) {
  if (std::isinf(variant) && std::isinf(base)) return 0;
  return variant - base;
}

Interval percentile_interval(double estimate, std::vector<double>& replicates) {
  Interval i{estimate, estimate, estimate};
  if (replicates.empty()) return i;
  std::sort(replicates.begin(), replicates.end());
  i.low = replicates[nearest_rank(replicates.size(), 0.025) - 1];
  i.high = replicates[nearest_rank(replicates.size(), 0.975) - 1];
  return i;
}

Interval paired_proportion_difference(std::uint64_t a, std::uint64_t b, std::uint64_t c, std::uint64_t d) {
  const std::uint64_t n = a + b + c + d;
  if (n == 0) return {};
  const Proportion v = wilson(a + b, n), base = wilson(a + c, n);
  const double delta = v.estimate - base.estimate;
  // phi: the correlation of the pairs; 0 when a margin is empty (Newcombe's convention).
  const double margins = static_cast<double>(a + b) * static_cast<double>(c + d) * static_cast<double>(a + c) *
                         static_cast<double>(b + d);
  const double phi = margins > 0 ? (static_cast<double>(a) * static_cast<double>(d) -
                                    static_cast<double>(b) * static_cast<double>(c)) / std::sqrt(margins)
                                 : 0.0;
  const double dl1 = v.estimate - v.ci_low, du1 = v.ci_high - v.estimate;
  const double dl2 = base.estimate - base.ci_low, du2 = base.ci_high - base.estimate;
  Interval out;
  out.estimate = delta;
  out.low = delta - std::sqrt(std::max(0.0, dl1 * dl1 - 2 * phi * dl1 * du2 + du2 * du2));
  out.high = delta + std::sqrt(std::max(0.0, du1 * du1 - 2 * phi * du1 * dl2 + dl2 * dl2));
  return out;
}

Interval unpaired_proportion_difference(std::uint64_t x1, std::uint64_t n1, std::uint64_t x2, std::uint64_t n2) {
  if (n1 == 0 || n2 == 0) return {};
  const Proportion v = wilson(x1, n1), base = wilson(x2, n2);
  const double delta = v.estimate - base.estimate;
  const double dl1 = v.estimate - v.ci_low, du1 = v.ci_high - v.estimate;
  const double dl2 = base.estimate - base.ci_low, du2 = base.ci_high - base.estimate;
  return {delta, delta - std::sqrt(dl1 * dl1 + du2 * du2), delta + std::sqrt(du1 * du1 + dl2 * dl2)};
}

}  // namespace drsim::analysis
