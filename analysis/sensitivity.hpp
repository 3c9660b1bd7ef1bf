#pragma once
// Which parameters matter. Two analyses of a sweep's results, per failure and application and
// for p95 RTO, p95 RPO and compliance:
//
// - a tornado table, from a one_at_a_time design: each parameter's swing (the largest minus
//   the smallest value of the metric over the parameter's levels and the base), with the
//   metric at its first and last level, largest swing first;
// - Sobol indices, from a saltelli design: the first-order index S_i (the share of the
//   metric's variance that parameter i explains alone; Saltelli et al. 2010's estimator
//   mean(f(B)·(f(AB_i) − f(A))) / V) and the total index ST_i (alone and in every interaction;
//   Jansen's estimator mean((f(A) − f(AB_i))²) / 2V), each with a 95% percentile-bootstrap
//   interval over the N rows. A metric that is unrecoverable in some variant has no variance
//   and gets no indices.
#include <optional>
#include <string>
#include <vector>

#include "analysis/comparison.hpp"
#include "scenarios/sweep.hpp"

namespace drsim::analysis {

struct SobolIndices {
  double variance = 0;
  std::vector<Interval> first, total;  // by parameter
};

// f_a[j], f_b[j]: the metric at rows A_j and B_j; f_ab[i][j] at AB_j^(i). Bootstrap over rows.
SobolIndices sobol_indices(const std::vector<double>& f_a, const std::vector<double>& f_b,
                           const std::vector<std::vector<double>>& f_ab, std::uint64_t seed, std::uint32_t resamples);

enum class SensitivityMetric { p95_rto, p95_rpo, compliance };
inline constexpr SensitivityMetric kSensitivityMetrics[] = {SensitivityMetric::p95_rto, SensitivityMetric::p95_rpo,
                                                            SensitivityMetric::compliance};

struct TornadoBar {
  std::size_t parameter = 0;
  double at_first = 0, at_last = 0, swing = 0;  // the metric at the first and last level; max − min
};

struct Sensitivity {
  std::size_t failure = 0, application = 0;
  SensitivityMetric metric = SensitivityMetric::p95_rto;
  std::vector<TornadoBar> tornado;    // one_at_a_time: by decreasing swing
  std::optional<SobolIndices> sobol;  // saltelli
  std::string note;                   // why there is nothing (unrecoverable variants, no variance)
};

// Empty unless the design is one_at_a_time or saltelli (and then without named variants).
std::vector<Sensitivity> sensitivity(const ComparisonResult& r, const scenarios::SweepSpec& spec, std::uint32_t resamples);

std::string render_sensitivity_text(const ComparisonResult& r, const scenarios::SweepSpec& spec, const std::vector<Sensitivity>& s);
nlohmann::ordered_json sensitivity_json(const ComparisonResult& r, const scenarios::SweepSpec& spec, const std::vector<Sensitivity>& s);

}  // namespace drsim::analysis
