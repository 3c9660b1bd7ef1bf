#pragma once
// The outputs of `drsim compare` and `drsim sweep`: a text summary a person reads (findings
// first, then one aligned table per failure and application), the JSON (docs/sweeps.md) and a
// tidy CSV with one row per variant x failure x application x metric.
#include <string>

#include <nlohmann/json.hpp>

#include "analysis/comparison.hpp"

namespace drsim::analysis {

inline constexpr int kComparisonFormatVersion = 1;

// `answer` (a sweep's decision and the Pareto fronts) goes after the first line, before the findings.
std::string render_comparison_text(const ComparisonResult& r, const std::string& answer = {});
nlohmann::ordered_json comparison_json(const ComparisonResult& r);
std::string comparison_csv(const ComparisonResult& r);

// "+2m05s", "-23h00m", "0s"; "∞" / "-∞" for a difference with an unrecoverable side.
std::string signed_duration(double seconds);

}  // namespace drsim::analysis
