#pragma once
// `drsim strategies`: the four DR strategies of the user's workload side by side, per failure
// and application: RTO and RPO (median and p95 with its interval), whether each lands in AWS's
// documented band, compliance with its interval, the monthly cost, what gates each, and which
// recovery steps need a control plane (and whether the failure took it).
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "analysis/comparison.hpp"
#include "models/control_plane.hpp"
#include "scenarios/strategies.hpp"

namespace drsim::analysis {

// AWS's words for a strategy's RTO or RPO (REL13-BP02), read as a range of seconds
// [low, high): docs/strategies.md gives each reading.
struct Band {
  double low_s = 0, high_s = 0;
  std::string_view words;
};
struct StrategyBands {
  Band rto, rpo;
};
const StrategyBands& aws_band(scenarios::Strategy s);

enum class BandFit : std::uint8_t { within, below, above };
// Within when the median is at or above the band's low end and the p95 below its high end.
BandFit fit(const Band& band, double p50_s, double p95_s);
std::string_view to_string(BandFit f);

struct StrategyStudy {
  std::string scenario;
  ComparisonResult comparison;                 // variants in scenarios::kStrategies order
  std::vector<scenarios::DerivedStrategy> derived;
  std::vector<std::string> region_names;      // the scenario's Regions, by index
  std::vector<bool> region_failure;            // by compared failure: bands apply to Region losses
  // [strategy][compared failure]: the control-plane steps of trial 0.
  std::vector<std::vector<std::vector<models::ControlPlaneStep>>> control_plane;
  // [strategy][compared failure][compared application]: trial 0's critical path to its RTO
  // gate, root first: "orders-db (promoted, 10m) → app-server (standby serving, 0s)".
  std::vector<std::vector<std::vector<std::string>>> critical_path;
};

// Runs the derived strategies (`built[i]` loaded from `derived[i].document`) on the same trials.
StrategyStudy study_strategies(std::string scenario, std::vector<scenarios::DerivedStrategy> derived,
                               const std::vector<models::Scenario>& built, const ComparisonOptions& options);

std::string render_strategies_text(const StrategyStudy& study);
nlohmann::ordered_json strategies_json(const StrategyStudy& study);

}  // namespace drsim::analysis
