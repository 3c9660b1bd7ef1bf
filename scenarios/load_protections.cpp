// /protections: service-native mechanisms that make recovery points outside AWS Backup.
//
// Modelled: rds_automated_backups, dlm_snapshots, ami_copy. The other kinds of the format
// (replication, global databases, DynamoDB PITR) are recognised and refused with a message
// saying they are not modelled yet, rather than silently ignored or called unknown.
#include <array>

#include <fmt/format.h>

#include "models/duration_text.hpp"
#include "scenarios/did_you_mean.hpp"
#include "scenarios/load_sections.hpp"
#include "scenarios/values.hpp"

namespace drsim::scenarios {
namespace {

constexpr std::string_view kModelledKinds[] = {"rds_automated_backups", "dlm_snapshots", "ami_copy"};
constexpr std::string_view kRecognisedKinds[] = {"s3_replication", "efs_replication", "aurora_global", "dynamodb_pitr",
                                                 "dynamodb_global_table"};
constexpr std::string_view kAllKinds[] = {"rds_automated_backups", "dlm_snapshots",        "ami_copy",
                                          "s3_replication",        "efs_replication",      "aurora_global",
                                          "dynamodb_pitr",         "dynamodb_global_table"};

constexpr std::string_view kRdsKeys[] = {"kind",           "resources",    "tags",        "window",
                                         "retention_days", "log_interval", "replicate_to"};
constexpr std::string_view kDlmKeys[] = {"kind", "resources", "tags", "every", "retain", "copy_to"};
constexpr std::string_view kAmiKeys[] = {"kind", "resources", "tags", "copy_to"};
constexpr std::string_view kAmiRequired[] = {"copy_to"};

constexpr sim::Duration kMinLogInterval = sim::kMinute;
constexpr sim::Duration kMinDlmInterval = sim::kHour;  // DLM's shortest schedule interval
constexpr int kMinRdsWindowMinutes = 30;               // RDS requires a backup window of >= 30 min

bool is_one_of(std::string_view v, std::span<const std::string_view> list) {
  return std::find(list.begin(), list.end(), v) != list.end();
}

// The protected resources: `resources` (ids or fleet ids, each of `type`) or `tags` (every
// resource of `type` with all the tags). Exactly one of the two.
std::vector<ResourceIndex> select_targets(LoadContext& ctx, const Node& n, std::string_view kind,
                                          models::ResourceType type) {
  const Node ids = n["resources"], tags = n["tags"];
  if (ids.present() == tags.present()) {
    n.error(fmt::format("{} needs exactly one of \"resources\" (ids) or \"tags\" (a tag selection)", kind));
    return {};
  }
  const std::string_view type_name = models::to_string(type);
  if (ids.present()) {
    // A fleet's members share its type: checking the first member checks them all.
    auto list =
        read_resource_list(ctx, ids, "an array of resource ids", [&](const Node& item, const ResourceRange& range) {
          const auto& first = ctx.s.resources[range.first];
          if (first.type == type) return true;
          item.error(fmt::format("{} protects {} resources; \"{}\" is of type {}", kind, type_name,
                                 item.json().get<std::string>(), models::to_string(first.type)));
          return false;
        });
    if (!list) return {};
    if (ids.size() == 0) ids.error("expected at least one resource id");
    return *list;
  }
  auto tagged = read_tag_selection(ctx, tags);
  if (!tagged) return {};
  std::vector<ResourceIndex> out;
  for (ResourceIndex r : *tagged)
    if (ctx.s.resources[r].type == type) out.push_back(r);
  if (out.empty() && !ctx.resources_incomplete)
    tags.error(
        fmt::format("no {} resource has all these tags; the {} protection would protect nothing", type_name, kind));
  return out;
}

std::vector<ResourceIndex> read_targets(LoadContext& ctx, const Node& n, std::string_view kind,
                                        models::ResourceType type) {
  auto targets = select_targets(ctx, n, kind, type);
  if (!ctx.charge_references(n, targets.size())) targets.clear();
  return targets;
}

// A destination Region that must differ from every protected resource's Region.
std::optional<RegionIndex> read_other_region(LoadContext& ctx, const Node& n,
                                             const std::vector<ResourceIndex>& targets) {
  auto region = ctx.read_region(n);
  if (!region) return std::nullopt;
  for (ResourceIndex r : targets) {
    if (ctx.s.resources[r].region == *region) {
      n.error(fmt::format("\"{}\" is already in {}; copies go to another Region", ctx.s.resources[r].id,
                          ctx.s.regions[*region].name));
      return std::nullopt;
    }
  }
  return region;
}

void load_rds(LoadContext& ctx, const Node& n) {
  if (!n.check_object("an rds_automated_backups protection", keys(kRdsKeys))) return;
  models::RdsAutomatedBackups p;
  p.resources = read_targets(ctx, n, "rds_automated_backups", models::ResourceType::rds);
  if (Node w = n["window"]; w.present()) {
    if (auto text = read_string(w, "a daily window \"hh:mm-hh:mm\" in UTC, e.g. \"03:00-03:30\"")) {
      auto parsed = models::parse_time_window(*text);
      if (auto* err = std::get_if<std::string>(&parsed)) {
        w.error(fmt::format("invalid window \"{}\": {}", *text, *err));
      } else {
        const auto [start, end] = std::get<std::pair<int, int>>(parsed);
        const int length = ((end - start) % 1440 + 1440) % 1440;
        if (length < kMinRdsWindowMinutes)
          w.error(fmt::format("window \"{}\" lasts {} minutes; RDS requires a backup window of at least 30 minutes",
                              *text, length));
        p.window_start_minute = start;
        p.window_end_minute = end;
      }
    }
  }
  if (Node r = n["retention_days"]; r.present()) {
    if (r.json().is_number() && integral_value(r.json()) == 0.0) {
      r.error("retention 0 disables automated backups; expected 1 to 35 days");
    } else if (auto v = read_int(r, 1, 35, "a retention from 1 to 35 days")) {
      p.retention_days = static_cast<std::int32_t>(*v);
    }
  }
  if (Node l = n["log_interval"]; l.present()) {
    if (auto d = read_duration(l)) {
      if (*d < kMinLogInterval)
        l.error(fmt::format("log_interval {} is shorter than 1m", models::format_duration(*d)));
      else
        p.log_interval = *d;
    }
  }
  if (Node r = n["replicate_to"]; r.present())
    if (auto region = read_other_region(ctx, r, p.resources)) p.replicate_to = *region;
  ctx.s.rds_backups.push_back(std::move(p));
}

void load_dlm(LoadContext& ctx, const Node& n) {
  if (!n.check_object("a dlm_snapshots protection", keys(kDlmKeys))) return;
  models::DlmSnapshots p;
  p.resources = read_targets(ctx, n, "dlm_snapshots", models::ResourceType::ebs);
  if (Node e = n["every"]; e.present()) {
    if (auto d = read_duration(e)) {
      if (*d < kMinDlmInterval)
        e.error(fmt::format("every {} is shorter than 1h, the shortest Data Lifecycle Manager interval",
                            models::format_duration(*d)));
      else
        p.every = *d;
    }
  }
  if (Node r = n["retain"]; r.present())
    if (auto v = read_int(r, 1, 1000, "a number of snapshots to keep, from 1 to 1000"))
      p.retain = static_cast<std::int32_t>(*v);
  if (Node c = n["copy_to"]; c.present())
    if (auto region = read_other_region(ctx, c, p.resources)) p.copy_to = *region;
  ctx.s.dlm_policies.push_back(std::move(p));
}

void load_ami(LoadContext& ctx, const Node& n) {
  if (!n.check_object("an ami_copy protection", keys(kAmiKeys), keys(kAmiRequired))) return;
  models::AmiCopy p;
  p.resources = read_targets(ctx, n, "ami_copy", models::ResourceType::ami);
  if (Node c = n["copy_to"]; c.present())
    if (auto region = read_other_region(ctx, c, p.resources)) p.copy_to = *region;
  ctx.s.ami_copies.push_back(std::move(p));
}

void load_protection(LoadContext& ctx, const Node& n) {
  if (!n.expect_object("an object (a protection)")) return;
  const Node kind = n["kind"];
  if (!kind.present()) {
    n.error(fmt::format("missing required key \"kind\" in protection; expected one of: {}",
                        list_names(keys(kModelledKinds))));
    return;
  }
  auto name = read_string(kind, "a protection kind");
  if (!name) return;
  if (*name == "rds_automated_backups") return load_rds(ctx, n);
  if (*name == "dlm_snapshots") return load_dlm(ctx, n);
  if (*name == "ami_copy") return load_ami(ctx, n);
  if (is_one_of(*name, keys(kRecognisedKinds))) {
    kind.error(
        fmt::format("protection kind \"{}\" is recognised but not modelled in this version of drsim; "
                    "modelled kinds: {}",
                    *name, list_names(keys(kModelledKinds))));
    return;
  }
  kind.error(fmt::format("unknown protection kind \"{}\"; expected one of: {}{}", *name,
                         list_names(keys(kModelledKinds)), did_you_mean(*name, keys(kAllKinds))));
}

}  // namespace

void load_protections(LoadContext& ctx) {
  const Node list = ctx.root["protections"];
  if (!list.present() || !list.expect_array("an array of protections")) return;
  for (std::size_t i = 0; i < list.size(); ++i) load_protection(ctx, list.at(i));
}

}  // namespace drsim::scenarios
