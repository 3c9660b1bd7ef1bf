// The windowed backup history (what every trial uses) against the full replay from the
// epoch (the reference), on randomly generated scenarios: the newest usable recovery point
// must be the same point for every resource, failure instant, scope and trial.
#include <doctest/doctest.h>

#include <map>

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "models/backup_history.hpp"
#include "models/recovery_engine.hpp"
#include "sim/random.hpp"
#include "test_support.hpp"

using namespace drsim;
using json = nlohmann::json;

namespace {

struct Draw {
  sim::RandomStream rng;
  int pick(int n) { return static_cast<int>(rng.uniform01() * n) % n; }
  bool chance(double p) { return rng.uniform01() < p; }
  std::string minutes(int lo, int hi) { return fmt::format("{}m", lo + pick(hi - lo + 1)); }
};

json duration_model(Draw& d, bool allow_unbounded) {
  json fixed;
  switch (d.pick(allow_unbounded ? 4 : 3)) {
    case 0: fixed = d.minutes(1, 90); break;
    case 1: fixed = json{{"uniform", {d.minutes(1, 20), d.minutes(30, 200)}}}; break;
    case 2: fixed = json{{"triangular", {d.minutes(1, 10), d.minutes(11, 40), d.minutes(41, 300)}}}; break;
    default: fixed = json{{"lognormal", {{"p50", d.minutes(5, 20)}, {"p90", d.minutes(30, 240)}}}}; break;
  }
  return json{{"fixed", fixed}, {"mib_per_s", d.chance(0.5) ? 0 : 20 + d.pick(200)}};
}

// A random but valid scenario: volumes, databases, file systems and warehouses under AWS
// Backup plans (colliding hourly + daily rules merged within a plan, several plans queueing on
// one resource, long start windows and long jobs, copies with and without their own
// lifecycle, a copy-job limit small enough to queue, continuous backup) and every native
// snapshot policy (DLM with anchors, delays, copies and fast restore; RDS with logs;
// FSx, Redshift, Storage Gateway), plus replicas.
json random_scenario(std::uint64_t seed, std::vector<std::string>& failure_names) {
  Draw d{sim::RandomStream(seed, 0, 0, 0)};
  const bool unbounded = d.chance(0.3);
  json s = {{"drsim", 1}, {"name", fmt::format("random-{}", seed)},
            {"regions", {{{"name", "us-east-1"}, {"azs", {"us-east-1a", "us-east-1b"}}},
                         {{"name", "us-west-2"}, {"azs", {"us-west-2a"}}},
                         {{"name", "eu-west-1"}, {"azs", {"eu-west-1a"}}}}},
            {"vaults", {{{"name", "prod"}, {"region", "us-east-1"}}, {{"name", "dr"}, {"region", "us-west-2"}},
                        {{"name", "far"}, {"region", "eu-west-1"}}}},
            {"recovery", {{"detection", "0s"}, {"declaration", "0s"}, {"failover_regions", {{"us-east-1", "us-west-2"}}}}}};
  const char* types[] = {"ebs", "ebs", "rds", "efs", "redshift", "fsx_windows", "storage_gateway"};
  json resources = json::array();
  const int n = 2 + d.pick(7);
  std::map<std::string, std::vector<std::string>> by_type;
  for (int i = 0; i < n; ++i) {
    const std::string type = types[d.pick(7)];
    const std::string id = fmt::format("r{}", i);
    json r = {{"id", id}, {"type", type}, {"region", "us-east-1"}, {"size_gb", 1 + d.pick(3000)},
              {"change_gb_per_day", d.pick(400)}};
    if (type != "efs") r["az"] = "us-east-1a";
    if (type == "redshift") r["nodes"] = 1 + d.pick(4);
    resources.push_back(r);
    by_type[type].push_back(id);
  }
  s["resources"] = resources;
  json models = json::object();
  for (const char* t : {"ebs", "rds", "efs", "redshift", "fsx_windows", "storage_gateway"})
    models[t] = {{"backup", duration_model(d, unbounded)}, {"copy", duration_model(d, unbounded)}};
  models["rds"]["log_copy"] = {{"fixed", d.minutes(1, 20)}};
  models["backup_job"] = {{"start_delay", d.chance(0.5) ? json("0s") : json{{"uniform", {"0s", d.minutes(1, 120)}}}}};
  if (d.chance(0.4)) models["copy_jobs"] = {{"concurrent_per_region", 1 + d.pick(2)}};
  s["models"] = models;

  const char* schedules[] = {"cron(0 * * * ? *)",   "cron(30 0/2 * * ? *)", "cron(0 0/4 * * ? *)", "cron(15 0/6 * * ? *)",
                             "cron(0 0/12 * * ? *)", "cron(0 5 ? * * *)",    "cron(0 3 ? * MON-FRI *)", "cron(0 1 ? * SUN *)"};
  json plans = json::array();
  const int plan_count = 1 + d.pick(2);
  for (int p = 0; p < plan_count; ++p) {
    json rules = json::array();
    const int rule_count = 1 + d.pick(3);
    const bool collide = d.chance(0.4);  // hourly + daily at the same minute
    for (int k = 0; k < rule_count; ++k) {
      const int start_window = 60 + d.pick(480);
      const char* schedule = collide && k < 2 ? (k == 0 ? "cron(0 * ? * * *)" : "cron(0 5 ? * * *)") : schedules[d.pick(8)];
      json rule = {{"RuleName", fmt::format("rule{}", k)}, {"TargetBackupVaultName", "prod"},
                   {"ScheduleExpression", schedule}, {"StartWindowMinutes", start_window},
                   {"CompletionWindowMinutes", start_window + 1 + d.pick(d.chance(0.5) ? 120 : 3000)}};
      if (d.chance(0.6)) {
        const int cold = 1 + d.pick(10);
        rule["Lifecycle"] = d.chance(0.5) ? json{{"DeleteAfterDays", 1 + d.pick(20)}}
                                          : json{{"MoveToColdStorageAfterDays", cold}, {"DeleteAfterDays", cold + 90},
                                                 {"OptInToArchiveForSupportedResources", d.chance(0.5)}};
      }
      if (d.chance(0.6)) {
        json copy = {{"DestinationBackupVaultArn", "arn:aws:backup:us-west-2:1:backup-vault:dr"}};
        if (d.chance(0.5)) copy["Lifecycle"] = {{"DeleteAfterDays", d.chance(0.3) ? -1 : 1 + d.pick(30)}};
        rule["CopyActions"] = json::array({copy});
        if (d.chance(0.3))
          rule["CopyActions"].push_back(json{{"DestinationBackupVaultArn", "arn:aws:backup:eu-west-1:1:backup-vault:far"}});
      }
      rules.push_back(rule);
    }
    json selected = json::array();
    for (int i = 0; i < n; ++i)
      if (d.chance(0.6)) selected.push_back(fmt::format("r{}", i));
    if (selected.empty()) selected.push_back("r0");
    plans.push_back({{"region", "us-east-1"}, {"BackupPlan", {{"BackupPlanName", fmt::format("plan{}", p)}, {"Rules", rules}}},
                     {"Selections", {{{"SelectionName", "sel"}, {"Resources", selected}}}}});
  }
  // Continuous backup for the databases, in a plan of its own.
  if (!by_type["rds"].empty() && d.chance(0.5)) {
    json pitr = {{"RuleName", "pitr"}, {"TargetBackupVaultName", "prod"}, {"ScheduleExpression", "cron(0 0/6 * * ? *)"},
                 {"EnableContinuousBackup", true}, {"Lifecycle", {{"DeleteAfterDays", 1 + d.pick(34)}}}};
    json plan = {{"region", "us-east-1"}};
    plan["BackupPlan"] = {{"BackupPlanName", "pitr"}, {"Rules", json::array({pitr})}};
    plan["Selections"] = json::array({json{{"SelectionName", "dbs"}, {"Resources", by_type["rds"]}}});
    plans.push_back(plan);
  }
  s["backup_plans"] = plans;

  const char* dlm_every[] = {"1h", "2h", "3h", "4h", "6h", "8h", "12h", "24h"};
  json protections = json::array();
  if (!by_type["ebs"].empty() && d.chance(0.7)) {
    json dlm = {{"kind", "dlm_snapshots"}, {"resources", by_type["ebs"]}, {"every", dlm_every[d.pick(8)]},
                {"times", json::array({d.chance(0.5) ? "09:00" : "00:30"})}};
    if (d.chance(0.5))
      dlm["retain"] = 1 + d.pick(6);
    else
      dlm["retain_for"] = fmt::format("{}d", 1 + d.pick(5));
    if (d.chance(0.5))
      dlm["copies"] = json::array({json{{"to", "us-west-2"}, {"retain_for", "3d"}}, json{{"to", "eu-west-1"}}});
    if (d.chance(0.3)) dlm["fast_restore"] = {{"azs", json::array({"us-east-1b"})}, {"count", 1 + d.pick(3)}};
    protections.push_back(dlm);
  }
  if (!by_type["rds"].empty() && d.chance(0.7))
    protections.push_back({{"kind", "rds_automated_backups"}, {"resources", by_type["rds"]}, {"window", "02:00-02:30"},
                           {"retention_days", 1 + d.pick(7)}, {"log_interval", "5m"}, {"replicate_to", "us-west-2"}});
  if (!by_type["redshift"].empty())
    protections.push_back({{"kind", "redshift_snapshots"}, {"resources", by_type["redshift"]}, {"retention_days", 1 + d.pick(5)},
                           {"copy_to", "us-west-2"}});
  if (!by_type["fsx_windows"].empty())
    protections.push_back({{"kind", "fsx_automatic_backups"}, {"resources", by_type["fsx_windows"]}, {"start_time", "01:00"}});
  if (!by_type["storage_gateway"].empty())
    protections.push_back({{"kind", "storage_gateway_snapshots"}, {"resources", by_type["storage_gateway"]}, {"every", "6h"}});
  if (!by_type["efs"].empty() && d.chance(0.5))
    protections.push_back({{"kind", "efs_replication"}, {"resources", by_type["efs"]}, {"to", "us-west-2"}});
  s["protections"] = protections;

  json failures = json::array();
  for (int f = 0; f < 12; ++f) {
    // Most failures in the first two months; two of twelve up to 14 months on, where a
    // replay from the epoch is long and the window must still find the same point.
    const int day = f < 10 ? 1 + d.pick(60) : 61 + d.pick(340), hour = d.pick(24), minute = d.pick(60);
    const int year = 2026 + (day - 1) / 336, in_year = (day - 1) % 336;
    char at[32];
    std::snprintf(at, sizeof at, "%d-%02d-%02dT%02d:%02d:00Z", year, 1 + in_year / 28, 1 + in_year % 28, hour, minute);
    const bool region = d.chance(0.5);
    const std::string name = fmt::format("f{}", f);
    failures.push_back({{"name", name}, {"scope", region ? "region" : "az"}, {"target", region ? "us-east-1" : "us-east-1a"}, {"at", at}});
    failure_names.push_back(name);
  }
  s["failures"] = failures;
  return s;
}

bool same(const models::RecoveryPoint& a, const models::RecoveryPoint& b) {
  return a.mechanism == b.mechanism && a.protection == b.protection && a.copy_index == b.copy_index &&
         a.data_time == b.data_time && a.available_time == b.available_time && a.region == b.region &&
         a.cold_at == b.cold_at && a.expires_at == b.expires_at && a.base_data_time == b.base_data_time &&
         a.copy_wait == b.copy_wait && a.fast_restore_at == b.fast_restore_at;
}

// Compares, for every failure, `trials` trials and every resource of `s`, the newest usable
// point of the windowed history with the full replay's; counts into `compared`/`with_point`.
void compare_with_full_replay(const models::Scenario& s, std::uint64_t seed, std::uint64_t trials, std::size_t& compared,
                              std::size_t& with_point) {
  const models::ProtectionMap map(s);
  const models::BackupHistory history(s, map, s.latest_failure_instant());
  models::HistoryScratch scratch;
  std::vector<models::RecoveryPoint> full, recent;
  for (const auto& f : s.failures) {
    const sim::Time at = f.at.value();
    models::LostScope lost;
    if (f.scope == models::FailureScope::region) lost.region = static_cast<models::RegionIndex>(f.target);
    if (f.scope == models::FailureScope::az) lost.az = static_cast<models::AzIndex>(f.target);
    const auto recovery_region = f.scope == models::FailureScope::region ? models::RegionIndex{1} : models::RegionIndex{0};
    for (std::uint64_t trial = 0; trial < trials; ++trial) {
      const models::TrialKey key{seed, trial};
      for (models::ResourceIndex r = 0; r < s.resources.size(); ++r) {
        full.clear();
        recent.clear();
        history.collect(r, at, key, full);
        history.collect_recent(r, at, lost, key, recent, scratch);
        const int a = models::best_usable_point(full, at, lost, recovery_region);
        const int b = models::best_usable_point(recent, at, lost, recovery_region);
        INFO("seed " << seed << " failure " << f.name << " trial " << trial << " resource " << s.resources[r].id);
        REQUIRE((a < 0) == (b < 0));
        if (a >= 0) {
          CHECK(same(full[static_cast<std::size_t>(a)], recent[static_cast<std::size_t>(b)]));
          ++with_point;
        }
        ++compared;
      }
    }
  }
}

}  // namespace

TEST_CASE("Windowed backup history chooses the same point as the full replay (random scenarios)") {
  std::size_t compared = 0, with_point = 0;
  for (std::uint64_t seed = 1; seed <= 60; ++seed) {
    std::vector<std::string> failures;
    const auto s = testing::load_json(random_scenario(seed, failures).dump());
    compare_with_full_replay(s, seed, 3, compared, with_point);
  }
  MESSAGE(compared << " comparisons, " << with_point << " with a usable point");
  CHECK(compared > 2000);
  CHECK(with_point > compared / 2);
}

namespace {

// The skeleton of the two generators below: us-east-1 (two AZs, vault "prod") and us-west-2
// (vault "dr"), recovering into us-west-2, no detection or declaration time.
json two_region_scenario(const std::string& name) {
  return {{"drsim", 1}, {"name", name},
          {"regions", {{{"name", "us-east-1"}, {"azs", {"us-east-1a", "us-east-1b"}}}, {{"name", "us-west-2"}, {"azs", {"us-west-2a"}}}}},
          {"vaults", {{{"name", "prod"}, {"region", "us-east-1"}}, {{"name", "dr"}, {"region", "us-west-2"}}}},
          {"recovery", {{"detection", "0s"}, {"declaration", "0s"}, {"failover_regions", {{"us-east-1", "us-west-2"}}}}}};
}

// Failure `f`: the loss of us-east-1 or of us-east-1a (even odds), at a drawn hour and minute
// of day `day` of 2026 (in months of 28 days, so that every date exists).
json failure_on(Draw& d, int f, int day) {
  const int hour = d.pick(24), minute = d.pick(60);
  char at[32];
  std::snprintf(at, sizeof at, "2026-%02d-%02dT%02d:%02d:00Z", 1 + (day - 1) / 28, 1 + (day - 1) % 28, hour, minute);
  const bool region = d.chance(0.5);
  return {{"name", fmt::format("f{}", f)}, {"scope", region ? "region" : "az"},
          {"target", region ? "us-east-1" : "us-east-1a"}, {"at", at}};
}

// Every scenario `generate(seed)` for seeds 1..seeds, `trials` trials each, against the full
// replay; most comparisons must have a usable point, or the generator tests little.
void compare_generated(json (*generate)(std::uint64_t), std::uint64_t seeds, std::uint64_t trials) {
  std::size_t compared = 0, with_point = 0;
  for (std::uint64_t seed = 1; seed <= seeds; ++seed) {
    const auto s = testing::load_json(generate(seed).dump());
    compare_with_full_replay(s, seed, trials, compared, with_point);
  }
  MESSAGE(compared << " comparisons, " << with_point << " with a usable point");
  CHECK(with_point > compared / 2);
}

}  // namespace

namespace {

// Volumes whose jobs often overlap the next firing (long fixed durations, long start
// windows), so that the scenario-wide safe starts are far back and each trial's own draws
// must prove a recent one; failures up to half a year after the epoch.
json overlapping_jobs_scenario(std::uint64_t seed) {
  Draw d{sim::RandomStream(seed, 7, 0, 0)};
  const char* schedules[] = {"cron(0 * ? * * *)", "cron(0 0/2 * * ? *)", "cron(0 0/4 * * ? *)", "cron(0 5 ? * * *)"};
  const int every_hours[] = {1, 2, 4, 24};
  const int pick = d.pick(4);
  // Mean job time from 40% to 110% of the interval: from mostly idle to overloaded.
  const int mean = every_hours[pick] * 60 * (40 + d.pick(71)) / 100;
  const int spread = mean * (20 + d.pick(60)) / 100;
  json rule = {{"RuleName", "often"}, {"TargetBackupVaultName", "prod"}, {"ScheduleExpression", schedules[pick]},
               {"StartWindowMinutes", 60 + d.pick(600)}, {"CompletionWindowMinutes", 1440 + d.pick(1440)},
               {"Lifecycle", {{"DeleteAfterDays", 3 + d.pick(10)}}}};
  if (d.chance(0.7))
    rule["CopyActions"] = json::array({{{"DestinationBackupVaultArn", "arn:aws:backup:us-west-2:1:backup-vault:dr"}}});
  json rules = json::array({rule});
  if (d.chance(0.5))
    rules.push_back({{"RuleName", "daily"}, {"TargetBackupVaultName", "prod"}, {"ScheduleExpression", "cron(30 3 ? * * *)"},
                     {"StartWindowMinutes", 120}, {"CompletionWindowMinutes", 2880},
                     {"Lifecycle", {{"DeleteAfterDays", 30}}},
                     {"CopyActions", json::array({{{"DestinationBackupVaultArn", "arn:aws:backup:us-west-2:1:backup-vault:dr"}}})}});
  json s = two_region_scenario(fmt::format("overlapping-{}", seed));
  json resources = json::array();
  for (int i = 0; i < 3; ++i)
    resources.push_back({{"id", fmt::format("v{}", i)}, {"type", "ebs"}, {"region", "us-east-1"}, {"az", "us-east-1a"},
                         {"size_gb", 10 + d.pick(2000)}, {"change_gb_per_day", d.pick(300)}});
  s["resources"] = resources;
  s["backup_plans"] = json::array({{{"region", "us-east-1"}, {"BackupPlan", {{"BackupPlanName", "p"}, {"Rules", rules}}},
                                    {"Selections", {{{"SelectionName", "all"}, {"Resources", {"*"}}}}}}});
  const std::string lo = fmt::format("{}m", std::max(1, mean - spread)), hi = fmt::format("{}m", mean + spread);
  s["models"] = {{"ebs", {{"backup", {{"fixed", {{"uniform", {lo, hi}}}}, {"mib_per_s", d.chance(0.5) ? 0 : 100}}},
                          {"copy", {{"fixed", {{"uniform", {"5m", fmt::format("{}m", 6 + d.pick(60))}}}}, {"mib_per_s", 200}}}}},
                 {"backup_job", {{"start_delay", {{"uniform", {"0s", fmt::format("{}m", 1 + d.pick(30))}}}}}}};
  if (d.chance(0.3)) s["models"]["copy_jobs"] = {{"concurrent_per_region", 1 + d.pick(2)}};
  json failures = json::array();
  for (int f = 0; f < 8; ++f) failures.push_back(failure_on(d, f, 20 + d.pick(160)));
  s["failures"] = failures;
  return s;
}

}  // namespace

TEST_CASE("Windowed backup history chooses the same point as the full replay when jobs overlap the next firing") {
  compare_generated(overlapping_jobs_scenario, 40, 4);
}

namespace {

// Copies that queue for days at first and hardly at all later: one large volume whose first
// (full) copy holds the only copy slot for days, and small volumes copying daily into the
// same Region behind it. Their queues are busy while that copy runs, so the per-trial window
// search must look back as far as the copy waits of the jobs before it reach (the
// time-local lookback), and no further than it must later; failures in both periods.
json queued_copies_scenario(std::uint64_t seed) {
  Draw d{sim::RandomStream(seed, 11, 0, 0)};
  json copy = json::array({{{"DestinationBackupVaultArn", "arn:aws:backup:us-west-2:1:backup-vault:dr"}}});
  json rules = json::array({{{"RuleName", "daily"}, {"TargetBackupVaultName", "prod"}, {"ScheduleExpression", "cron(0 5 ? * * *)"},
                             {"StartWindowMinutes", 60 + d.pick(180)}, {"CompletionWindowMinutes", 300 + d.pick(480)},
                             {"Lifecycle", {{"DeleteAfterDays", 20 + d.pick(20)}}}, {"CopyActions", copy}}});
  if (d.chance(0.5))
    rules.push_back({{"RuleName", "six-hourly"}, {"TargetBackupVaultName", "prod"}, {"ScheduleExpression", "cron(0 0/6 * * ? *)"},
                     {"StartWindowMinutes", 60}, {"CompletionWindowMinutes", 240}, {"Lifecycle", {{"DeleteAfterDays", 3}}}});
  json s = two_region_scenario(fmt::format("queued-copies-{}", seed));
  json resources = json::array();
  // The large one: 2-6 TB at 5 MiB/s copies for 5-15 days.
  resources.push_back({{"id", "big"}, {"type", "ebs"}, {"region", "us-east-1"}, {"az", "us-east-1a"},
                       {"size_gb", 2000 + d.pick(4000)}, {"change_gb_per_day", 1 + d.pick(5)}});
  for (int i = 0; i < 3; ++i)
    resources.push_back({{"id", fmt::format("v{}", i)}, {"type", "ebs"}, {"region", "us-east-1"}, {"az", "us-east-1a"},
                         {"size_gb", 10 + d.pick(200)}, {"change_gb_per_day", 1 + d.pick(20)}});
  s["resources"] = resources;
  s["backup_plans"] = json::array({{{"region", "us-east-1"}, {"BackupPlan", {{"BackupPlanName", "p"}, {"Rules", rules}}},
                                    {"Selections", {{{"SelectionName", "all"}, {"Resources", {"*"}}}}}}});
  s["models"] = {{"ebs", {{"backup", {{"fixed", {{"uniform", {"5m", fmt::format("{}m", 10 + d.pick(80))}}}}, {"mib_per_s", 500}}},
                          {"copy", {{"fixed", {{"uniform", {"2m", fmt::format("{}m", 5 + d.pick(30))}}}}, {"mib_per_s", 5}}}}},
                 {"backup_job", {{"start_delay", {{"uniform", {"0s", fmt::format("{}m", 1 + d.pick(30))}}}}}},
                 {"copy_jobs", {{"concurrent_per_region", 1}}}};
  json failures = json::array();
  // Half while the first copy still holds the slot, half long after.
  for (int f = 0; f < 10; ++f) failures.push_back(failure_on(d, f, f < 5 ? 3 + d.pick(12) : 40 + d.pick(100)));
  s["failures"] = failures;
  return s;
}

}  // namespace

TEST_CASE("Windowed backup history chooses the same point as the full replay when copies queue for days") {
  compare_generated(queued_copies_scenario, 30, 4);
}
