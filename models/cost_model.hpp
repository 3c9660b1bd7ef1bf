#pragma once
// The monthly cost of a plan in its steady state, from its schedules and retention (not from
// a trial): what the retained recovery points occupy, warm and cold, in each vault or Region;
// what copies and replication move between Regions; what replicas store; and what a restore
// of each failure would be charged. Every formula is in docs/cost.md; prices come from the
// scenario's PriceTable.
//
// Steady state: a rule that fires f times a month and keeps points D days holds n = D·f/M
// points (M = 730 h / 24 = 30.42 days, AWS's month); incremental points of a resource of S GB
// that changes c GB a day hold one full copy and n − 1 increments of Δ = min(S, c·M/f).
// A point kept forever has no steady state; its storage is given after 12 months and marked.
#include <string>
#include <vector>

#include "models/scenario.hpp"

namespace drsim::models {

inline constexpr double kDaysPerMonth = 730.0 / 24.0;

// The group of a cost that belongs to the whole plan rather than to a resource (routing).
inline constexpr std::uint32_t kWholePlan = 0xFFFFFFFF;
// The /resources id a cost line names, or "(whole plan)".
std::string_view cost_owner(const Scenario& s, std::uint32_t group);

struct CostLine {
  std::uint32_t group = 0;  // the /resources entry (a fleet's members are summed into it); kWholePlan
  std::string mechanism;    // "AWS Backup rule efs-daily/daily", "DLM snapshots", "S3 replication"
  std::string component;    // "warm backup storage in us-east-1", "cross-Region transfer to us-west-2", ...
  double quantity = 0;      // in `unit`, per month
  std::string unit;         // "GB-month", "GB"
  std::string price_key;
  double usd_month = 0;
  bool grows = false;       // kept forever: the figure after 12 months, growing each month
};

struct Unpriced {
  std::uint32_t group = 0;
  std::string mechanism;
  std::string reason;
};

struct RestoreCharge {
  std::size_t failure = 0;
  double gb = 0;
  double usd = 0;
};

struct CostEstimate {
  double usd_month = 0;
  std::vector<CostLine> lines;       // by group, mechanism, component, in scenario order
  std::vector<Unpriced> unpriced;    // what has a cost the model cannot price from the scenario
  std::vector<RestoreCharge> restores;  // per failure: one restore of every resource it touches
  std::vector<std::string> unconfirmed;  // price keys used that no source confirms
  double unconfirmed_usd_month = 0;      // the part of the total they price
};

CostEstimate estimate_monthly_cost(const Scenario& s);

}  // namespace drsim::models
