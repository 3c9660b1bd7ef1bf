#pragma once
// The four DR strategies of AWS (Well-Architected REL13-BP02, "Disaster Recovery of Workloads
// on AWS"), derived from the user's own scenario as four scenario documents that the loader
// validates like any other (docs/strategies.md):
//
//   strategy          data                                   compute in the DR Region    failover
//   backup & restore  the scenario's backups, no replication relaunched from images      as written
//   pilot light       + continuous replication of each store  off: launched at failover   as written
//   warm standby      + the same, S3 with RTC                 a scaled-down share running  ARC routing control, automatic
//   multi-site        + the same                              the whole fleet running      Route 53 failover records
//
// Continuous replication per type (the stores AWS names for pilot light): rds → a cross-Region
// read replica, aurora → an Aurora Global Database secondary, dynamodb → a global table replica,
// s3 → S3 Replication, efs → EFS replication, ebs → Elastic Disaster Recovery. Other types keep
// their backups only, and the derivation says so.
#include <array>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "models/scenario.hpp"
#include "scenarios/loader.hpp"

namespace drsim::scenarios {

enum class Strategy : std::uint8_t { backup_restore, pilot_light, warm_standby, multi_site };
inline constexpr std::array<Strategy, 4> kStrategies = {Strategy::backup_restore, Strategy::pilot_light,
                                                        Strategy::warm_standby, Strategy::multi_site};
std::string_view to_string(Strategy s);  // "backup & restore", "pilot light", ...
std::string_view file_slug(Strategy s);  // "backup-restore", "pilot-light", ...

struct StrategyOptions {
  double warm_running = 0.25;     // share of the fleet a warm standby keeps running
  bool keep_declaration = false;  // warm standby and multi-site also wait for the scenario's declaration
};

struct DerivedStrategy {
  Strategy strategy = Strategy::backup_restore;
  nlohmann::ordered_json document;
  std::vector<std::string> changes;  // what differs from the user's scenario, one line each
  std::vector<std::string> notes;    // what the strategy could not give a resource
};

struct StrategyDerivation {
  std::vector<DerivedStrategy> strategies;  // in kStrategies order
  std::vector<Diagnostic> errors;           // e.g. a Region with resources and no failover Region
};

// `document` is the scenario as written; `s` the same, loaded (it must have loaded without errors).
StrategyDerivation derive_strategies(const nlohmann::ordered_json& document, const models::Scenario& s,
                                     const StrategyOptions& options);

// The scenario's replication protections' kinds (removed for backup & restore).
bool is_replication_kind(std::string_view kind);

}  // namespace drsim::scenarios
