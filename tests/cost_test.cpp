// The monthly cost model (issue 8), computed by hand from the bundled price table
// (scenarios/prices/aws-us-east-1.json) and the formulas of docs/cost.md.
#include <doctest/doctest.h>

#include <string>

#include <fmt/format.h>

#include "models/cost_model.hpp"
#include "test_support.hpp"

using namespace drsim;

namespace {

// One EFS file system of 100 GB that changes 2 GB a day, backed up daily by AWS Backup with a
// copy to us-west-2; an S3 bucket of 500 GB changing 10 GB a day, replicated with RTC.
std::string scenario(const std::string& lifecycle, const std::string& prices = "") {
  return fmt::format(R"js({{
  "drsim": 1, "name": "cost",
  "regions": [{{"name": "us-east-1", "azs": ["us-east-1a", "us-east-1b"]}}, {{"name": "us-west-2", "azs": ["us-west-2a"]}}],
  "vaults": [{{"name": "prod", "region": "us-east-1"}}, {{"name": "dr", "region": "us-west-2"}}],
  "resources": [{{"id": "files", "type": "efs", "region": "us-east-1", "size_gb": 100, "change_gb_per_day": 2}},
                {{"id": "media", "type": "s3", "region": "us-east-1", "size_gb": 500, "change_gb_per_day": 10}}],
  "backup_plans": [{{"region": "us-east-1", "BackupPlan": {{"BackupPlanName": "p", "Rules": [{{
      "RuleName": "daily", "TargetBackupVaultName": "prod", "ScheduleExpression": "cron(0 5 ? * * *)",
      "Lifecycle": {0},
      "CopyActions": [{{"DestinationBackupVaultArn": "arn:aws:backup:us-west-2:1:backup-vault:dr"}}]}}]}},
    "Selections": [{{"SelectionName": "s", "Resources": ["files"]}}]}}],
  "protections": [{{"kind": "s3_replication", "resources": ["media"], "to": "us-west-2", "rtc": true}}],
  "recovery": {{"failover_regions": {{"us-east-1": "us-west-2"}}}},
  "failures": [{{"name": "region-loss", "scope": "region", "target": "us-east-1", "at": "2026-02-01T00:00:00Z"}}]{1}
}})js",
                     lifecycle, prices);
}

double line(const models::CostEstimate& c, std::string_view mechanism, std::string_view component) {
  double usd = 0;
  for (const auto& l : c.lines)
    if (l.mechanism == mechanism && l.component == component) usd += l.usd_month;
  return usd;
}

}  // namespace

TEST_CASE("Cost: a daily AWS Backup rule with a cross-Region copy, and S3 replication with RTC, by hand") {
  const models::Scenario s = testing::load_json(scenario(R"({"DeleteAfterDays": 35})"));
  const models::CostEstimate c = models::estimate_monthly_cost(s);
  // The rule fires 365 times in a year: f = 365 / 12 = 30.4167 a month, one point every
  // M / f = 1 day (M = 730 h = 30.4167 days), so an increment is D = min(100, 2 x 1) = 2 GB.
  // Kept 35 days: n = 35 f / M = 35 points = one full copy and 34 increments:
  //   100 + 34 x 2 = 168 GB-month, at $0.05 (backup_storage_warm.efs) = $8.40, in each vault.
  const std::string rule = "AWS Backup rule p/daily";
  CHECK(line(c, rule, "warm backup storage in us-east-1") == doctest::Approx(8.40));
  CHECK(line(c, rule + " copy", "warm backup storage in us-west-2") == doctest::Approx(8.40));
  // Each copy moves one increment: f x 2 GB = 60.83 GB a month at $0.02 = $1.2167.
  CHECK(line(c, rule + " copy", "cross-Region transfer to us-west-2") == doctest::Approx(60.8333 * 0.02));
  // S3 CRR: the replica's 500 GB at $0.023 = $11.50; the changes, 10 GB x 30.4167 = 304.17 GB,
  // cross the Regions at $0.02 = $6.0833 and pay the RTC fee at $0.015 = $4.5625.
  CHECK(line(c, "s3_replication", "replica storage in us-west-2") == doctest::Approx(11.50));
  CHECK(line(c, "s3_replication", "cross-Region transfer to us-west-2") == doctest::Approx(304.1667 * 0.02));
  CHECK(line(c, "s3_replication", "Replication Time Control fee") == doctest::Approx(304.1667 * 0.015));
  CHECK(c.usd_month == doctest::Approx(8.40 + 8.40 + 1.21667 + 11.50 + 6.08333 + 4.5625));
  // Unconfirmed prices (S3 replica storage and RTC) are named with what they price.
  CHECK(c.unconfirmed_usd_month == doctest::Approx(11.50 + 4.5625));
  // A Region loss restores the file system: 100 GB at $0.02 (restore.efs) = $2.00; S3 has no
  // per-GB restore price in the table.
  REQUIRE(c.restores.size() == 1);
  CHECK(c.restores[0].usd == doctest::Approx(2.00));
}

TEST_CASE("Cost: cold storage holds the points past MoveToColdStorageAfterDays") {
  const models::Scenario s =
      testing::load_json(scenario(R"({"MoveToColdStorageAfterDays": 30, "DeleteAfterDays": 120})"));
  const models::CostEstimate c = models::estimate_monthly_cost(s);
  // Warm: 30 points = 100 + 29 x 2 = 158 GB-month at $0.05 = $7.90. Cold: the other 90 points,
  // one full copy and 89 increments = 278 GB-month at $0.01 (backup_storage_cold.efs) = $2.78.
  CHECK(line(c, "AWS Backup rule p/daily", "warm backup storage in us-east-1") == doctest::Approx(7.90));
  CHECK(line(c, "AWS Backup rule p/daily", "cold backup storage in us-east-1") == doctest::Approx(2.78));
}

TEST_CASE("Cost: the scenario overrides a price; an unknown price is refused with a hint") {
  const models::Scenario s =
      testing::load_json(scenario(R"({"DeleteAfterDays": 35})", R"(, "prices": {"backup_storage_warm.efs": 0.06})"));
  const models::CostEstimate c = models::estimate_monthly_cost(s);
  // 168 GB-month at $0.06 = $10.08.
  CHECK(line(c, "AWS Backup rule p/daily", "warm backup storage in us-east-1") == doctest::Approx(10.08));
  CHECK(s.prices.find("backup_storage_warm.efs")->certainty == "scenario");
  const auto bad = testing::load_result(scenario(R"({"DeleteAfterDays": 35})", R"(, "prices": {"backup_storage_warm.eff": 0.06})"));
  CHECK_REFUSES(bad, "/prices/backup_storage_warm.eff", "did you mean \"backup_storage_warm.efs\"");
  const auto negative = testing::load_result(scenario(R"({"DeleteAfterDays": 35})", R"(, "prices": {"transfer.inter_region": -1})"));
  CHECK_REFUSES(negative, "/prices/transfer.inter_region", "price in USD");
}

TEST_CASE("Cost: what the scenario cannot price is listed, never counted as zero") {
  const models::Scenario s = testing::load_json(R"js({
  "drsim": 1, "name": "unpriced",
  "regions": [{"name": "us-east-1", "azs": ["us-east-1a", "us-east-1b"]}, {"name": "us-west-2", "azs": ["us-west-2a"]}],
  "resources": [{"id": "db", "type": "rds", "region": "us-east-1", "az": "us-east-1a", "size_gb": 100}],
  "protections": [{"kind": "rds_read_replica", "resources": ["db"], "to": "us-west-2"}],
  "recovery": {"failover_regions": {"us-east-1": "us-west-2"}},
  "failures": [{"name": "region-loss", "scope": "region", "target": "us-east-1", "at": "2026-02-01T00:00:00Z"}]
})js");
  const models::CostEstimate c = models::estimate_monthly_cost(s);
  REQUIRE(c.unpriced.size() == 1);
  CHECK(c.unpriced[0].mechanism == "rds_read_replica");
  CHECK(c.unpriced[0].reason.find("instance_type") != std::string::npos);  // the replica DB instance's hours
  // What can be priced still is: 100 GB of replica storage at $0.115.
  CHECK(c.usd_month > 0);
}
