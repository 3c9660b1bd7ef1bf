#pragma once
// Answers, not just tables: the variant a sweep's objective picks (the best one meeting every
// constraint), why each better-scoring variant fails (which constraint, by how much), and the
// Pareto front of monthly cost against p95 RTO and p95 RPO for every failure and application.
#include <optional>
#include <string>
#include <vector>

#include "analysis/comparison.hpp"
#include "scenarios/sweep.hpp"

namespace drsim::analysis {

struct ConstraintMiss {
  std::size_t constraint = 0;
  std::optional<double> value;  // none: the variant lacks the failure or the application
  double shortfall = 0;         // how far past the bound, in the bound's unit
};

struct Verdict {
  std::optional<double> objective;  // none: the metric is missing in this variant
  std::vector<ConstraintMiss> misses;
  bool feasible() const { return objective.has_value() && misses.empty(); }
};

struct Decision {
  scenarios::Objective objective;
  std::vector<Verdict> verdicts;      // by variant
  std::optional<std::size_t> best;    // none: no variant meets every constraint
  std::vector<std::size_t> better_but_failing;  // scoring better than the best (or all, with no best), best first
};

struct ParetoFront {
  std::size_t failure = 0, application = 0;  // into ComparisonResult::failures / applications
  std::vector<std::size_t> variants;         // not dominated on (monthly cost, p95 RTO, p95 RPO), cheapest first
};

// The value of `m` for variant v, or none when the variant lacks the failure or application.
// Durations in seconds (+inf: unrecoverable), compliance as a share, cost in USD a month.
std::optional<double> metric_value(const ComparisonResult& r, std::size_t v, const scenarios::MetricRef& m);

// "" when every failure and application the objective names is in the base and among the
// compared failures (`failures`; empty: all), else what is wrong, with its place.
std::string check_objective(const models::Scenario& base, const std::vector<std::string>& failures,
                            const scenarios::Objective& o);

Decision decide(const ComparisonResult& r, const scenarios::Objective& o);
std::vector<ParetoFront> pareto_fronts(const ComparisonResult& r);

std::string render_decision_text(const ComparisonResult& r, const std::optional<Decision>& d, const std::vector<ParetoFront>& fronts);
nlohmann::ordered_json decision_json(const ComparisonResult& r, const std::optional<Decision>& d, const std::vector<ParetoFront>& fronts);

}  // namespace drsim::analysis
