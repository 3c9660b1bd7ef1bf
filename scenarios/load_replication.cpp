// /protections, continued: continuous backups (cluster_automated_backups, dynamodb_pitr) and
// replication (s3_replication, efs_replication, rds_read_replica, aurora_global,
// dynamodb_global_table), and what AWS keeps on without being asked. Default lags and their
// sources: docs/models.md ("Replication").
#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

#include "scenarios/load_sections.hpp"
#include "scenarios/protection_targets.hpp"
#include "scenarios/values.hpp"

namespace drsim::scenarios {
namespace {

using models::Distribution;
using models::ResourceType;
using sim::kMinute;
using sim::kSecond;

constexpr std::string_view kClusterKeys[] = {"kind", "resources", "tags", "retention_days"};
constexpr std::string_view kPitrKeys[] = {"kind", "resources", "tags", "retention_days"};
constexpr std::string_view kS3Keys[] = {"kind", "resources", "tags", "to", "rtc", "lag"};
constexpr std::string_view kS3Required[] = {"to"};
constexpr std::string_view kEfsKeys[] = {"kind", "resources", "tags", "to", "lag"};
constexpr std::string_view kEfsRequired[] = {"to"};
constexpr std::string_view kReplicaKeys[] = {"kind", "resources", "tags", "to", "az", "lag"};
constexpr std::string_view kReplicaRequired[] = {"to"};
constexpr std::string_view kGlobalKeys[] = {"kind", "resources", "tags", "secondary", "secondaries", "headless", "lag"};
constexpr std::string_view kDrsKeys[] = {"kind", "resources", "tags", "to", "lag"};
constexpr std::string_view kDrsRequired[] = {"to"};
constexpr std::string_view kTableKeys[] = {"kind", "resources", "tags", "replicas", "consistency", "witness", "lag"};
constexpr std::string_view kTableRequired[] = {"replicas"};

constexpr std::size_t kMaxAuroraSecondaries = 10;  // "up to 10 secondary DB clusters"

// DynamoDB multi-Region strong consistency is offered within these Region sets.
const std::map<std::string_view, std::string_view>& mrsc_region_sets() {
  static const std::map<std::string_view, std::string_view> sets = {
      {"us-east-1", "US"},      {"us-east-2", "US"},      {"us-west-2", "US"},      {"eu-west-1", "EU"},
      {"eu-west-2", "EU"},      {"eu-west-3", "EU"},      {"eu-central-1", "EU"},   {"ap-northeast-1", "AP"},
      {"ap-northeast-2", "AP"}, {"ap-northeast-3", "AP"}};
  return sets;
}

void read_lag(LoadContext& ctx, const Node& n, Distribution& into) {
  if (n.present())
    if (auto d = read_distribution(n, ValueKind::duration, ctx.epoch)) into = *d;
}

// One Region name, or an array of them; each must differ from every target's Region unless
// `same_region_ok`.
std::vector<RegionIndex> read_regions(LoadContext& ctx, const Node& n, const std::vector<ResourceIndex>& targets,
                                      bool same_region_ok) {
  std::vector<RegionIndex> out;
  auto one = [&](const Node& item) {
    const auto region = same_region_ok ? ctx.read_region(item) : read_other_region(ctx, item, targets);
    if (!region) return;
    if (std::find(out.begin(), out.end(), *region) != out.end())
      item.error(fmt::format("Region {} is listed twice", ctx.s.regions[*region].name));
    else
      out.push_back(*region);
  };
  if (n.json().is_array()) {
    if (n.size() == 0) n.error("expected at least one Region");
    for (std::size_t i = 0; i < n.size(); ++i) one(n.at(i));
  } else {
    one(n);
  }
  return out;
}

void push_replication(LoadContext& ctx, const Node& n, models::Replication r) {
  if (r.to.empty()) return;
  ctx.replication_pointer.push_back(n.pointer());
  ctx.s.replications.push_back(std::move(r));
}

void load_cluster_backups(LoadContext& ctx, const Node& n) {
  if (!n.check_object("a cluster_automated_backups protection", keys(kClusterKeys))) return;
  models::ContinuousBackups c;
  c.kind = models::ContinuousKind::cluster_automated_backups;
  c.resources = read_targets(ctx, n, "cluster_automated_backups",
                             {ResourceType::aurora, ResourceType::documentdb, ResourceType::neptune});
  c.retention_days = 1;  // "the default backup retention period is one day regardless of how the DB cluster is created"
  if (Node r = n["retention_days"]; r.present())
    if (auto v = read_days_in(r, 1, 35, "is not possible: \"You can't disable automated backups on Aurora\"")) c.retention_days = *v;
  // "The latest restorable time ... typically within 5 minutes of the current time."
  c.interval = 5 * kMinute;
  ctx.continuous_pointer.push_back(n.pointer());
  ctx.s.continuous_backups.push_back(std::move(c));
}

void load_dynamodb_pitr(LoadContext& ctx, const Node& n) {
  if (!n.check_object("a dynamodb_pitr protection", keys(kPitrKeys))) return;
  models::ContinuousBackups c;
  c.kind = models::ContinuousKind::dynamodb_pitr;
  c.resources = read_targets(ctx, n, "dynamodb_pitr", {ResourceType::dynamodb});
  c.retention_days = 35;  // RecoveryPeriodInDays: "If no value is provided, the value will default to 35."
  if (Node r = n["retention_days"]; r.present())
    if (auto v = read_days_in(r, 1, 35)) c.retention_days = *v;
  // "LatestRestorableDateTime is typically 5 minutes before the current time."
  c.interval = 0;
  c.lag = Distribution::fixed(5 * kMinute);
  ctx.continuous_pointer.push_back(n.pointer());
  ctx.s.continuous_backups.push_back(std::move(c));
}

void load_s3_replication(LoadContext& ctx, const Node& n) {
  if (!n.check_object("an s3_replication protection", keys(kS3Keys), keys(kS3Required))) return;
  models::Replication r;
  r.kind = models::ReplicationKind::s3_replication;
  r.resources = read_targets(ctx, n, "s3_replication", {ResourceType::s3});
  if (Node v = n["rtc"]; v.present())
    if (auto b = read_bool(v)) r.rtc = *b;
  // With RTC "most objects ... in seconds, and 99.99 percent ... within 15 minutes"; without,
  // "The majority of objects replicate within 15 minutes, but they can sometimes take a
  // couple of hours".
  r.lag = r.rtc ? Distribution::lognormal(15 * kSecond, kMinute) : Distribution::lognormal(5 * kMinute, 30 * kMinute);
  read_lag(ctx, n["lag"], r.lag);
  if (Node to = n["to"]; to.present()) r.to = read_regions(ctx, to, r.resources, true);
  push_replication(ctx, n, std::move(r));
}

void load_efs_replication(LoadContext& ctx, const Node& n, std::set<ResourceIndex>& replicated) {
  if (!n.check_object("an efs_replication protection", keys(kEfsKeys), keys(kEfsRequired))) return;
  models::Replication r;
  r.kind = models::ReplicationKind::efs_replication;
  r.resources = read_targets(ctx, n, "efs_replication", {ResourceType::efs});
  for (ResourceIndex i : r.resources)
    if (!replicated.insert(i).second) {
      n.error(fmt::format("\"{}\" already has a replication configuration: \"A file system can be part of only one "
                          "replication configuration\"",
                          ctx.s.resources[i].id));
      return;
    }
  // "the majority of source file systems have their subsequent changes replicated to their
  // destination file systems within 15 minutes".
  r.lag = Distribution::uniform(kMinute, 15 * kMinute);
  read_lag(ctx, n["lag"], r.lag);
  if (Node to = n["to"]; to.present()) {
    r.to = read_regions(ctx, to, r.resources, true);
    if (r.to.size() > 1) to.error("an EFS file system replicates to one destination");
  }
  push_replication(ctx, n, std::move(r));
}

void load_rds_read_replica(LoadContext& ctx, const Node& n) {
  if (!n.check_object("an rds_read_replica protection", keys(kReplicaKeys), keys(kReplicaRequired))) return;
  models::Replication r;
  r.kind = models::ReplicationKind::rds_read_replica;
  r.resources = read_targets(ctx, n, "rds_read_replica", {ResourceType::rds});
  // AWS gives no typical lag ("a higher level of lag time for any read replica that is in a
  // different AWS Region"): drsim assumes up to a minute.
  r.lag = Distribution::uniform(kSecond, kMinute);
  read_lag(ctx, n["lag"], r.lag);
  if (Node to = n["to"]; to.present()) {
    if (auto region = ctx.read_region(to)) r.to.push_back(*region);
  }
  const Node az = n["az"];
  if (!r.to.empty()) {
    const bool same = std::any_of(r.resources.begin(), r.resources.end(),
                                  [&](ResourceIndex i) { return ctx.s.resources[i].region == r.to[0]; });
    if (az.present()) {
      auto name = read_string(az, "an AZ name");
      if (name)
        if (auto a = ctx.az_in_region(az, *name, r.to[0])) r.az = *a;
    } else if (same) {
      n.error("a read replica in its source's own Region needs \"az\": the AZ it runs in");
    }
    for (ResourceIndex i : r.resources)
      if (r.az != models::kNoAz && ctx.s.resources[i].az == r.az) {
        az.error(fmt::format("\"{}\" already runs in {}; its read replica is meant to survive that AZ",
                             ctx.s.resources[i].id, ctx.s.azs[r.az].name));
        break;
      }
  }
  push_replication(ctx, n, std::move(r));
}

void load_aurora_global(LoadContext& ctx, const Node& n) {
  if (!n.check_object("an aurora_global protection", keys(kGlobalKeys))) return;
  models::Replication r;
  r.kind = models::ReplicationKind::aurora_global;
  r.resources = read_targets(ctx, n, "aurora_global", {ResourceType::aurora});
  // "Aurora replicates data to the secondary AWS Regions with typical latency of under a second."
  r.lag = Distribution::uniform(0, kSecond);
  read_lag(ctx, n["lag"], r.lag);
  if (Node h = n["headless"]; h.present())
    if (auto b = read_bool(h)) r.headless = *b;
  const Node one = n["secondary"], many = n["secondaries"];
  if (one.present() == many.present()) {
    n.error("aurora_global needs one of \"secondary\" (a Region) or \"secondaries\" (an array of Regions)");
    return;
  }
  r.to = read_regions(ctx, one.present() ? one : many, r.resources, false);
  if (r.to.size() > kMaxAuroraSecondaries)
    many.error(fmt::format("{} secondary Regions; an Aurora global database has \"up to 10 secondary DB clusters\"",
                           r.to.size()));
  push_replication(ctx, n, std::move(r));
}

void load_global_table(LoadContext& ctx, const Node& n) {
  if (!n.check_object("a dynamodb_global_table protection", keys(kTableKeys), keys(kTableRequired))) return;
  models::Replication r;
  r.kind = models::ReplicationKind::dynamodb_global_table;
  r.resources = read_targets(ctx, n, "dynamodb_global_table", {ResourceType::dynamodb});
  if (Node c = n["consistency"]; c.present()) {
    if (auto text = read_string(c, "\"eventual\" (MREC) or \"strong\" (MRSC)")) {
      if (*text == "strong" || *text == "MRSC")
        r.strong = true;
      else if (*text != "eventual" && *text != "MREC")
        c.error(fmt::format("unknown consistency \"{}\"; expected \"eventual\" (MREC, the default) or \"strong\" (MRSC)", *text));
    }
  }
  // MREC: changes "are replicated to all other replicas, typically within a second or less";
  // MRSC: "a recovery point objective (RPO) of zero".
  r.lag = Distribution::uniform(0, kSecond);
  read_lag(ctx, n["lag"], r.lag);
  if (Node list = n["replicas"]; list.present()) {
    if (!list.json().is_array())
      list.wrong_type("an array of Region names");
    else
      r.to = read_regions(ctx, list, r.resources, false);
  }
  std::optional<RegionIndex> witness;
  if (Node w = n["witness"]; w.present()) {
    if (!r.strong) w.error("a witness belongs to a multi-Region strongly consistent (MRSC) table: set \"consistency\": \"strong\"");
    witness = read_other_region(ctx, w, r.resources);
    if (witness && std::find(r.to.begin(), r.to.end(), *witness) != r.to.end())
      w.error("\"The witness must be in a different Region than the replicas\"");
  }
  if (r.strong && !r.to.empty()) {
    // "A MRSC global table can be configured with either three replicas, or with two
    // replicas and one witness."
    const std::size_t replicas = r.to.size() + 1;  // the source table is a replica too
    const bool shape_ok = (replicas == 3 && !witness) || (replicas == 2 && witness);
    if (!shape_ok)
      n["replicas"].error(fmt::format(
          "an MRSC table here would have {} replicas{}; \"A MRSC global table can be configured with either three "
          "replicas, or with two replicas and one witness\"",
          replicas, witness ? " and a witness" : ""));
    // Within one Region set, checked when every Region is one AWS names.
    std::set<std::string_view> sets;
    bool known = true;
    auto note = [&](RegionIndex g) {
      const auto it = mrsc_region_sets().find(ctx.s.regions[g].name);
      if (it == mrsc_region_sets().end())
        known = false;
      else
        sets.insert(it->second);
    };
    for (RegionIndex g : r.to) note(g);
    if (witness) note(*witness);
    for (ResourceIndex i : r.resources) note(ctx.s.resources[i].region);
    if (known && sets.size() > 1)
      n["replicas"].error("an MRSC table's Regions must be within one Region set (US, EU or AP; DynamoDB Developer Guide)");
  }
  push_replication(ctx, n, std::move(r));
}

void load_drs(LoadContext& ctx, const Node& n) {
  if (!n.check_object("an elastic_disaster_recovery protection", keys(kDrsKeys), keys(kDrsRequired))) return;
  models::Replication r;
  r.kind = models::ReplicationKind::elastic_disaster_recovery;
  r.resources = read_targets(ctx, n, "elastic_disaster_recovery", {ResourceType::ebs});
  // "continuous block-level replication" with an RPO "typically in the sub-second range".
  r.lag = Distribution::uniform(0, kSecond);
  read_lag(ctx, n["lag"], r.lag);
  if (Node to = n["to"]; to.present()) {
    if (auto region = read_other_region(ctx, to, r.resources)) r.to.push_back(*region);
  }
  push_replication(ctx, n, std::move(r));
}

}  // namespace

bool load_continuous_or_replication(LoadContext& ctx, const Node& n, std::string_view kind) {
  if (kind == "cluster_automated_backups")
    load_cluster_backups(ctx, n);
  else if (kind == "dynamodb_pitr")
    load_dynamodb_pitr(ctx, n);
  else if (kind == "s3_replication")
    load_s3_replication(ctx, n);
  else if (kind == "efs_replication")
    load_efs_replication(ctx, n, ctx.efs_replicated);
  else if (kind == "rds_read_replica")
    load_rds_read_replica(ctx, n);
  else if (kind == "aurora_global")
    load_aurora_global(ctx, n);
  else if (kind == "dynamodb_global_table")
    load_global_table(ctx, n);
  else if (kind == "elastic_disaster_recovery")
    load_drs(ctx, n);
  else
    return false;
  return true;
}

void add_implicit_protections(LoadContext& ctx) {
  models::Scenario& s = ctx.s;
  // Aurora, DocumentDB and Neptune automated backups are always on ("You can't disable
  // automated backups on Aurora"), kept one day unless a protection says otherwise.
  std::vector<bool> covered(s.resources.size(), false);
  for (const auto& c : s.continuous_backups)
    if (c.kind == models::ContinuousKind::cluster_automated_backups)
      for (ResourceIndex r : c.resources) covered[r] = true;
  models::ContinuousBackups cluster;
  cluster.kind = models::ContinuousKind::cluster_automated_backups;
  cluster.retention_days = 1;
  cluster.interval = 5 * kMinute;
  cluster.implicit = true;
  // A cached volume's data is uploaded to S3 as it is written; "Storage Gateway provides
  // recovery points for each volume in a cached volume gateway architecture".
  models::ContinuousBackups cached;
  cached.kind = models::ContinuousKind::volume_recovery_point;
  cached.interval = 0;
  cached.lag = s.catalogue.of(ResourceType::storage_gateway)[models::Step::log_copy].fixed;
  cached.implicit = true;
  for (ResourceIndex r = 0; r < s.resources.size(); ++r) {
    const models::Resource& res = s.resources[r];
    if (res.placement() == models::Placement::cluster && !covered[r]) cluster.resources.push_back(r);
    if (res.type == ResourceType::storage_gateway && res.cached_volume) cached.resources.push_back(r);
  }
  for (auto* c : {&cluster, &cached}) {
    if (c->resources.empty() || !ctx.charge_references(ctx.root, c->resources.size())) continue;
    ctx.continuous_pointer.push_back("/resources");
    s.continuous_backups.push_back(std::move(*c));
  }
}

}  // namespace drsim::scenarios
