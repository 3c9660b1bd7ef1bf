// The loader's checks of the keys the fidelity work added: each refusal names its place and,
// where AWS refuses the same thing, quotes AWS's rule.
#include <doctest/doctest.h>

#include "loader_support.hpp"

using namespace drsim::testing;

namespace {

Json base() {
  return Json::parse(R"js({
    "drsim": 1, "name": "keys",
    "regions": [{"name": "us-east-1", "azs": ["us-east-1a", "us-east-1b"]}, {"name": "us-west-2", "azs": ["us-west-2a"]}],
    "vaults": [{"name": "v", "region": "us-east-1"}],
    "resources": [
      {"id": "vol", "type": "ebs", "region": "us-east-1", "az": "us-east-1a"},
      {"id": "db", "type": "rds", "region": "us-east-1", "az": "us-east-1a"},
      {"id": "dw", "type": "redshift", "region": "us-east-1", "az": "us-east-1a"},
      {"id": "gw", "type": "storage_gateway", "region": "us-east-1", "az": "us-east-1a"},
      {"id": "bucket", "type": "s3", "region": "us-east-1"},
      {"id": "table", "type": "dynamodb", "region": "us-east-1"},
      {"id": "share", "type": "fsx_windows", "region": "us-east-1", "az": "us-east-1a"},
      {"id": "ledger", "type": "aurora", "region": "us-east-1", "az": "us-east-1a"}],
    "recovery": {"failover_regions": {"us-east-1": "us-west-2"}},
    "failures": [{"name": "az", "scope": "az", "target": "us-east-1a", "at": "2026-01-10T12:00:00Z"}]})js");
}

}  // namespace

TEST_CASE("loader: type-specific resource keys apply only where AWS has the option") {
  Json doc = base();
  doc["resources"][1]["nodes"] = 2;
  doc["resources"][1]["deployment"] = "SCRATCH_1";
  doc["resources"][0]["volume_type"] = "stored";
  doc["resources"][2]["nodes"] = 0;
  doc["resources"][3]["volume_type"] = "tape";
  doc["resources"][4]["one_zone"] = true;
  doc["resources"][1]["multi_az"] = "yes";
  const auto r = load(doc);
  CHECK_ERROR(r, "/resources/1/nodes", "\"nodes\" applies only to type redshift (compute nodes), not to rds");
  CHECK_ERROR(r, "/resources/1/deployment", "\"deployment\" applies only to type fsx_lustre");
  CHECK_ERROR(r, "/resources/0/volume_type", "\"volume_type\" applies only to type storage_gateway");
  CHECK_ERROR(r, "/resources/2/nodes", "expected a number of compute nodes from 1 to 128");
  CHECK_ERROR(r, "/resources/3/volume_type", "unknown volume_type \"tape\"; expected \"cached\" or \"stored\"");
  CHECK_ERROR(r, "/resources/4", "missing required key \"az\" in resource: type s3 lives in one AZ");
  CHECK_ERROR(r, "/resources/1/multi_az", "unknown multi_az \"yes\"; expected true, false, \"instance\"");
}

TEST_CASE("loader: models.copy_jobs and recovery.volume_initialization") {
  Json doc = base();
  doc["models"] = {{"copy_jobs", {{"concurrent_per_region", 0}, {"per_servic", true}}}};
  doc["recovery"]["volume_initialization"] = "eager";
  const auto r = load(doc);
  CHECK_ERROR(r, "/models/copy_jobs/concurrent_per_region", "expected a number of concurrent copy jobs >= 1, or \"unlimited\"");
  CHECK_ERROR(r, "/models/copy_jobs/per_servic", "(did you mean \"per_service\"?)");
  CHECK_ERROR(r, "/recovery/volume_initialization", "unknown volume_initialization \"eager\"; expected \"lazy\"");
  doc = base();
  doc["models"] = {{"copy_jobs", {{"concurrent_per_region", 5}, {"per_service", true}}}};
  const auto ok = load(doc);
  REQUIRE_LOADS(ok);
  CHECK(ok.scenario->copy_jobs.concurrent == 5);
  CHECK(ok.scenario->copy_jobs.per_service);
}

TEST_CASE("loader: DLM schedules, retention, copies and fast restore as DLM takes them") {
  Json doc = base();
  doc["protections"] = Json::array({
      {{"kind", "dlm_snapshots"}, {"resources", {"vol"}}, {"every", "12h"}, {"times", {"09:00", "21:00"}}},
      {{"kind", "dlm_snapshots"}, {"resources", {"vol"}}, {"cron", "cron(0 9 ? * * *)"}, {"times", {"09:00"}}},
      {{"kind", "dlm_snapshots"}, {"resources", {"vol"}}, {"retain", 3}, {"retain_for", "3d"}},
      {{"kind", "dlm_snapshots"}, {"resources", {"vol"}}, {"retain_for", "36h"},
       {"fast_restore", {{"azs", {"us-east-1b"}}, {"count", 1}, {"retain_for", "1d"}}}},
      {{"kind", "dlm_snapshots"}, {"resources", {"vol"}}, {"times", {"9am"}}, {"copies", {{{"to", "us-east-1"}}}}}});
  const auto r = load(doc);
  CHECK_ERROR(r, "/protections/0/times", "expected one time of day");
  CHECK_ERROR(r, "/protections/1/times", "a cron expression names its own times");
  CHECK_ERROR(r, "/protections/2", "give either \"retain\" (a count) or \"retain_for\" (an age)");
  CHECK_ERROR(r, "/protections/3/retain_for", "is not a whole number of days");
  CHECK_ERROR(r, "/protections/3/fast_restore", "based on either a count or a time interval");
  CHECK_ERROR(r, "/protections/4/times/0", "expected \"hh:mm\" (UTC)");
  CHECK_ERROR(r, "/protections/4/copies/0/to", "\"vol\" is already in us-east-1");
}

TEST_CASE("loader: FSx, Redshift and Storage Gateway schedules") {
  Json doc = base();
  doc["protections"] = Json::array({
      {{"kind", "fsx_automatic_backups"}, {"resources", {"share"}}, {"retention_days", 0}, {"start_time", "25:00"}},
      {{"kind", "redshift_snapshots"}, {"resources", {"dw"}}, {"copy_retention_days", 7}, {"retention_days", 36}},
      {{"kind", "storage_gateway_snapshots"}, {"resources", {"gw"}}, {"every", "30m"}, {"start_hour", 24}},
      {{"kind", "fsx_automatic_backups"}, {"resources", {"vol"}}}});
  const auto r = load(doc);
  CHECK_ERROR(r, "/protections/0/retention_days", "0 days disables automatic backups; expected 1 to 90 days");
  CHECK_ERROR(r, "/protections/0/start_time", "hour 25 out of range 00-23");
  CHECK_ERROR(r, "/protections/1/copy_retention_days", "copy_retention_days needs \"copy_to\"");
  CHECK_ERROR(r, "/protections/1/retention_days", "expected a number of days from 1 to 35");
  CHECK_ERROR(r, "/protections/2/every", "RecurrenceInHours takes whole hours from 1 to 24");
  CHECK_ERROR(r, "/protections/2/start_hour", "expected an hour of the day from 0 to 23");
  CHECK_ERROR(r, "/protections/3/resources/0", "fsx_automatic_backups protects fsx_windows, fsx_lustre or fsx resources");
}

TEST_CASE("loader: replication kinds") {
  Json doc = base();
  doc["protections"] = Json::array({
      {{"kind", "s3_replication"}, {"resources", {"bucket"}}, {"to", {"us-west-2", "us-west-2"}}, {"rtc", "yes"}},
      {{"kind", "aurora_global"}, {"resources", {"ledger"}}},
      {{"kind", "dynamodb_global_table"}, {"resources", {"table"}}, {"replicas", {"us-west-2"}}, {"consistency", "linear"}},
      {{"kind", "rds_read_replica"}, {"resources", {"db"}}, {"to", "us-east-1"}, {"az", "us-east-1a"}},
      {{"kind", "dynamodb_pitr"}, {"resources", {"table"}}, {"retention_days", 36}}});
  const auto r = load(doc);
  CHECK_ERROR(r, "/protections/0/to/1", "Region us-west-2 is listed twice");
  CHECK_ERROR(r, "/protections/0/rtc", "expected true or false");
  CHECK_ERROR(r, "/protections/1", "aurora_global needs one of \"secondary\" (a Region) or \"secondaries\"");
  CHECK_ERROR(r, "/protections/2/consistency", "unknown consistency \"linear\"");
  CHECK_ERROR(r, "/protections/3/az", "\"db\" already runs in us-east-1a");
  CHECK_ERROR(r, "/protections/4/retention_days", "expected a number of days from 1 to 35");
}

TEST_CASE("loader: AWS Backup lifecycle opt-in and continuous backups in cold storage") {
  Json doc = base();
  doc["backup_plans"] = Json::array({{{"region", "us-east-1"},
                                      {"BackupPlan",
                                       {{"BackupPlanName", "p"},
                                        {"Rules",
                                         {{{"RuleName", "pitr"}, {"TargetBackupVaultName", "v"}, {"EnableContinuousBackup", true},
                                           {"Lifecycle", {{"MoveToColdStorageAfterDays", 1}, {"DeleteAfterDays", 35},
                                                          {"OptInToArchiveForSupportedResources", "yes"}}}}}}}},
                                      {"Selections", {{{"SelectionName", "s"}, {"Resources", {"db"}}}}}}});
  const auto r = load(doc);
  CHECK_ERROR(r, "/backup_plans/0/BackupPlan/Rules/0/Lifecycle/MoveToColdStorageAfterDays",
              "\"Continuous backups don't support transition to cold storage");
  CHECK_ERROR(r, "/backup_plans/0/BackupPlan/Rules/0/Lifecycle/OptInToArchiveForSupportedResources", "expected true or false");
}

TEST_CASE("loader: an FSx ARN pattern selects FSx for Windows and Lustre file systems") {
  Json doc = base();
  doc["resources"].push_back(Json::parse(
      R"js({"id": "lustre", "type": "fsx_lustre", "region": "us-east-1", "az": "us-east-1a", "deployment": "PERSISTENT_1"})js"));
  doc["backup_plans"] = Json::array({{{"region", "us-east-1"},
                                      {"BackupPlan", {{"BackupPlanName", "p"}, {"Rules", {{{"RuleName", "r"}, {"TargetBackupVaultName", "v"}}}}}},
                                      {"Selections", {{{"SelectionName", "fsx"}, {"Resources", {"arn:aws:fsx:*:*:file-system/*"}}}}}}});
  const auto r = load(doc);
  REQUIRE_LOADS(r);
  // "share" (fsx_windows) is resource 6, "lustre" resource 8.
  CHECK(r.scenario->backup_rules[0].resources == std::vector<drsim::models::ResourceIndex>{6, 8});
}
