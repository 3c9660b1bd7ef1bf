#pragma once
// The outputs of `drsim run`: the human summary (stdout), the results JSON
// (docs/results-format.md) and the CSV of trials x applications.
#include <ostream>
#include <string>

#include <nlohmann/json.hpp>

#include "analysis/study.hpp"
#include "models/cost_model.hpp"
#include "models/scenario.hpp"

namespace drsim::analysis {

// `cost` is the scenario's models::estimate_monthly_cost, computed once for both outputs.
std::string render_text_report(const models::Scenario& s, const StudyResult& r, const models::CostEstimate& cost);

inline constexpr int kResultsFormatVersion = 1;
nlohmann::ordered_json results_json(const models::Scenario& s, const StudyResult& r, const models::CostEstimate& cost);

// How the per-resource and fleet percentiles were taken: the JSON's "percentiles", and the
// text's line (empty in exact mode).
nlohmann::ordered_json percentiles_json(const MemoryPlan& m);
std::string percentiles_text(const MemoryPlan& m);
std::string memory_bytes_text(std::uint64_t bytes);  // "8.0 GiB"

// One row per trial x application (requires StudyOptions::keep_trial_rows).
std::string results_csv(const models::Scenario& s, const StudyResult& r);
// One row per trial x resource (requires StudyOptions::keep_resource_samples); streamed,
// since a fleet study has tens of millions of rows.
void write_resource_csv(std::ostream& out, const models::Scenario& s, const StudyResult& r);

// RFC 4180: the field quoted when it holds a comma, quote or line break.
std::string csv_field(const std::string& text);

// Shared wording.
std::string describe_failure(const models::Scenario& s, const models::Failure& f);
std::string status_text(const models::ResourceOutcome& o);  // "restored", "scaled out", ...
std::string human_seconds(double seconds);  // "4h05m"; fractions of a second are dropped
std::string wall_clock(const models::Scenario& s, sim::Time t);  // ISO-8601 UTC

}  // namespace drsim::analysis
