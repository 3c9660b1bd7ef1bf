// AWS Backup rules as AWS documents them, by hand:
// - copies keep the source's creation date and retention unless the copy action has its own
//   Lifecycle; "a copy with a retention setting set to never expire will retain its source
//   recovery point's expiration date" (Developer Guide, "Backup and tag copy");
// - overlapping rules of one plan: "AWS Backup optimizes the backup and takes a backup for
//   the rule with the longer retention time. The optimization takes into account the full
//   start window" ("Backup plan options and configuration"); rules of other plans queue;
// - snapshot backups run "as frequently as hourly";
// - MoveToColdStorageAfterDays: "AWS Backup ignores this expression for other resource
//   types"; EBS goes to the archive tier with OptInToArchiveForSupportedResources, and "It can
//   take up to 72 hours to restore an archived snapshot";
// - "Concurrent backup copies per account outbound to a destination Region: 100" and
//   "Concurrent backup and copy jobs per resource: 1" (AWS Backup quotas).
#include <doctest/doctest.h>

#include "test_support.hpp"

using namespace drsim;
using namespace drsim::testing;

namespace {

// Weekly backups (Mondays 05:00, 10 minutes) kept 3 days, copied to us-west-2 in 20 minutes.
// 2026-01-05 is a Monday; the Region is lost on Friday 2026-01-09 at 12:00.
const char* kWeekly = R"js({
  "drsim": 1, "name": "weekly",
  "regions": [{"name": "us-east-1", "azs": ["us-east-1a", "us-east-1b"]}, {"name": "us-west-2", "azs": ["us-west-2a"]}],
  "vaults": [{"name": "v", "region": "us-east-1"}, {"name": "dr", "region": "us-west-2"}],
  "resources": [{"id": "vol", "type": "ebs", "region": "us-east-1", "az": "us-east-1a"}],
  "models": {"ebs": {"backup": {"fixed": "10m"}, "copy": {"fixed": "20m"}, "restore": {"fixed": "5m"}}},
  "backup_plans": [{"region": "us-east-1", "BackupPlan": {"BackupPlanName": "p", "Rules": [
      {"RuleName": "weekly", "TargetBackupVaultName": "v", "ScheduleExpression": "cron(0 5 ? * MON *)",
       "Lifecycle": {"DeleteAfterDays": 3},
       "CopyActions": [{"DestinationBackupVaultArn": "arn:aws:backup:us-west-2:1:backup-vault:dr"COPY}]}]},
    "Selections": [{"SelectionName": "s", "Resources": ["vol"]}]}],
  "recovery": {"detection": "0s", "declaration": "0s", "failover_regions": {"us-east-1": "us-west-2"}},
  "failures": [{"name": "region", "scope": "region", "target": "us-east-1", "at": "2026-01-09T12:00:00Z"}]})js";

}  // namespace

TEST_CASE("A copy keeps its source's creation date and retention") {
  SUBCASE("no Lifecycle on the copy action: deleted with the source, 3 days after Monday 05:00") {
    // The Monday copy expires Thursday 05:00, before the failure: nothing is left anywhere.
    const auto s = load_json(replace(kWeekly, "COPY", ""));
    const auto t = run_trial(s, "region");
    CHECK(t.resources[0].status == models::ResourceStatus::unrecoverable);
    CHECK(t.resources[0].cause == models::UnrecoverableCause::no_usable_point);
  }
  SUBCASE("the copy's own Lifecycle of 10 days: usable, RPO 4d07h from the source's creation date") {
    const auto s = load_json(replace(kWeekly, "COPY", R"js(, "Lifecycle": {"DeleteAfterDays": 10})js"));
    const auto t = run_trial(s, "region");
    REQUIRE(t.resources[0].status == models::ResourceStatus::restored);
    CHECK(t.resources[0].point.mechanism == models::Mechanism::backup_copy);
    CHECK(t.rpo(s, 0) == 4 * sim::kDay + hours(7));
    CHECK(t.resources[0].point.expires_at == 4 * sim::kDay + hours(5) + 10 * sim::kDay);
  }
  SUBCASE("a copy set never to expire still keeps the source's expiry") {
    const auto s = load_json(replace(kWeekly, "COPY", R"js(, "Lifecycle": {"DeleteAfterDays": -1})js"));
    CHECK(run_trial(s, "region").resources[0].status == models::ResourceStatus::unrecoverable);
  }
}

namespace {

// Hourly (kept 1 day) and daily at 05:00 (kept 35 days) in one plan; jobs take 10 minutes.
const char* kHourlyDaily = R"js({
  "drsim": 1, "name": "hourly-daily",
  "regions": [{"name": "us-east-1", "azs": ["us-east-1a", "us-east-1b"]}],
  "vaults": [{"name": "v", "region": "us-east-1"}],
  "resources": [{"id": "vol", "type": "ebs", "region": "us-east-1", "az": "us-east-1a"}],
  "models": {"ebs": {"backup": {"fixed": "10m"}}},
  "backup_plans": [{"region": "us-east-1", "BackupPlan": {"BackupPlanName": "p", "Rules": [
      {"RuleName": "hourly", "TargetBackupVaultName": "v", "ScheduleExpression": "cron(0 * ? * * *)",
       "StartWindowMinutes": WINDOW, "Lifecycle": {"DeleteAfterDays": 1}},
      {"RuleName": "daily", "TargetBackupVaultName": "v", "ScheduleExpression": "cron(0 5 ? * * *)",
       "StartWindowMinutes": WINDOW, "Lifecycle": {"DeleteAfterDays": 35}}]},
    "Selections": [{"SelectionName": "s", "Resources": ["vol"]}]}],
  "recovery": {"detection": "0s", "declaration": "0s"},
  "failures": [{"name": "at-0530", "scope": "az", "target": "us-east-1a", "at": "2026-01-03T05:30:00Z"},
               {"name": "at-1230", "scope": "az", "target": "us-east-1a", "at": "2026-01-03T12:30:00Z"},
               {"name": "at-1430", "scope": "az", "target": "us-east-1a", "at": "2026-01-03T14:30:00Z"}]})js";

}  // namespace

TEST_CASE("Overlapping rules of one plan: one backup, for the rule with the longer retention") {
  SUBCASE("60-minute start windows: only the 05:00 hourly job overlaps the daily one") {
    // Windows [05:00, 06:00) overlap; [04:00, 05:00) and [06:00, 07:00) only touch them.
    const auto s = load_json(replace(replace(kHourlyDaily, "WINDOW", "60"), "WINDOW", "60"));
    const auto t = run_trial(s, "at-0530");
    CHECK(s.backup_rules[t.resources[0].point.protection].name == "daily");
    CHECK(t.rpo(s, 0) == minutes(30));
    CHECK(t.resources[0].point.expires_at == 2 * sim::kDay + hours(5) + 35 * sim::kDay);
    CHECK(run_trial(s, "at-1230").rpo(s, 0) == minutes(30));  // the 12:00 hourly job ran
  }
  SUBCASE("the default 8-hour windows: the daily job's window swallows the hourly jobs from 22:00 to 12:00") {
    // Hourly a overlaps [05:00, 13:00) when 21:00 < a < 13:00. At 12:30 the newest backup is
    // the daily one at 05:00 (RPO 7h30m); the 13:00 and 14:00 jobs run again (RPO 30m at 14:30).
    const auto s = load_json(replace(replace(kHourlyDaily, "WINDOW", "480"), "WINDOW", "480"));
    const auto noon = run_trial(s, "at-1230");
    CHECK(s.backup_rules[noon.resources[0].point.protection].name == "daily");
    CHECK(noon.rpo(s, 0) == hours(7) + minutes(30));
    const auto later = run_trial(s, "at-1430");
    CHECK(s.backup_rules[later.resources[0].point.protection].name == "hourly");
    CHECK(later.rpo(s, 0) == minutes(30));
  }
  SUBCASE("rules of different plans are not merged: their jobs queue, one at a time per resource") {
    // Both are due at 05:00: hourly (first plan) runs 05:00-05:10, daily 05:10-05:20. At 05:30
    // the daily job (data 05:10) is the newest: RPO 20m.
    std::string json = replace(replace(kHourlyDaily, "WINDOW", "60"), "WINDOW", "60");
    json = replace(json, R"js(, "Lifecycle": {"DeleteAfterDays": 1}},)js",
                   R"js(, "Lifecycle": {"DeleteAfterDays": 1}}]},
      "Selections": [{"SelectionName": "s", "Resources": ["vol"]}]},
     {"region": "us-east-1", "BackupPlan": {"BackupPlanName": "q", "Rules": [)js");
    const auto s = load_json(json);
    const auto t = run_trial(s, "at-0530");
    CHECK(s.backup_rules[t.resources[0].point.protection].name == "daily");
    CHECK(t.rpo(s, 0) == minutes(20));
  }
}

TEST_CASE("AWS Backup snapshot rules run at most hourly") {
  const auto r = load_result(R"js({
    "drsim": 1, "name": "too-often",
    "regions": [{"name": "us-east-1", "azs": ["us-east-1a"]}],
    "vaults": [{"name": "v", "region": "us-east-1"}],
    "resources": [{"id": "vol", "type": "ebs", "region": "us-east-1", "az": "us-east-1a"}],
    "backup_plans": [{"region": "us-east-1", "BackupPlan": {"BackupPlanName": "p", "Rules": [
        {"RuleName": "half-hourly", "TargetBackupVaultName": "v", "ScheduleExpression": "cron(0/30 * ? * * *)"},
        {"RuleName": "hourly", "TargetBackupVaultName": "v", "ScheduleExpression": "cron(15 * ? * * *)"}]},
      "Selections": [{"SelectionName": "s", "Resources": ["vol"]}]}],
    "recovery": {}, "failures": [{"name": "f", "scope": "resource", "target": "vol", "at": "2026-01-02T00:00:00Z"}]})js");
  CHECK_REFUSES(r, "/backup_plans/0/BackupPlan/Rules/0/ScheduleExpression", "as frequently as hourly");
  CHECK(r.errors.size() == 1);
}

TEST_CASE("Cold storage only where AWS Backup has a cold tier") {
  // Weekly 05:00 backups moved to cold after 1 day; Thursday's failure finds Monday's backup.
  const std::string base = R"js({
    "drsim": 1, "name": "cold",
    "regions": [{"name": "us-east-1", "azs": ["us-east-1a", "us-east-1b"]}],
    "vaults": [{"name": "v", "region": "us-east-1"}],
    "resources": [{"id": "files", "type": "efs", "region": "us-east-1", "one_zone": true, "az": "us-east-1a"},
                  {"id": "db", "type": "rds", "region": "us-east-1", "az": "us-east-1a"},
                  {"id": "vol", "type": "ebs", "region": "us-east-1", "az": "us-east-1a"}],
    "models": {"efs": {"backup": {"fixed": "10m"}, "restore": {"fixed": "10m", "mib_per_s": 0}, "restore_cold": {"fixed": "5h"}},
               "rds": {"backup": {"fixed": "10m"}, "restore": {"fixed": "20m", "mib_per_s": 0}},
               "ebs": {"backup": {"fixed": "10m"}}},
    "backup_plans": [{"region": "us-east-1", "BackupPlan": {"BackupPlanName": "p", "Rules": [
        {"RuleName": "weekly", "TargetBackupVaultName": "v", "ScheduleExpression": "cron(0 5 ? * MON *)",
         "Lifecycle": {"MoveToColdStorageAfterDays": 1, "OptInToArchiveForSupportedResources": true}}]},
      "Selections": [{"SelectionName": "s", "Resources": ["files", "db", "vol"]}]}],
    "recovery": {"detection": "0s", "declaration": "0s"},
    "failures": [{"name": "thursday", "scope": "az", "target": "us-east-1a", "at": "2026-01-08T12:00:00Z"}]})js";
  const auto r = load_result(base);
  REQUIRE(r.scenario);
  const auto& s = *r.scenario;
  const auto t = run_trial(s, "thursday");
  // EFS (One Zone, impacted by the AZ) has a cold tier: 5h restore.
  CHECK(t.resources[0].cold);
  CHECK(t.rto(0) == hours(5));
  // RDS has none: the expression is ignored, a warm restore of 20m, and a warning.
  CHECK_FALSE(t.resources[1].cold);
  CHECK(t.rto(1) == minutes(20));
  CHECK_WARNS(r, "/backup_plans/0/BackupPlan/Rules/0/Lifecycle/MoveToColdStorageAfterDays",
              "MoveToColdStorageAfterDays is ignored for rds (\"db\")");
  // EBS with the archive opt-in: "up to 72 hours" to restore, plus the 5m volume creation.
  CHECK(t.resources[2].cold);
  CHECK(t.rto(2) == hours(72) + minutes(5));
}

namespace {

// Three volumes backed up daily at 05:00 (10 minutes) with a 30-minute copy each to us-west-2,
// through N copy slots into that Region.
std::string copy_limited(const std::string& slots) {
  return R"js({
    "drsim": 1, "name": "copy-slots",
    "regions": [{"name": "us-east-1", "azs": ["us-east-1a"]}, {"name": "us-west-2", "azs": ["us-west-2a"]}],
    "vaults": [{"name": "v", "region": "us-east-1"}, {"name": "dr", "region": "us-west-2"}],
    "resources": [{"id": "vol", "count": 3, "type": "ebs", "region": "us-east-1", "az": "us-east-1a"}],
    "models": {"ebs": {"backup": {"fixed": "10m"}, "copy": {"fixed": "30m"}}, "copy_jobs": {"concurrent_per_region": )js" +
         slots + R"js(}},
    "backup_plans": [{"region": "us-east-1", "BackupPlan": {"BackupPlanName": "p", "Rules": [
        {"RuleName": "daily", "TargetBackupVaultName": "v", "ScheduleExpression": "cron(0 5 ? * * *)",
         "CopyActions": [{"DestinationBackupVaultArn": "arn:aws:backup:us-west-2:1:backup-vault:dr"}]}]},
      "Selections": [{"SelectionName": "s", "Resources": ["vol"]}]}],
    "recovery": {"detection": "0s", "declaration": "0s", "failover_regions": {"us-east-1": "us-west-2"}},
    "failures": [{"name": "region", "scope": "region", "target": "us-east-1", "at": "2026-01-03T06:20:00Z"}]})js";
}

}  // namespace

TEST_CASE("Copy jobs queue behind the copy-job limit of the destination Region") {
  SUBCASE("one slot: copies run 05:10-05:40, 05:40-06:10 and 06:10-06:40") {
    // At 06:20 the third copy is still running: vol-3 falls back to yesterday's copy.
    const auto s = load_json(copy_limited("1"));
    const auto t = run_trial(s, "region");
    CHECK(t.rpo(s, 0) == minutes(80));
    CHECK(t.rpo(s, 1) == minutes(80));
    CHECK(t.resources[1].point.copy_wait == minutes(30));
    CHECK(t.rpo(s, 2) == sim::kDay + minutes(80));
    CHECK(t.resources[2].point.copy_wait == hours(1));
  }
  SUBCASE("as many slots as resources (the default 100): nobody waits") {
    const auto s = load_json(copy_limited("3"));
    const auto t = run_trial(s, "region");
    for (models::ResourceIndex r = 0; r < 3; ++r) {
      CHECK(t.rpo(s, r) == minutes(80));
      CHECK(t.resources[r].point.copy_wait == 0);
    }
    CHECK(load_json(copy_limited("\"unlimited\"")).copy_jobs.concurrent == 0);
    CHECK(models::CopyJobLimit{}.concurrent == 100);
  }
}

TEST_CASE("A backup's copy is a job of its resource: the next backup waits for it") {
  // Hourly backups of 10 minutes with a 70-minute copy each: the 01:00 job cannot start until
  // the 00:00 copy ends at 01:20 (data time 01:20); the copy of that runs to 02:40, so the
  // 02:00 job starts at 02:40 (data 02:40). At 03:00 the newest completed backup in the
  // Region is 02:40's (done 02:50): RPO 20m.
  const auto s = load_json(R"js({
    "drsim": 1, "name": "busy",
    "regions": [{"name": "us-east-1", "azs": ["us-east-1a", "us-east-1b"]}, {"name": "us-west-2", "azs": ["us-west-2a"]}],
    "vaults": [{"name": "v", "region": "us-east-1"}, {"name": "dr", "region": "us-west-2"}],
    "resources": [{"id": "vol", "type": "ebs", "region": "us-east-1", "az": "us-east-1a"}],
    "models": {"ebs": {"backup": {"fixed": "10m"}, "copy": {"fixed": "70m"}}},
    "backup_plans": [{"region": "us-east-1", "BackupPlan": {"BackupPlanName": "p", "Rules": [
        {"RuleName": "hourly", "TargetBackupVaultName": "v", "ScheduleExpression": "cron(0 * ? * * *)",
         "CopyActions": [{"DestinationBackupVaultArn": "arn:aws:backup:us-west-2:1:backup-vault:dr"}]}]},
      "Selections": [{"SelectionName": "s", "Resources": ["vol"]}]}],
    "recovery": {"detection": "0s", "declaration": "0s"},
    "failures": [{"name": "az", "scope": "az", "target": "us-east-1a", "at": "2026-01-01T03:00:00Z"}]})js");
  const auto t = run_trial(s, "az");
  CHECK(t.resources[0].point.data_time == hours(2) + minutes(40));
  CHECK(t.rpo(s, 0) == minutes(20));
}
