// `validate` warnings for plans that AWS accepts but that cannot work, and vault keys.
#include <doctest/doctest.h>

#include "analysis/walkthrough.hpp"
#include "test_support.hpp"

using namespace drsim;
using namespace drsim::testing;

namespace {

// A 1000 GB EFS file system under a daily rule into a vault, copied to us-west-2.
const char* kFiles = R"js({
  "drsim": 1, "name": "files",
  "regions": [{"name": "us-east-1", "azs": ["us-east-1a", "us-east-1b"]}, {"name": "us-west-2", "azs": ["us-west-2a"]}],
  "vaults": [{"name": "v", "region": "us-east-1"}, {"name": "dr", "region": "us-west-2"VAULT}],
  "resources": [{"id": "files", "type": "efs", "region": "us-east-1", "size_gb": 1000, "change_gb_per_day": 20}],
  "backup_plans": [{"region": "us-east-1", "BackupPlan": {"BackupPlanName": "p", "Rules": [
      {"RuleName": "r", "TargetBackupVaultName": "v", "ScheduleExpression": "SCHEDULE", "StartWindowMinutes": 60,
       "CompletionWindowMinutes": WINDOW,
       "CopyActions": [{"DestinationBackupVaultArn": "arn:aws:backup:us-west-2:1:backup-vault:dr"}]}]},
    "Selections": [{"SelectionName": "s", "Resources": ["files"]}]}],
  "recovery": {"failover_regions": {"us-east-1": "us-west-2"}},
  "failures": [{"name": "region", "scope": "region", "target": "us-east-1", "at": "2026-01-10T12:00:00Z"}]})js";

std::string files(const std::string& schedule, const std::string& window, const std::string& vault = "") {
  return replace(replace(replace(kFiles, "SCHEDULE", schedule), "WINDOW", window), "VAULT", vault);
}

}  // namespace

TEST_CASE("validate warns when a rule's full backup can never finish in its completion window") {
  // EFS backup model: 10m + 1000 GiB / 100 MiB/s (2h50m40s) = 3h00m40s > 120 minutes. A job
  // cancelled leaves the next one full again: no point is ever made.
  const auto r = load_result(files("cron(0 5 ? * * *)", "120"));
  REQUIRE(r.scenario);
  CHECK_WARNS(r, "/backup_plans/0/BackupPlan/Rules/0", "a full backup of \"files\" takes about 3h at the scenario's models");
  CHECK_WARNS(r, "/backup_plans/0/BackupPlan/Rules/0", "it never makes a recovery point");
  const auto t = run_trial(*r.scenario, "region");
  CHECK(t.resources[0].status == models::ResourceStatus::unrecoverable);
  CHECK(load_result(files("cron(0 5 ? * * *)", "480")).warnings.empty());
}

TEST_CASE("validate warns when copies cannot keep up with the rule") {
  // Hourly: 20 GB/day changes 0.83 GB an hour: backup 10m + 853 MiB / 100 MiB/s (9s) ≈ 10m09s,
  // copy 10m + 9s: 20m18s < 60m, fine. With a 1 TB copy every hour it is not: make the copy slow.
  auto json = files("cron(0 * ? * * *)", "480");
  json = replace(json, R"js("recovery")js", R"js("models": {"efs": {"copy": {"fixed": "55m"}}}, "recovery")js");
  const auto r = load_result(json);
  CHECK_WARNS(r, "/backup_plans/0/BackupPlan/Rules/0", "copies cannot keep up");
}

TEST_CASE("validate warns when a rule's backups, without copies, take longer than its interval") {
  // Hourly, no copy action, the EFS backup model made 70m fixed: 70m + 853 MiB / 100 MiB/s
  // (9s) = 70m09s > the 60m until the next firing, within the 480-minute completion window:
  // every job waits for the one before.
  auto json = files("cron(0 * ? * * *)", "480");
  json = replace(json, R"js(,
       "CopyActions": [{"DestinationBackupVaultArn": "arn:aws:backup:us-west-2:1:backup-vault:dr"}])js", "");
  json = replace(json, R"js("recovery")js", R"js("models": {"efs": {"backup": {"fixed": "70m"}}}, "recovery")js");
  const auto r = load_result(json);
  REQUIRE(r.scenario);
  CHECK_WARNS(r, "/backup_plans/0/BackupPlan/Rules/0", "takes about 1h10m, longer than the 1h until the rule is next due");
  CHECK_WARNS(r, "/backup_plans/0/BackupPlan/Rules/0", "each job waits for the one before");
  // At 50m it fits (the Region-loss warning about the copy-less plan stays).
  const auto fits = load_result(replace(json, "\"70m\"", "\"50m\""));
  CHECK_FALSE(has_diagnostic(fits.warnings, "/backup_plans/0/BackupPlan/Rules/0", "next due"));
}

TEST_CASE("validate warns about resources no protection survives; --strict makes warnings errors") {
  const std::string json = R"js({
    "drsim": 1, "name": "gaps",
    "regions": [{"name": "us-east-1", "azs": ["us-east-1a", "us-east-1b"]}, {"name": "us-west-2", "azs": ["us-west-2a"]}],
    "resources": [{"id": "db", "type": "rds", "region": "us-east-1", "az": "us-east-1a"},
                  {"id": "vols", "count": 3, "type": "ebs", "region": "us-east-1", "az": "us-east-1a"}],
    "protections": [{"kind": "rds_automated_backups", "resources": ["db"]}],
    "recovery": {"failover_regions": {"us-east-1": "us-west-2"}},
    "failures": [{"name": "az", "scope": "az", "target": "us-east-1a", "at": "2026-01-10T12:00:00Z"},
                 {"name": "region", "scope": "region", "target": "us-east-1", "at": "2026-01-10T12:00:00Z"}]})js";
  const auto r = load_result(json);
  REQUIRE(r.scenario);
  // The database survives an AZ loss (its snapshots and logs are regional), not a Region loss.
  CHECK_WARNS(r, "/resources/0", "\"db\" is impacted by failure \"region\" and no protection of it keeps a recovery point outside the failed Region");
  CHECK_FALSE(has_diagnostic(r.warnings, "/resources/0", "failure \"az\""));
  // The unprotected fleet, once per failure.
  CHECK_WARNS(r, "/resources/1", "\"vols-1\" and 2 more is impacted by failure \"az\" and nothing protects it");
  CHECK_WARNS(r, "/resources/1", "failure \"region\"");
}

TEST_CASE("A vault's KMS key is in the vault's Region; DR-Region restores name the key they depend on") {
  const std::string key = "arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
  const auto wrong = load_result(files("cron(0 5 ? * * *)", "480",
                                       R"js(, "EncryptionKeyArn": "arn:aws:kms:us-east-1:111122223333:key/abc")js"));
  CHECK_REFUSES(wrong, "/vaults/1/EncryptionKeyArn", "KMS keys are Regional");
  CHECK_REFUSES(load_result(files("cron(0 5 ? * * *)", "480", R"js(, "EncryptionKeyArn": "alias/backup")js")),
                "/vaults/1/EncryptionKeyArn", "not its alias");
  const auto s = load_json(files("cron(0 5 ? * * *)", "480", R"js(, "EncryptionKeyArn": ")js" + key + "\""));
  CHECK(s.vaults[1].kms_key == key);
  const std::string text = analysis::render_walkthrough(s, 0, 1, 0);
  CHECK(text.find("it needs KMS key " + key + " of vault dr") != std::string::npos);
}

TEST_CASE("The walkthrough says when a copy waited for a slot and which firings AWS merged") {
  // Two volumes, one copy slot: the second volume's copy of the 05:00 backup waits 30m.
  const auto s = load_json(R"js({
    "drsim": 1, "name": "queued",
    "regions": [{"name": "us-east-1", "azs": ["us-east-1a"]}, {"name": "us-west-2", "azs": ["us-west-2a"]}],
    "vaults": [{"name": "v", "region": "us-east-1"}, {"name": "dr", "region": "us-west-2"}],
    "resources": [{"id": "vol", "count": 2, "type": "ebs", "region": "us-east-1", "az": "us-east-1a"}],
    "models": {"ebs": {"backup": {"fixed": "10m"}, "copy": {"fixed": "30m"}}, "copy_jobs": {"concurrent_per_region": 1}},
    "backup_plans": [{"region": "us-east-1", "BackupPlan": {"BackupPlanName": "p", "Rules": [
        {"RuleName": "hourly", "TargetBackupVaultName": "v", "ScheduleExpression": "cron(0 * ? * * *)",
         "Lifecycle": {"DeleteAfterDays": 1}},
        {"RuleName": "daily", "TargetBackupVaultName": "v", "ScheduleExpression": "cron(0 5 ? * * *)",
         "Lifecycle": {"DeleteAfterDays": 35},
         "CopyActions": [{"DestinationBackupVaultArn": "arn:aws:backup:us-west-2:1:backup-vault:dr"}]}]},
      "Selections": [{"SelectionName": "s", "Resources": ["vol"]}]}],
    "recovery": {"detection": "0s", "declaration": "0s", "failover_regions": {"us-east-1": "us-west-2"}},
    "applications": [{"name": "second", "resources": ["vol-2"]}],
    "failures": [{"name": "region", "scope": "region", "target": "us-east-1", "at": "2026-01-03T07:00:00Z"}]})js");
  const std::string text = analysis::render_walkthrough(s, 0, 1, 0);
  // vol-2's copy: requested 05:10, started 05:40, available 06:10.
  CHECK(text.find("waited 30m for a copy slot (1 concurrent copy jobs into us-west-2)") != std::string::npos);
  // The daily rule's 8-hour window swallows the hourly firings from 22:00 to 12:00.
  CHECK(text.find("Rule p/hourly made no backup at 2026-01-03T06:00:00Z: AWS Backup merged it into an overlapping rule") !=
        std::string::npos);
}
