#pragma once
// `drsim sweep|compare|strategies --html OUT.html`: the variants side by side on one
// self-contained page: the answer (the objective's pick and why the others miss, or the
// strategies' verdicts) first; then per failure and application, monthly cost against p95 RTO
// and p95 RPO as scatter charts (the Pareto front marked, the target drawn, an unrecoverable
// variant on the ∞ line) and a sortable table of every variant with its intervals and its
// paired difference from the base.
#include <string>
#include <vector>

#include "analysis/comparison.hpp"
#include "analysis/decision.hpp"

namespace drsim::analysis {

// `answer` is the text the command prints before its tables (shown preformatted).
std::string render_comparison_html(const ComparisonResult& r, const std::string& title, const std::string& answer,
                                   const std::vector<ParetoFront>& fronts);

}  // namespace drsim::analysis
