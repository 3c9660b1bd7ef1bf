#include "scenarios/strategies.hpp"

#include <algorithm>
#include <optional>
#include <set>

#include <fmt/format.h>

namespace drsim::scenarios {
namespace {

using models::ReplicationKind;
using models::ResourceType;
using nlohmann::ordered_json;

constexpr std::string_view kReplicationKinds[] = {"s3_replication",       "efs_replication",
                                                  "rds_read_replica",     "aurora_global",
                                                  "dynamodb_global_table", "elastic_disaster_recovery"};

// The continuous replication a strategy gives a data store of each type: the protection's
// kind, the key naming its destination Region(s), and whether that key takes an array.
struct ReplicationRecipe {
  ResourceType type;
  ReplicationKind kind;
  std::string_view kind_name;
  std::string_view region_key;
  bool region_array;
};
constexpr ReplicationRecipe kRecipes[] = {
    {ResourceType::rds, ReplicationKind::rds_read_replica, "rds_read_replica", "to", false},
    {ResourceType::aurora, ReplicationKind::aurora_global, "aurora_global", "secondary", false},
    {ResourceType::dynamodb, ReplicationKind::dynamodb_global_table, "dynamodb_global_table", "replicas", true},
    {ResourceType::s3, ReplicationKind::s3_replication, "s3_replication", "to", false},
    {ResourceType::efs, ReplicationKind::efs_replication, "efs_replication", "to", false},
    {ResourceType::ebs, ReplicationKind::elastic_disaster_recovery, "elastic_disaster_recovery", "to", false},
};

// Appends a line (through a string_view, which keeps GCC 12's -Warray-bounds false positive on
// a literal's conversion quiet).
void add_line(std::vector<std::string>& lines, std::string_view text) { lines.emplace_back(text); }

const ReplicationRecipe* recipe_for(ResourceType t) {
  for (const auto& r : kRecipes)
    if (r.type == t) return &r;
  return nullptr;
}

// How each strategy fails over (docs/strategies.md, "Failover"):
// - warm standby: an alarm-triggered ARC Region switch plan flips routing controls (state
//   converges in about 15 s), and clients follow within the record's TTL (60 s): 75 s;
// - multi-site: Route 53 failover records follow health checks that fail after 3 checks 30 s
//   apart (Route 53's defaults): detected in 90 s, clients follow within the 60 s TTL.
constexpr std::string_view kArcCutover = "75s";
constexpr std::string_view kHealthCheckDetection = "90s";
constexpr std::string_view kDnsTtlCutover = "60s";

class Deriver {
 public:
  Deriver(const ordered_json& doc, const models::Scenario& s, const StrategyOptions& opt)
      : doc_(doc), s_(s), opt_(opt) {}

  StrategyDerivation run() {
    StrategyDerivation out;
    check_failover_regions(out);
    if (!out.errors.empty()) return out;
    for (const Strategy st : kStrategies) out.strategies.push_back(derive(st));
    return out;
  }

 private:
  void check_failover_regions(StrategyDerivation& out) const {
    std::set<models::RegionIndex> reported;
    for (const auto& r : s_.resources) {
      if (r.region == models::kNoRegion || s_.recovery.failover_region[r.region] != models::kNoRegion) continue;
      if (!reported.insert(r.region).second) continue;
      out.errors.push_back({s_.source, "/recovery/failover_regions",
                            fmt::format("the strategies need a recovery Region for {} (it holds \"{}\"): add "
                                        "\"failover_regions\": {{\"{}\": \"<another Region>\"}}",
                                        s_.regions[r.region].name, r.id, s_.regions[r.region].name),
                            false});
    }
  }

  models::RegionIndex recovery_region(const models::Resource& r) const { return s_.recovery.failover_region[r.region]; }
  const std::string& region_name(models::RegionIndex g) const { return s_.regions[g].name; }

  // Whether the scenario already replicates resource r with `kind` (to `to`, or anywhere).
  bool replicated(models::ResourceIndex r, ReplicationKind kind, std::optional<models::RegionIndex> to) const {
    for (const auto& repl : s_.replications) {
      if (repl.kind != kind || std::find(repl.resources.begin(), repl.resources.end(), r) == repl.resources.end()) continue;
      if (!to || std::find(repl.to.begin(), repl.to.end(), *to) != repl.to.end()) return true;
    }
    return false;
  }

  DerivedStrategy derive(Strategy st) const {
    DerivedStrategy d;
    d.strategy = st;
    d.document = doc_;
    ordered_json& doc = d.document;
    doc["name"] = fmt::format("{} ({})", doc_.value("name", std::string("scenario")), to_string(st));
    const bool backup_restore = st == Strategy::backup_restore;

    // Backup & restore keeps backups only: the scenario's replication and standbys go.
    if (backup_restore) {
      if (doc.contains("protections") && doc["protections"].is_array()) {
        ordered_json kept = ordered_json::array();
        std::size_t removed = 0;
        for (const auto& p : doc["protections"]) {
          if (p.is_object() && p.contains("kind") && p["kind"].is_string() && is_replication_kind(p["kind"].get<std::string>()))
            ++removed;
          else
            kept.push_back(p);
        }
        if (removed > 0) d.changes.push_back(fmt::format("removed {} replication protection{}: backups only", removed,
                                                         removed == 1 ? "" : "s"));
        doc["protections"] = std::move(kept);
      }
      for (auto& entry : doc["resources"])
        if (entry.is_object() && entry.erase("standby") > 0)
          d.changes.push_back(fmt::format("{}: no standby; relaunched from its image", entry.value("id", std::string())));
      if (d.changes.empty()) add_line(d.changes, "the scenario as written (it has no replication or standby)");
      return d;
    }

    // Data: every store replicated continuously to its recovery Region, beside its backups.
    if (!doc.contains("protections") || !doc["protections"].is_array()) doc["protections"] = ordered_json::array();
    const bool rtc = st != Strategy::pilot_light;
    for (std::uint32_t g = 0; g < s_.groups.size(); ++g) {
      const models::ResourceGroup& group = s_.groups[g];
      const models::Resource& first = s_.resources[group.first];
      const models::RegionIndex to = recovery_region(first);
      if (first.type == ResourceType::ec2) {
        compute(d, g, to, st);
        continue;
      }
      if (!models::is_data_bearing(first.type)) continue;
      const ReplicationRecipe* recipe = recipe_for(first.type);
      if (!recipe) {
        d.notes.push_back(fmt::format("{} ({}): drsim models no continuous cross-Region replication for this type; it "
                                      "stays on its backups",
                                      group.id, models::to_string(first.type)));
        continue;
      }
      // EFS: "A file system can be part of only one replication configuration".
      const bool exists = recipe->kind == ReplicationKind::efs_replication
                              ? replicated(group.first, recipe->kind, std::nullopt)
                              : replicated(group.first, recipe->kind, to);
      if (exists && !(rtc && recipe->kind == ReplicationKind::s3_replication)) continue;
      ordered_json p = {{"kind", recipe->kind_name}, {"resources", ordered_json::array({group.id})}};
      if (recipe->region_array)
        p[std::string(recipe->region_key)] = ordered_json::array({region_name(to)});
      else
        p[std::string(recipe->region_key)] = region_name(to);
      if (recipe->kind == ReplicationKind::s3_replication && rtc) p["rtc"] = true;
      if (exists) {
        d.notes.push_back(fmt::format("{}: already replicated to {}; an RTC replication is added beside it", group.id,
                                      region_name(to)));
      }
      doc["protections"].push_back(std::move(p));
      d.changes.push_back(fmt::format("{}: {} to {}{}", group.id, recipe->kind_name, region_name(to),
                                      recipe->kind == ReplicationKind::s3_replication && rtc ? " with RTC" : ""));
    }
    failover(d, st);
    return d;
  }

  void compute(DerivedStrategy& d, std::uint32_t g, models::RegionIndex to, Strategy st) const {
    const double running = st == Strategy::pilot_light ? 0.0 : st == Strategy::warm_standby ? opt_.warm_running : 1.0;
    ordered_json& entry = d.document["resources"][g];
    entry["standby"] = {{"region", region_name(to)}, {"running", running}};
    const models::ResourceGroup& group = s_.groups[g];
    const models::Standby standby{to, running};
    if (running == 0)
      d.changes.push_back(fmt::format("{}: pilot light in {} (no instance running; launched at failover)", group.id,
                                      region_name(to)));
    else
      d.changes.push_back(fmt::format("{}: {} of {} instance{} running in {}", group.id, standby.running_instances(group.count),
                                      group.count, group.count == 1 ? "" : "s", region_name(to)));
  }

  void failover(DerivedStrategy& d, Strategy st) const {
    ordered_json& recovery = d.document["recovery"];
    if (st == Strategy::pilot_light) {
      add_line(d.changes, "failover as written: declared, then cut over");
      return;
    }
    if (st == Strategy::warm_standby) {
      recovery["routing"] = "arc";
      recovery["cutover"] = kArcCutover;
      d.changes.push_back(fmt::format("cutover by Route 53 ARC routing controls: {}", kArcCutover));
    } else {
      recovery["routing"] = "dns_failover";
      recovery["detection"] = kHealthCheckDetection;
      recovery["cutover"] = kDnsTtlCutover;
      d.changes.push_back(fmt::format("traffic shifted by Route 53 failover records: detected by health checks in {}, "
                                      "clients follow within the {} TTL",
                                      kHealthCheckDetection, kDnsTtlCutover));
    }
    if (!opt_.keep_declaration) {
      recovery["declaration"] = "0s";
      add_line(d.changes, st == Strategy::warm_standby ? "failover triggered by the alarm (no declaration to wait for)"
                                                       : "no declaration: traffic moves on its own");
    }
  }

  const ordered_json& doc_;
  const models::Scenario& s_;
  const StrategyOptions& opt_;
};

}  // namespace

std::string_view to_string(Strategy s) {
  switch (s) {
    case Strategy::backup_restore: return "backup & restore";
    case Strategy::pilot_light: return "pilot light";
    case Strategy::warm_standby: return "warm standby";
    case Strategy::multi_site: return "multi-site";
  }
  return "";
}

std::string_view file_slug(Strategy s) {
  switch (s) {
    case Strategy::backup_restore: return "backup-restore";
    case Strategy::pilot_light: return "pilot-light";
    case Strategy::warm_standby: return "warm-standby";
    case Strategy::multi_site: return "multi-site";
  }
  return "";
}

bool is_replication_kind(std::string_view kind) {
  return std::find(std::begin(kReplicationKinds), std::end(kReplicationKinds), kind) != std::end(kReplicationKinds);
}

StrategyDerivation derive_strategies(const ordered_json& document, const models::Scenario& s,
                                     const StrategyOptions& options) {
  return Deriver(document, s, options).run();
}

}  // namespace drsim::scenarios
