// RDS automated backups with transaction logs, cold tier and expiry, by hand.
#include <doctest/doctest.h>

#include "test_support.hpp"

using namespace drsim;
using namespace drsim::testing;

TEST_CASE("RDS logs: in-Region RPO within the log interval; Region loss uses the replicated logs") {
  // Daily snapshot at 03:00 UTC taking 10m (size 0), copied in 10m; logs every 5m, shipped
  // to us-west-2 5m after they are written.
  const auto s = load_json(R"js({
    "drsim": 1, "name": "rds-logs",
    "regions": [{"name": "us-east-1", "azs": ["us-east-1a", "us-east-1b"]},
                {"name": "us-west-2", "azs": ["us-west-2a"]}],
    "resources": [{"id": "db", "type": "rds", "region": "us-east-1", "az": "us-east-1a"}],
    "models": {"rds": {"backup": {"fixed": "10m"}, "copy": {"fixed": "10m"},
                       "log_copy": {"fixed": "5m"}, "restore": {"fixed": "40m", "mib_per_s": 0}}},
    "protections": [{"kind": "rds_automated_backups", "resources": ["db"], "window": "03:00-03:30",
                     "retention_days": 7, "log_interval": "5m", "replicate_to": "us-west-2"}],
    "recovery": {"detection": "0s", "declaration": "0s", "cutover": "0s",
                 "failover_regions": {"us-east-1": "us-west-2"}},
    "failures": [
      {"name": "az",        "scope": "az",     "target": "us-east-1a", "at": "2026-01-02T14:07:30Z"},
      {"name": "region",    "scope": "region", "target": "us-east-1",  "at": "2026-01-02T14:07:30Z"},
      {"name": "too-early", "scope": "az",     "target": "us-east-1a", "at": "2026-01-01T02:00:00Z"}]})js");
  const auto db = index_of(s, "db");

  SUBCASE("AZ loss at 14:07:30: logs up to 14:05:00 are in S3, RPO 2m30s (<= 5m)") {
    const auto t = run_trial(s, "az");
    CHECK(t.resources[db].point.mechanism == models::Mechanism::rds_pitr);
    CHECK(t.rpo(s, db) == 2 * sim::kMinute + 30 * sim::kSecond);
    CHECK(t.rpo(s, db) <= 5 * sim::kMinute);
    // The replay from the 03:00 snapshot adds nothing with no change rate: restore 40m.
    CHECK(t.rto(db) == minutes(40));
  }
  SUBCASE("Region loss: logs reach us-west-2 5m late, so 14:00:00 is the newest there: RPO 7m30s") {
    const auto t = run_trial(s, "region");
    CHECK(t.resources[db].point.mechanism == models::Mechanism::rds_pitr_replica);
    CHECK(t.rpo(s, db) == 7 * sim::kMinute + 30 * sim::kSecond);
    CHECK(t.resources[db].point.region == 1);
  }
  SUBCASE("Before the first snapshot there is nothing to restore from") {
    const auto t = run_trial(s, "too-early");
    CHECK(t.resources[db].status == models::ResourceStatus::unrecoverable);
  }
}

namespace {

const char* kWeeklyCold = R"js({
  "drsim": 1, "name": "cold",
  "regions": [{"name": "us-east-1", "azs": ["us-east-1a", "us-east-1b"]}],
  "vaults": [{"name": "v", "region": "us-east-1"}],
  "resources": [{"id": "vol", "type": "ebs", "region": "us-east-1", "az": "us-east-1a"}],
  "models": {"ebs": {"backup": {"fixed": "10m"}, "restore": {"fixed": "20m", "mib_per_s": 0},
                     "restore_cold": {"fixed": "5h", "mib_per_s": 0}}},
  "backup_plans": [{"region": "us-east-1", "BackupPlan": {"BackupPlanName": "p", "Rules": [
      {"RuleName": "weekly", "TargetBackupVaultName": "v", "ScheduleExpression": "cron(0 5 ? * MON *)",
       "Lifecycle": {"MoveToColdStorageAfterDays": 1, "OptInToArchiveForSupportedResources": true}},
      {"RuleName": "monthly", "TargetBackupVaultName": "v", "ScheduleExpression": "cron(0 6 1 * ? *)",
       "Lifecycle": {"DeleteAfterDays": 10}}]},
    "Selections": [{"SelectionName": "s", "Resources": ["vol"]}]}],
  "recovery": {"detection": "0s", "declaration": "0s", "cutover": "0s"},
  "failures": [
    {"name": "monday-noon",  "scope": "az", "target": "us-east-1a", "at": "2026-01-05T12:00:00Z"},
    {"name": "thursday",     "scope": "az", "target": "us-east-1a", "at": "2026-01-08T12:00:00Z"}]})js";

}  // namespace

TEST_CASE("Cold tier changes the restore time") {
  // 2026-01-05 is a Monday: the weekly job runs at 05:00 and goes cold a day later (EBS: to
  // the snapshot archive tier, which AWS Backup does only with OptInToArchiveForSupportedResources).
  const auto s = load_json(kWeeklyCold);
  const auto vol = index_of(s, "vol");
  SUBCASE("7 hours old: warm, restore 20m") {
    const auto t = run_trial(s, "monday-noon");
    CHECK(t.rpo(s, vol) == hours(7));
    CHECK_FALSE(t.resources[vol].cold);
    CHECK(t.rto(vol) == minutes(20));
  }
  SUBCASE("3 days old: cold, restore 5h") {
    const auto t = run_trial(s, "thursday");
    CHECK(t.rpo(s, vol) == 3 * sim::kDay + hours(7));
    CHECK(t.resources[vol].cold);
    CHECK(t.rto(vol) == hours(5));
  }
  SUBCASE("without the archive opt-in AWS Backup ignores the cold transition for EBS: warm, 20m") {
    std::string json = kWeeklyCold;
    const std::string opt_in = R"js(, "OptInToArchiveForSupportedResources": true)js";
    json.erase(json.find(opt_in), opt_in.size());
    const auto s = load_json(json);
    const auto t = run_trial(s, "thursday");
    CHECK_FALSE(t.resources[vol].cold);
    CHECK(t.rto(vol) == minutes(20));
  }
}

namespace {

const char* kMonthlyExpiring = R"js({
    "drsim": 1, "name": "expiry",
    "regions": [{"name": "us-east-1", "azs": ["us-east-1a", "us-east-1b"]}],
    "vaults": [{"name": "v", "region": "us-east-1"}],
    "resources": [{"id": "vol", "type": "ebs", "region": "us-east-1", "az": "us-east-1a"}],
    "models": {"ebs": {"backup": {"fixed": "10m"}}},
    "backup_plans": [{"region": "us-east-1", "BackupPlan": {"BackupPlanName": "p", "Rules": [
        {"RuleName": "monthly", "TargetBackupVaultName": "v", "ScheduleExpression": "cron(0 6 1 * ? *)",
         "Lifecycle": {"DeleteAfterDays": 10}}]},
      "Selections": [{"SelectionName": "s", "Resources": ["vol"]}]}],
    "recovery": {"detection": "0s", "declaration": "0s"},
    "failures": [
      {"name": "day-8",  "scope": "az", "target": "us-east-1a", "at": "2026-01-08T12:00:00Z"},
      {"name": "day-15", "scope": "az", "target": "us-east-1a", "at": "2026-01-15T12:00:00Z"}]})js";

}  // namespace

TEST_CASE("Expiry: a point deleted by its lifecycle is not usable") {
  // Monthly point of 2026-01-01 06:00, deleted after 10 days (2026-01-11 06:00).
  SUBCASE("alone: usable on day 8 (RPO 7d06h), gone on day 15: unrecoverable") {
    const auto s = load_json(kMonthlyExpiring);
    const auto vol = index_of(s, "vol");
    CHECK(run_trial(s, "day-8").rpo(s, vol) == 7 * sim::kDay + hours(6));
    const auto t = run_trial(s, "day-15");
    CHECK(t.resources[vol].status == models::ResourceStatus::unrecoverable);
  }
  SUBCASE("with a yearly point kept forever (2026-01-01 01:00) from another plan: expiry changes the point chosen") {
    // In its own plan, so AWS Backup does not merge the two rules (see "Overlapping rules").
    std::string json = kMonthlyExpiring;
    const std::string anchor = R"js("Selections": [{"SelectionName": "s", "Resources": ["vol"]}]}])js";
    json.replace(json.find(anchor), anchor.size(),
                 R"js("Selections": [{"SelectionName": "s", "Resources": ["vol"]}]},
      {"region": "us-east-1", "BackupPlan": {"BackupPlanName": "archive", "Rules": [
        {"RuleName": "yearly", "TargetBackupVaultName": "v", "ScheduleExpression": "cron(0 1 1 1 ? *)"}]},
       "Selections": [{"SelectionName": "s", "Resources": ["vol"]}]}])js");
    const auto s = load_json(json);
    const auto vol = index_of(s, "vol");
    const auto day8 = run_trial(s, "day-8");
    CHECK(s.backup_rules[day8.resources[vol].point.protection].name == "monthly");
    CHECK(day8.rpo(s, vol) == 7 * sim::kDay + hours(6));
    const auto day15 = run_trial(s, "day-15");
    CHECK(s.backup_rules[day15.resources[vol].point.protection].name == "yearly");
    CHECK(day15.rpo(s, vol) == 14 * sim::kDay + hours(11));
  }
}

TEST_CASE("AWS Backup continuous backup: point-in-time restore to the last 5-minute log boundary") {
  // Daily snapshot at 05:00 taking 10m; continuous backup on. Failure at 14:07:30 (AZ): the
  // vault restores to 14:05:00, RPO 2m30s, replaying from the 05:00 base.
  const auto s = load_json(R"js({
    "drsim": 1, "name": "pitr",
    "regions": [{"name": "us-east-1", "azs": ["us-east-1a", "us-east-1b"]}],
    "vaults": [{"name": "v", "region": "us-east-1"}],
    "resources": [{"id": "db", "type": "rds", "region": "us-east-1", "az": "us-east-1a"}],
    "models": {"rds": {"backup": {"fixed": "10m"}, "restore": {"fixed": "30m", "mib_per_s": 0}}},
    "backup_plans": [{"region": "us-east-1", "BackupPlan": {"BackupPlanName": "p", "Rules": [
        {"RuleName": "pitr", "TargetBackupVaultName": "v", "ScheduleExpression": "cron(0 5 ? * * *)",
         "EnableContinuousBackup": true, "Lifecycle": {"DeleteAfterDays": 35}}]},
      "Selections": [{"SelectionName": "s", "Resources": ["db"]}]}],
    "recovery": {"detection": "0s", "declaration": "0s"},
    "failures": [{"name": "az", "scope": "az", "target": "us-east-1a", "at": "2026-01-02T14:07:30Z"}]})js");
  const auto t = run_trial(s, "az");
  const auto db = index_of(s, "db");
  CHECK(t.resources[db].point.mechanism == models::Mechanism::backup_continuous);
  CHECK(t.rpo(s, db) == 2 * sim::kMinute + 30 * sim::kSecond);
  CHECK(t.resources[db].point.base_data_time == sim::kDay + hours(5));
}

TEST_CASE("A point stored in a third Region is copied to the recovery Region before the restore") {
  // The only copy is in eu-west-1, recovery runs in us-west-2: restore 20m + copy 45m.
  const auto s = load_json(R"js({
    "drsim": 1, "name": "third-region",
    "regions": [{"name": "us-east-1", "azs": ["us-east-1a"]}, {"name": "us-west-2", "azs": ["us-west-2a"]},
                {"name": "eu-west-1", "azs": ["eu-west-1a"]}],
    "resources": [{"id": "vol", "type": "ebs", "region": "us-east-1", "az": "us-east-1a", "size_gb": 100}],
    "models": {"ebs": {"backup": {"fixed": "5m", "mib_per_s": 0}, "copy": {"fixed": "45m", "mib_per_s": 0},
                       "restore": {"fixed": "20m", "mib_per_s": 0}}},
    "protections": [{"kind": "dlm_snapshots", "resources": ["vol"], "every": "6h", "retain": 4, "copy_to": "eu-west-1",
                     "start_delay": "0s"}],
    "recovery": {"detection": "0s", "declaration": "0s", "failover_regions": {"us-east-1": "us-west-2"}},
    "failures": [{"name": "region", "scope": "region", "target": "us-east-1", "at": "2026-01-02T08:00:00Z"}]})js");
  const auto t = run_trial(s, "region");
  const auto vol = index_of(s, "vol");
  CHECK(t.resources[vol].point.mechanism == models::Mechanism::snapshot_copy);
  CHECK(t.resources[vol].cross_region);
  CHECK(t.rpo(s, vol) == hours(2));   // the 06:00 snapshot's copy landed at 06:50
  CHECK(t.rto(vol) == minutes(65));   // 45m copy to us-west-2 + 20m restore
}
