// /protections: service-native mechanisms that make recovery points outside AWS Backup.
//
// Native snapshot policies (here): rds_automated_backups, dlm_snapshots,
// fsx_automatic_backups, redshift_snapshots, storage_gateway_snapshots, and ami_copy.
// Continuous backups and replication: load_replication.cpp. Every range and refusal is the
// service's own, quoted in the message (sources in docs/models.md).
#include <array>

#include <fmt/format.h>

#include "models/duration_text.hpp"
#include "scenarios/did_you_mean.hpp"
#include "scenarios/load_sections.hpp"
#include "scenarios/protection_targets.hpp"
#include "scenarios/values.hpp"

namespace drsim::scenarios {
namespace {

using models::ResourceType;
using sim::kHour;
using sim::kMinute;

constexpr std::string_view kAllKinds[] = {"rds_automated_backups",     "dlm_snapshots",  "fsx_automatic_backups",
                                          "redshift_snapshots",        "storage_gateway_snapshots",
                                          "cluster_automated_backups", "dynamodb_pitr",  "ami_copy",
                                          "s3_replication",            "efs_replication", "rds_read_replica",
                                          "aurora_global",             "dynamodb_global_table",
                                          "elastic_disaster_recovery"};

constexpr std::string_view kRdsKeys[] = {"kind",         "resources",    "tags",
                                         "window",       "retention_days", "log_interval",
                                         "replicate_to", "start_delay"};
constexpr std::string_view kDlmKeys[] = {"kind",   "resources",  "tags",   "every",        "cron",   "times",
                                         "retain", "retain_for", "copy_to", "copies", "fast_restore", "start_delay"};
constexpr std::string_view kDlmCopyKeys[] = {"to", "retain_for"};
constexpr std::string_view kDlmCopyRequired[] = {"to"};
constexpr std::string_view kFsrKeys[] = {"azs", "count", "retain_for"};
constexpr std::string_view kFsrRequired[] = {"azs"};
constexpr std::string_view kFsxKeys[] = {"kind", "resources", "tags", "start_time", "retention_days", "start_delay"};
constexpr std::string_view kRedshiftKeys[] = {"kind", "resources", "tags", "retention_days", "copy_to", "copy_retention_days"};
constexpr std::string_view kSgwKeys[] = {"kind", "resources", "tags", "every", "start_hour"};
constexpr std::string_view kAmiKeys[] = {"kind", "resources", "tags", "copy_to"};
constexpr std::string_view kAmiRequired[] = {"copy_to"};

constexpr sim::Duration kMinLogInterval = kMinute;
constexpr int kMinRdsWindowMinutes = 30;  // RDS requires a backup window of >= 30 min
constexpr std::array<int, 8> kDlmHours = {1, 2, 3, 4, 6, 8, 12, 24};
constexpr std::size_t kMaxDlmCopies = 3;
constexpr std::size_t kMaxFsrAzs = 10;

// ---- rds_automated_backups --------------------------------------------------------------

void load_rds(LoadContext& ctx, const Node& n) {
  if (!n.check_object("an rds_automated_backups protection", keys(kRdsKeys))) return;
  models::SnapshotPolicy p;
  p.kind = models::NativeKind::rds_automated_backups;
  p.resources = read_targets(ctx, n, "rds_automated_backups", {ResourceType::rds});
  p.every = sim::kDay;
  p.anchor = 180 * kMinute;  // 03:00-03:30 UTC: drsim's default window
  p.retention.days = 7;
  p.log_interval = 5 * kMinute;
  int window_minutes = 30;
  if (Node w = n["window"]; w.present()) {
    if (auto text = read_string(w, "a daily window \"hh:mm-hh:mm\" in UTC, e.g. \"03:00-03:30\"")) {
      auto parsed = models::parse_time_window(*text);
      if (auto* err = std::get_if<std::string>(&parsed)) {
        w.error(fmt::format("invalid window \"{}\": {}", *text, *err));
      } else {
        const auto [start, end] = std::get<std::pair<int, int>>(parsed);
        window_minutes = ((end - start) % 1440 + 1440) % 1440;
        if (window_minutes < kMinRdsWindowMinutes)
          w.error(fmt::format("window \"{}\" lasts {} minutes; RDS requires a backup window of at least 30 minutes",
                              *text, window_minutes));
        p.anchor = start * kMinute;
      }
    }
  }
  // "The automated backup occurs during the daily backup window": somewhere in it.
  p.start_delay = models::Distribution::uniform(0, window_minutes * kMinute);
  read_start_delay(ctx, n["start_delay"], p.start_delay);
  if (Node r = n["retention_days"]; r.present())
    if (auto v = read_days_in(r, 1, 35, "disables automated backups")) p.retention.days = *v;
  if (Node l = n["log_interval"]; l.present()) {
    if (auto d = read_duration(l)) {
      if (*d < kMinLogInterval)
        l.error(fmt::format("log_interval {} is shorter than 1m", models::format_duration(*d)));
      else
        p.log_interval = *d;
    }
  }
  if (Node r = n["replicate_to"]; r.present()) {
    for (ResourceIndex i : p.resources)
      if (ctx.s.resources[i].db_cluster) {
        r.error(fmt::format("\"{}\" is a Multi-AZ DB cluster: \"Automated backup replication isn't supported for "
                            "Multi-AZ DB clusters\" (RDS User Guide)",
                            ctx.s.resources[i].id));
        break;
      }
    if (auto region = read_other_region(ctx, r, p.resources)) {
      // Snapshots and logs are copied "as soon as they are ready", kept as long as the source's.
      p.copies.push_back({*region, p.retention});
      p.logs_to = *region;
    }
  }
  ctx.snapshot_policy_pointer.push_back(n.pointer());
  ctx.s.snapshot_policies.push_back(std::move(p));
}

// ---- dlm_snapshots ----------------------------------------------------------------------

std::optional<models::Retention> read_dlm_retention(const Node& n) {
  const Node count = n["retain"], age = n["retain_for"];
  if (count.present() && age.present()) {
    n.error("give either \"retain\" (a count) or \"retain_for\" (an age), as DLM's RetainRule takes one of them");
    return std::nullopt;
  }
  models::Retention r;
  r.count = 7;
  if (count.present()) {
    auto v = read_int(count, 1, 1000, "a number of snapshots to keep, from 1 to 1000");
    if (!v) return std::nullopt;
    r.count = static_cast<std::int32_t>(*v);
  } else if (age.present()) {
    auto d = read_age_days(age);
    if (!d) return std::nullopt;
    r = {*d, -1};
  }
  return r;
}

void load_dlm(LoadContext& ctx, const Node& n) {
  if (!n.check_object("a dlm_snapshots protection", keys(kDlmKeys))) return;
  models::SnapshotPolicy p;
  p.kind = models::NativeKind::dlm_snapshots;
  p.resources = read_targets(ctx, n, "dlm_snapshots", {ResourceType::ebs});
  p.every = 12 * kHour;
  // "The operation occurs within a one-hour window following the specified time."
  p.start_delay = models::Distribution::uniform(0, kHour);
  read_start_delay(ctx, n["start_delay"], p.start_delay);
  const Node every = n["every"], cron = n["cron"], times = n["times"];
  if (every.present() && cron.present())
    n.error("give either \"every\" (an interval) or \"cron\", as DLM's CreateRule takes one of them");
  if (every.present()) {
    if (auto d = read_duration(every)) {
      const bool allowed =
          *d % kHour == 0 && std::find(kDlmHours.begin(), kDlmHours.end(), *d / kHour) != kDlmHours.end();
      if (!allowed)
        every.error(fmt::format("every {} is not a DLM interval: \"The supported values are 1, 2, 3, 4, 6, 8, 12, "
                                "and 24\" hours",
                                models::format_duration(*d)));
      else
        p.every = *d;
    }
  }
  if (cron.present()) {
    if (times.present()) times.error("\"times\" anchors an interval schedule; a cron expression names its own times");
    if (auto text = read_string(cron, "a cron expression, e.g. \"cron(0 9 ? * MON-FRI *)\"")) {
      auto parsed = models::CronSchedule::parse(*text, "", ctx.epoch);
      if (auto* err = std::get_if<models::CronError>(&parsed)) {
        cron.error(fmt::format("column {}: {} (in \"{}\")", err->column + 1, err->message, *text));
      } else {
        auto schedule = std::get<models::CronSchedule>(std::move(parsed));
        if (schedule.fires_more_than_hourly())
          cron.error(fmt::format("\"{}\" fires more than once an hour; DLM: \"The schedule interval must be between 1 "
                                 "hour and 1 year\"",
                                 *text));
        p.cron = std::move(schedule);
      }
    }
  }
  if (times.present()) {
    if (auto list = read_string_array(times, "an array with one time of day, e.g. [\"09:00\"]")) {
      if (list->size() != 1) {
        times.error("expected one time of day, e.g. [\"09:00\"]: a DLM schedule starts once per interval from it");
      } else if (auto minutes = read_time_of_day(list->front().node)) {
        p.anchor = *minutes * kMinute;
      }
    }
  }
  if (auto r = read_dlm_retention(n)) p.retention = *r;
  if (Node c = n["copy_to"]; c.present()) {
    // drsim's shorthand for one copy rule whose copies are kept like the snapshots.
    if (auto region = read_other_region(ctx, c, p.resources)) p.copies.push_back({*region, p.retention});
  }
  if (Node list = n["copies"]; list.present() && list.expect_array("an array of copy rules")) {
    for (std::size_t i = 0; i < list.size(); ++i) {
      const Node c = list.at(i);
      if (!c.check_object("a DLM copy rule", keys(kDlmCopyKeys), keys(kDlmCopyRequired))) continue;
      models::SnapshotCopyRule rule{models::kNoRegion, p.retention};
      if (Node to = c["to"]; to.present())
        if (auto region = read_other_region(ctx, to, p.resources)) rule.region = *region;
      if (Node age = c["retain_for"]; age.present())
        if (auto d = read_age_days(age)) rule.retention = {*d, -1};
      if (rule.region != models::kNoRegion) p.copies.push_back(rule);
    }
  }
  if (p.copies.size() > kMaxDlmCopies)
    n.error(fmt::format("{} copy Regions; DLM: \"snapshots can be copied to up to three Regions\"", p.copies.size()));
  if (Node f = n["fast_restore"]; f.present() && f.check_object("a fast_restore rule", keys(kFsrKeys), keys(kFsrRequired))) {
    if (Node azs = f["azs"]; azs.present()) {
      if (auto names = read_string_array(azs, "an array of AZ names")) {
        if (names->empty() || names->size() > kMaxFsrAzs)
          azs.error(fmt::format("{} AZs; a FastRestoreRule takes 1 to 10", names->size()));
        for (const auto& item : *names)
          if (auto a = ctx.az(item.node, item.text)) p.fast_restore.azs.push_back(*a);
      }
    }
    const Node count = f["count"], age = f["retain_for"];
    if (count.present() == age.present())
      f.error("give one of \"count\" or \"retain_for\": fast snapshot restore is enabled \"based on either a count or a "
              "time interval\"");
    if (count.present())
      if (auto v = read_int(count, 1, 1000, "a number of snapshots from 1 to 1000")) p.fast_restore.keep.count = static_cast<std::int32_t>(*v);
    if (age.present())
      if (auto d = read_age_days(age)) p.fast_restore.keep.days = *d;
  }
  ctx.snapshot_policy_pointer.push_back(n.pointer());
  ctx.s.snapshot_policies.push_back(std::move(p));
}

// ---- fsx_automatic_backups --------------------------------------------------------------

void load_fsx(LoadContext& ctx, const Node& n) {
  if (!n.check_object("an fsx_automatic_backups protection", keys(kFsxKeys))) return;
  models::SnapshotPolicy p;
  p.kind = models::NativeKind::fsx_automatic_backups;
  p.resources = read_targets(ctx, n, "fsx_automatic_backups",
                             {ResourceType::fsx_windows, ResourceType::fsx_lustre, ResourceType::fsx});
  bool lustre = false;
  for (ResourceIndex r : p.resources) {
    const models::Resource& res = ctx.s.resources[r];
    lustre |= res.type == ResourceType::fsx_lustre;
    if (res.scratch) {
      const Node at = n["resources"].present() ? n["resources"] : n["tags"];
      at.error(fmt::format("\"{}\" is a scratch FSx for Lustre file system: \"Amazon FSx doesn't support backups on "
                           "scratch file systems\"; use a PERSISTENT deployment",
                           res.id));
      break;
    }
  }
  p.every = sim::kDay;
  // "The window is 30 minutes starting from this specified time."
  p.start_delay = models::Distribution::uniform(0, 30 * kMinute);
  read_start_delay(ctx, n["start_delay"], p.start_delay);
  if (Node t = n["start_time"]; t.present())
    if (auto minutes = read_time_of_day(t)) p.anchor = *minutes * kMinute;
  // FSx for Windows keeps automatic backups 7 days unless told; for Lustre the default is 0
  // (automatic backups off), so a Lustre protection must say how long.
  p.retention.days = 7;
  if (Node r = n["retention_days"]; r.present()) {
    if (auto v = read_days_in(r, 1, 90, "disables automatic backups")) p.retention.days = *v;
  } else if (lustre) {
    n.error("FSx for Lustre keeps no automatic backups by default (AutomaticBackupRetentionDays 0); give "
            "\"retention_days\" from 1 to 90");
  }
  ctx.snapshot_policy_pointer.push_back(n.pointer());
  ctx.s.snapshot_policies.push_back(std::move(p));
}

// ---- redshift_snapshots -----------------------------------------------------------------

void load_redshift(LoadContext& ctx, const Node& n) {
  if (!n.check_object("a redshift_snapshots protection", keys(kRedshiftKeys))) return;
  models::SnapshotPolicy p;
  p.kind = models::NativeKind::redshift_snapshots;
  p.resources = read_targets(ctx, n, "redshift_snapshots", {ResourceType::redshift});
  // "a snapshot about every eight hours or following every 5 GB per node of data changes,
  // or whichever comes first"; "The default retention period is one day".
  p.every = 8 * kHour;
  p.also_by_change = true;
  p.retention.days = 1;
  if (Node r = n["retention_days"]; r.present())
    if (auto v = read_days_in(r, 1, 35, "cannot be set for automated snapshots of RA3 clusters")) p.retention.days = *v;
  const Node copy = n["copy_to"], copy_days = n["copy_retention_days"];
  if (copy_days.present() && !copy.present()) copy_days.error("copy_retention_days needs \"copy_to\"");
  if (copy.present()) {
    // "The default retention period for copied snapshots is seven days."
    models::SnapshotCopyRule rule{models::kNoRegion, {7, -1}};
    if (copy_days.present())
      if (auto v = read_days_in(copy_days, 1, 35)) rule.retention.days = *v;
    if (auto region = read_other_region(ctx, copy, p.resources)) {
      rule.region = *region;
      p.copies.push_back(rule);
    }
  }
  ctx.snapshot_policy_pointer.push_back(n.pointer());
  ctx.s.snapshot_policies.push_back(std::move(p));
}

// ---- storage_gateway_snapshots ----------------------------------------------------------

void load_sgw(LoadContext& ctx, const Node& n) {
  if (!n.check_object("a storage_gateway_snapshots protection", keys(kSgwKeys))) return;
  models::SnapshotPolicy p;
  p.kind = models::NativeKind::storage_gateway_snapshots;
  p.resources = read_targets(ctx, n, "storage_gateway_snapshots", {ResourceType::storage_gateway});
  // "The default snapshot schedule for volume is once every 24 hours."
  p.every = sim::kDay;
  if (Node e = n["every"]; e.present()) {
    if (auto d = read_duration(e)) {
      if (*d % kHour != 0 || *d < kHour || *d > 24 * kHour)
        e.error(fmt::format("every {} is not a Storage Gateway recurrence: RecurrenceInHours takes whole hours from 1 to 24",
                            models::format_duration(*d)));
      else
        p.every = *d;
    }
  }
  if (Node h = n["start_hour"]; h.present())
    if (auto v = read_int(h, 0, 23, "an hour of the day from 0 to 23 (StartAt)")) p.anchor = *v * kHour;
  ctx.snapshot_policy_pointer.push_back(n.pointer());
  ctx.s.snapshot_policies.push_back(std::move(p));
}

// ---- ami_copy ---------------------------------------------------------------------------

void load_ami(LoadContext& ctx, const Node& n) {
  if (!n.check_object("an ami_copy protection", keys(kAmiKeys), keys(kAmiRequired))) return;
  models::AmiCopy p;
  p.resources = read_targets(ctx, n, "ami_copy", {ResourceType::ami});
  if (Node c = n["copy_to"]; c.present())
    if (auto region = read_other_region(ctx, c, p.resources)) p.copy_to = *region;
  ctx.s.ami_copies.push_back(std::move(p));
}

void load_protection(LoadContext& ctx, const Node& n) {
  if (!n.expect_object("an object (a protection)")) return;
  const Node kind = n["kind"];
  if (!kind.present()) {
    n.error(fmt::format("missing required key \"kind\" in protection; expected one of: {}", list_names(keys(kAllKinds))));
    return;
  }
  auto name = read_string(kind, "a protection kind");
  if (!name) return;
  if (*name == "rds_automated_backups") return load_rds(ctx, n);
  if (*name == "dlm_snapshots") return load_dlm(ctx, n);
  if (*name == "fsx_automatic_backups") return load_fsx(ctx, n);
  if (*name == "redshift_snapshots") return load_redshift(ctx, n);
  if (*name == "storage_gateway_snapshots") return load_sgw(ctx, n);
  if (*name == "ami_copy") return load_ami(ctx, n);
  if (load_continuous_or_replication(ctx, n, *name)) return;
  kind.error(fmt::format("unknown protection kind \"{}\"; expected one of: {}{}", *name, list_names(keys(kAllKinds)),
                         did_you_mean(*name, keys(kAllKinds))));
}

}  // namespace

void load_protections(LoadContext& ctx) {
  const Node list = ctx.root["protections"];
  if (list.present() && list.expect_array("an array of protections"))
    for (std::size_t i = 0; i < list.size(); ++i) load_protection(ctx, list.at(i));
  add_implicit_protections(ctx);
}

}  // namespace drsim::scenarios
