#include "analysis/statistics.hpp"

#include <algorithm>
#include <cmath>

#include <Eigen/Core>

namespace drsim::analysis {
namespace {

constexpr double kZ95 = 1.959963984540054;

double nearest_rank(const std::vector<double>& sorted, double p) {
  const auto n = static_cast<double>(sorted.size());
  const auto rank = static_cast<std::size_t>(std::max(1.0, std::ceil(p * n - 1e-9)));
  return sorted[std::min(rank, sorted.size()) - 1];
}

}  // namespace

std::optional<Summary> summarise(std::vector<double>& values) {
  if (values.empty()) return std::nullopt;
  std::sort(values.begin(), values.end());
  const Eigen::Map<const Eigen::ArrayXd> v(values.data(), static_cast<Eigen::Index>(values.size()));
  Summary s;
  s.count = values.size();
  s.min = values.front();
  s.max = values.back();
  s.mean = v.mean();
  const double n = static_cast<double>(values.size());
  const double var = values.size() > 1 ? (v - s.mean).square().sum() / (n - 1.0) : 0.0;
  const double half = kZ95 * std::sqrt(var / n);
  s.mean_ci_low = s.mean - half;
  s.mean_ci_high = s.mean + half;
  s.p50 = nearest_rank(values, 0.50);
  s.p90 = nearest_rank(values, 0.90);
  s.p95 = nearest_rank(values, 0.95);
  s.p99 = nearest_rank(values, 0.99);
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
  p.ci_low = std::max(0.0, centre - half);
  p.ci_high = std::min(1.0, centre + half);
  return p;
}

}  // namespace drsim::analysis
