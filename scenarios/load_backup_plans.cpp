// /backup_plans: AWS Backup plans in AWS's own JSON shape, validated the way AWS validates
// them (../shared/reference/aws-facts.md, "AWS Backup plans").
//
// Each element is {"region", "BackupPlan", "Selections"}, or a whole `get-backup-plan`
// response (or `create-backup-plan` input) with "region" and "Selections" added beside
// "BackupPlan"; the response's metadata is accepted and ignored.
#include <map>
#include <set>
#include <variant>

#include <fmt/format.h>

#include "models/cron.hpp"
#include "scenarios/backup_selections.hpp"
#include "scenarios/load_sections.hpp"
#include "scenarios/pseudo_arn.hpp"

namespace drsim::scenarios {
namespace {

constexpr std::string_view kEntryKeys[] = {"region", "BackupPlan", "Selections"};
constexpr std::string_view kEntryRequired[] = {"region", "BackupPlan"};
constexpr std::string_view kEntryIgnored[] = {
    "BackupPlanId",      "BackupPlanArn",          "VersionId",    "CreationDate",   "CreatorRequestId",
    "LastExecutionDate", "AdvancedBackupSettings", "DeletionDate", "BackupPlanTags", "ResponseMetadata"};
constexpr std::string_view kPlanKeys[] = {"BackupPlanName", "Rules"};
constexpr std::string_view kPlanIgnored[] = {"AdvancedBackupSettings"};
constexpr std::string_view kRuleKeys[] = {"RuleName",
                                          "TargetBackupVaultName",
                                          "ScheduleExpression",
                                          "ScheduleExpressionTimezone",
                                          "StartWindowMinutes",
                                          "CompletionWindowMinutes",
                                          "Lifecycle",
                                          "CopyActions",
                                          "EnableContinuousBackup"};
constexpr std::string_view kRuleRequired[] = {"RuleName", "TargetBackupVaultName"};
constexpr std::string_view kRuleIgnored[] = {"RuleId", "RecoveryPointTags", "IndexActions"};
constexpr std::string_view kLifecycleKeys[] = {"MoveToColdStorageAfterDays", "DeleteAfterDays",
                                              "OptInToArchiveForSupportedResources"};
constexpr std::string_view kCopyKeys[] = {"DestinationBackupVaultArn", "Lifecycle"};
constexpr std::string_view kCopyRequired[] = {"DestinationBackupVaultArn"};

constexpr std::string_view kDefaultSchedule = "cron(0 5 ? * * *)";  // AWS's default: 05:00 UTC daily
constexpr std::int64_t kDefaultStartWindow = 480;                   // minutes
constexpr std::int64_t kDefaultCompletionWindow = 10080;            // minutes (7 days)
constexpr std::int64_t kMinStartWindow = 60;
constexpr std::int64_t kMinColdDays = 90;  // AWS keeps cold recovery points at least 90 days
constexpr std::int64_t kMaxContinuousDays = 35;
constexpr std::int64_t kMaxInt32 = 2'147'483'647;

// -1 (AWS's "never") or a positive number of days.
std::optional<std::int32_t> read_days(const Node& n) {
  auto v = read_int(n, -1, kMaxInt32, "a number of days >= 1, or -1 for never");
  if (!v) return std::nullopt;
  if (*v == 0) {
    n.error("0 days is not allowed; expected a number of days >= 1, or -1 for never");
    return std::nullopt;
  }
  return static_cast<std::int32_t>(*v);
}

models::Lifecycle read_lifecycle(const Node& n) {
  models::Lifecycle life;
  if (!n.present() || !n.check_object("a Lifecycle", keys(kLifecycleKeys))) return life;
  if (Node c = n["MoveToColdStorageAfterDays"]; c.present())
    if (auto d = read_days(c)) life.cold_after_days = *d;
  if (Node d = n["DeleteAfterDays"]; d.present())
    if (auto v = read_days(d)) life.delete_after_days = *v;
  if (Node o = n["OptInToArchiveForSupportedResources"]; o.present())
    if (auto v = read_bool(o)) life.archive_opt_in = *v;
  if (life.cold_after_days > 0 && life.delete_after_days > 0 &&
      std::int64_t{life.delete_after_days} < std::int64_t{life.cold_after_days} + kMinColdDays) {
    n["DeleteAfterDays"].error(fmt::format(
        "DeleteAfterDays {} is less than MoveToColdStorageAfterDays {} + 90; AWS Backup keeps recovery points in "
        "cold storage for at least 90 days, so delete after {} days or later",
        life.delete_after_days, life.cold_after_days, std::int64_t{life.cold_after_days} + kMinColdDays));
  }
  return life;
}

// "arn:aws:backup:us-west-2:123456789012:backup-vault:dr-vault", or a plain vault name.
std::optional<VaultIndex> read_copy_vault(LoadContext& ctx, const Node& n) {
  auto text = read_name(n, "a backup vault ARN or vault name");
  if (!text) return std::nullopt;
  if (text->rfind("arn:", 0) != 0) return ctx.vault(n, *text);

  constexpr std::string_view kShape = "arn:aws:backup:REGION:ACCOUNT:backup-vault:NAME";
  constexpr std::string_view kPrefix = "backup-vault:";
  ArnFields arn;
  if (!split_arn(*text, arn) || arn.service != "backup" || arn.region.empty() || arn.resource.rfind(kPrefix, 0) != 0 ||
      arn.resource.size() == kPrefix.size() || arn.resource.find(':', kPrefix.size()) != std::string_view::npos) {
    n.error(fmt::format("malformed vault ARN \"{}\"; expected {}", *text, kShape));
    return std::nullopt;
  }
  const std::string_view name = arn.resource.substr(kPrefix.size());
  auto v = ctx.vault(n, std::string(name));
  if (!v) return std::nullopt;
  const RegionIndex region = ctx.s.vaults[*v].region;
  if (region != models::kNoRegion && ctx.s.regions[region].name != arn.region) {
    n.error(fmt::format("vault \"{}\" is in Region {} (see /vaults), but the ARN names Region {}", name,
                        ctx.s.regions[region].name, arn.region));
    return std::nullopt;
  }
  return v;
}

std::vector<models::CopyAction> read_copies(LoadContext& ctx, const Node& n) {
  std::vector<models::CopyAction> copies;
  if (!n.present() || !n.expect_array("an array of copy actions")) return copies;
  for (std::size_t i = 0; i < n.size(); ++i) {
    const Node c = n.at(i);
    if (!c.check_object("a copy action", keys(kCopyKeys), keys(kCopyRequired))) continue;
    std::optional<VaultIndex> vault;
    if (Node arn = c["DestinationBackupVaultArn"]; arn.present()) vault = read_copy_vault(ctx, arn);
    const Node lifecycle = c["Lifecycle"];
    models::Lifecycle life = read_lifecycle(lifecycle);
    if (vault) copies.push_back(models::CopyAction{*vault, lifecycle.present(), life});
  }
  return copies;
}

models::CronSchedule default_schedule(std::int64_t epoch) {
  return std::get<models::CronSchedule>(models::CronSchedule::parse(kDefaultSchedule, "", epoch));
}

models::CronSchedule read_schedule(LoadContext& ctx, const Node& rule) {
  std::string expression(kDefaultSchedule);
  std::string zone;
  const Node expr = rule["ScheduleExpression"], tz = rule["ScheduleExpressionTimezone"];
  if (expr.present()) {
    auto text = read_string(expr, "a cron expression, e.g. \"cron(0 5 ? * * *)\"");
    if (!text) return default_schedule(ctx.epoch);
    expression = *text;
  }
  if (tz.present()) {
    auto text = read_string(tz, "an IANA time zone name, e.g. \"Europe/Paris\"");
    if (!text) return default_schedule(ctx.epoch);
    zone = *text;
  }
  auto parsed = models::CronSchedule::parse(expression, zone, ctx.epoch);
  if (auto* err = std::get_if<models::CronError>(&parsed)) {
    if (tz.present() && err->message.rfind("unknown time zone", 0) == 0) {
      tz.error(
          fmt::format("{}; expected an IANA time zone name such as \"Etc/UTC\" or \"America/New_York\"", err->message));
    } else {
      // CronError columns are 0-based offsets into the text; people count from 1.
      (expr.present() ? expr : rule)
          .error(fmt::format("column {}: {} (in \"{}\")", err->column + 1, err->message, expression));
    }
    return default_schedule(ctx.epoch);
  }
  auto schedule = std::get<models::CronSchedule>(std::move(parsed));
  if (schedule.fires_more_than_hourly())
    expr.error(fmt::format(
        "\"{}\" fires more than once an hour; AWS Backup: \"You can also create a cron expression that creates "
        "snapshot backups as frequently as hourly\": name a single minute, e.g. \"cron(0 * ? * * *)\"",
        expression));
  return schedule;
}

// A rule with continuous backup, checked once its plan's selections are known.
struct RuleSite {
  Node continuous;  // its EnableContinuousBackup
};

void load_rule(LoadContext& ctx, const Node& n, std::uint32_t plan_index, const std::string& plan, RegionIndex plan_region,
               std::set<std::string>& rule_names, std::vector<RuleSite>& continuous_rules) {
  if (!n.check_object("a backup rule", keys(kRuleKeys), keys(kRuleRequired), keys(kRuleIgnored))) return;
  std::optional<std::string> name;
  if (Node v = n["RuleName"]; v.present()) {
    name = read_name(v, "a non-empty rule name");
    if (name && !rule_names.insert(*name).second) {
      v.error(fmt::format("duplicate rule name \"{}\" in plan \"{}\"", *name, plan));
      name.reset();
    }
  }
  // A plain index and flag rather than an optional: GCC's -Wmaybe-uninitialized misreads
  // the optional through the aggregate initialisation below.
  VaultIndex vault = 0;
  bool vault_ok = false;
  if (Node v = n["TargetBackupVaultName"]; v.present()) {
    const auto text = read_name(v, "a vault name");
    const auto found = text ? ctx.vault(v, *text) : std::nullopt;
    if (found) {
      vault = *found;
      vault_ok = true;
      const RegionIndex region = ctx.s.vaults[vault].region;
      if (plan_region != models::kNoRegion && region != models::kNoRegion && region != plan_region) {
        v.error(
            fmt::format("vault \"{}\" is in Region {}, but plan \"{}\" is for {}; a rule backs up into a vault "
                        "of its plan's Region (use CopyActions for other Regions)",
                        ctx.s.vaults[vault].name, ctx.s.regions[region].name, plan, ctx.s.regions[plan_region].name));
        vault_ok = false;
      }
    }
  }
  models::CronSchedule schedule = read_schedule(ctx, n);

  std::int64_t start = kDefaultStartWindow, completion = kDefaultCompletionWindow;
  bool start_ok = true;  // an invalid start window is reported once, not again against the completion window
  const Node start_node = n["StartWindowMinutes"], completion_node = n["CompletionWindowMinutes"];
  if (start_node.present()) {
    if (auto v = read_int(start_node, kMinStartWindow, kMaxInt32,
                          "a number of minutes >= 60 (AWS Backup's minimum start window)"))
      start = *v;
    else
      start_ok = false;
  }
  if (completion_node.present()) {
    if (auto v = read_int(completion_node, 1, kMaxInt32, "a number of minutes")) {
      completion = *v;
      if (start_ok && completion <= start)
        completion_node.error(
            fmt::format("CompletionWindowMinutes {} must be greater than StartWindowMinutes {}: "
                        "the completion window counts from the scheduled time and contains the "
                        "start window",
                        completion, start));
    }
  }

  models::Lifecycle life = read_lifecycle(n["Lifecycle"]);
  std::vector<models::CopyAction> copies = read_copies(ctx, n["CopyActions"]);

  bool continuous = false;
  if (Node c = n["EnableContinuousBackup"]; c.present())
    if (auto v = read_bool(c)) continuous = *v;
  if (continuous && life.delete_after_days != -1 && life.delete_after_days > kMaxContinuousDays) {
    n["Lifecycle"]["DeleteAfterDays"].error(fmt::format(
        "DeleteAfterDays {} is too long for continuous backup; AWS Backup keeps continuous backups 1 to 35 days",
        life.delete_after_days));
  } else if (continuous && life.delete_after_days == -1) {
    n["EnableContinuousBackup"].error(
        "continuous backup needs a retention: set Lifecycle.DeleteAfterDays to 1 to 35 days "
        "(AWS Backup keeps continuous backups at most 35 days)");
  }
  if (continuous && life.cold_after_days > 0)
    n["Lifecycle"]["MoveToColdStorageAfterDays"].error(
        "continuous backups cannot move to cold storage: \"Continuous backups don't support transition to cold "
        "storage because transition to cold requires a minimum transition period of 90 days, whereas continuous "
        "backups have a maximum retention period of 35 days\"");

  if (!name || !vault_ok) return;
  // Built whole: CronSchedule has no public default constructor, so neither does BackupRule.
  models::BackupRule rule{.plan_index = plan_index,
                          .plan = plan,
                          .name = *name,
                          .vault = vault,
                          .schedule = std::move(schedule),
                          .start_window = start * sim::kMinute,
                          .completion_window = completion * sim::kMinute,
                          .lifecycle = life,
                          .copies = std::move(copies),
                          .continuous = continuous,
                          .resources = {}};
  if (continuous) continuous_rules.push_back(RuleSite{n["EnableContinuousBackup"]});
  ctx.rule_pointer.push_back(n.pointer());
  ctx.s.backup_rules.push_back(std::move(rule));
}

// Continuous backup (point-in-time restore) exists only for some types; one message per
// offending type, naming an example, rather than one per selected resource.
void check_continuous(LoadContext& ctx, const RuleSite& site, const std::vector<ResourceIndex>& selected) {
  std::map<models::ResourceType, std::pair<ResourceIndex, std::size_t>> unsupported;
  for (ResourceIndex r : selected) {
    const auto type = ctx.s.resources[r].type;
    if (models::supports_continuous_backup(type)) continue;
    auto [it, fresh] = unsupported.try_emplace(type, r, 0);
    ++it->second.second;
  }
  for (const auto& [type, example] : unsupported) {
    const std::string more = example.second > 1 ? fmt::format(" and {} more", example.second - 1) : std::string();
    site.continuous.error(
        fmt::format("continuous backup is not supported for type {} (selected: \"{}\"{}); "
                    "AWS Backup offers it for Amazon S3, Amazon RDS and Aurora (and SAP HANA on EC2)",
                    models::to_string(type), ctx.s.resources[example.first].id, more));
  }
}

// What AWS Backup accepts in a selection but cannot back up makes no recovery point: the
// plan is accepted and its jobs for the resource fail. Warned about, and left out.
std::vector<ResourceIndex> backed_up(LoadContext& ctx, const Node& at, std::vector<ResourceIndex> selected) {
  // One warning per reason, naming an example, rather than one per selected resource.
  std::map<std::string, std::pair<ResourceIndex, std::size_t>> refused;
  std::erase_if(selected, [&](ResourceIndex r) {
    const models::Resource& res = ctx.s.resources[r];
    std::string why;
    if (res.scratch)
      why = "scratch FSx for Lustre file systems: \"Amazon FSx doesn't support backups on scratch file systems\", so "
            "their backup jobs fail";
    else if (!models::traits(res.type).aws_backup)
      why = fmt::format("type {}, which AWS Backup does not back up", models::to_string(res.type));
    if (why.empty()) return false;
    auto [it, fresh] = refused.try_emplace(why, r, 0);
    ++it->second.second;
    return true;
  });
  for (const auto& [why, example] : refused) {
    const std::string more = example.second > 1 ? fmt::format(" and {} more", example.second - 1) : std::string();
    at.warn(fmt::format("selects \"{}\"{} of {}; they get no recovery point from this plan",
                        ctx.s.resources[example.first].id, more, why));
  }
  return selected;
}

void load_plan(LoadContext& ctx, const Node& n, std::uint32_t plan_index,
               std::set<std::pair<RegionIndex, std::string>>& plan_names) {
  if (!n.check_object("a backup plan entry", keys(kEntryKeys), keys(kEntryRequired), keys(kEntryIgnored))) return;
  PlanScope scope;
  if (Node r = n["region"]; r.present())
    if (auto region = ctx.read_region(r)) scope.region = *region;

  const Node plan = n["BackupPlan"];
  if (!plan.present() || !plan.check_object("a BackupPlan", keys(kPlanKeys), keys(kPlanKeys), keys(kPlanIgnored)))
    return;
  if (Node v = plan["BackupPlanName"]; v.present()) {
    if (auto name = read_name(v, "a non-empty plan name")) {
      scope.plan = *name;
      if (!plan_names.insert({scope.region, *name}).second)
        v.error(fmt::format("duplicate backup plan name \"{}\" in the same Region", *name));
    }
  }

  const std::size_t first_rule = ctx.s.backup_rules.size();
  std::vector<RuleSite> continuous;
  if (Node rules = plan["Rules"]; rules.present() && rules.expect_array("an array of backup rules")) {
    if (rules.size() == 0) rules.error("a backup plan needs at least one rule");
    std::set<std::string> rule_names;
    for (std::size_t i = 0; i < rules.size(); ++i)
      load_rule(ctx, rules.at(i), plan_index, scope.plan, scope.region, rule_names, continuous);
  }

  // Every rule of a plan backs up what the plan's selections select.
  const std::vector<ResourceIndex> selected = backed_up(ctx, n["Selections"], read_selections(ctx, n["Selections"], scope));
  for (std::size_t r = first_rule; r < ctx.s.backup_rules.size(); ++r)
    if (ctx.charge_references(n["Selections"], selected.size())) ctx.s.backup_rules[r].resources = selected;
  for (const RuleSite& site : continuous) check_continuous(ctx, site, selected);
}

}  // namespace

void load_backup_plans(LoadContext& ctx) {
  const Node list = ctx.root["backup_plans"];
  if (!list.present() || !list.expect_array("an array of backup plans")) return;
  std::set<std::pair<RegionIndex, std::string>> plan_names;
  for (std::size_t i = 0; i < list.size(); ++i) load_plan(ctx, list.at(i), static_cast<std::uint32_t>(i), plan_names);
}

}  // namespace drsim::scenarios
