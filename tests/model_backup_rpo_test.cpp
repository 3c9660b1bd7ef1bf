// RPO from AWS Backup rules, computed by hand from the definitions in architecture.md:
// RPO = failure instant - data time of the newest usable recovery point.
#include <doctest/doctest.h>

#include <fmt/format.h>

#include "test_support.hpp"

using namespace drsim;
using namespace drsim::testing;

namespace {

// An EBS volume backed up every 4 h (00:00, 04:00, ...) by jobs of exactly 10 minutes; copies
// to the DR Region take exactly 1 h. Detection 5m, declaration 10m, restore 30m, cutover 2m.
std::string four_hourly(const std::string& failures) {
  return fmt::format(R"js({{
  "drsim": 1, "name": "four-hourly",
  "regions": [{{"name": "us-east-1", "azs": ["us-east-1a", "us-east-1b"]}},
              {{"name": "us-west-2", "azs": ["us-west-2a"]}}],
  "vaults": [{{"name": "prod", "region": "us-east-1"}}, {{"name": "dr", "region": "us-west-2"}}],
  "resources": [{{"id": "vol", "type": "ebs", "region": "us-east-1", "az": "us-east-1a", "size_gb": 100}}],
  "models": {{"ebs": {{"backup": {{"fixed": "10m", "mib_per_s": 0}},
                       "copy": {{"fixed": "1h", "mib_per_s": 0}},
                       "restore": {{"fixed": "30m", "mib_per_s": 0}}}}}},
  "backup_plans": [{{"region": "us-east-1", "BackupPlan": {{"BackupPlanName": "p", "Rules": [{{
      "RuleName": "every-4h", "TargetBackupVaultName": "prod",
      "ScheduleExpression": "cron(0 0/4 * * ? *)", "StartWindowMinutes": 60,
      "CopyActions": [{{"DestinationBackupVaultArn": "arn:aws:backup:us-west-2:123456789012:backup-vault:dr"}}]}}]}},
    "Selections": [{{"SelectionName": "all", "Resources": ["vol"]}}]}}],
  "recovery": {{"detection": "5m", "declaration": "10m", "cutover": "2m",
               "failover_regions": {{"us-east-1": "us-west-2"}}}},
  "applications": [{{"name": "app", "resources": ["vol"],
                     "policy": {{"AZ": {{"rtoInSecs": 3600, "rpoInSecs": 14400}}}}}}],
  "failures": [{}]
}})js",
                     failures);
}

}  // namespace

TEST_CASE("4-hourly backups with 10-minute jobs: RPO at known failure instants") {
  const auto s = load_json(four_hourly(R"js(
    {"name": "just-after-job", "scope": "az", "target": "us-east-1a", "at": "2026-01-02T08:15:00Z"},
    {"name": "during-job",     "scope": "az", "target": "us-east-1a", "at": "2026-01-02T08:05:00Z"},
    {"name": "before-next",    "scope": "az", "target": "us-east-1a", "at": "2026-01-02T11:59:00Z"},
    {"name": "at-completion",  "scope": "az", "target": "us-east-1a", "at": "2026-01-02T08:10:00Z"})js"));
  const auto vol = index_of(s, "vol");

  SUBCASE("just after the 08:00 job completed (08:10): the 08:00 point, RPO 15m") {
    const auto t = run_trial(s, "just-after-job");
    CHECK(t.rpo(s, vol) == minutes(15));
  }
  SUBCASE("during the 08:00 job: the 04:00 point is the newest usable, RPO 4h05m") {
    const auto t = run_trial(s, "during-job");
    CHECK(t.rpo(s, vol) == hours(4) + minutes(5));
  }
  SUBCASE("just before the 12:00 job: still the 08:00 point, RPO 3h59m") {
    const auto t = run_trial(s, "before-next");
    CHECK(t.rpo(s, vol) == hours(3) + minutes(59));
  }
  SUBCASE("at the very instant the job completes, its point is usable (available <= failure)") {
    const auto t = run_trial(s, "at-completion");
    CHECK(t.rpo(s, vol) == minutes(10));
  }
  SUBCASE("RTO: detection 5m + declaration 10m + restore 30m; the app adds cutover 2m") {
    const auto t = run_trial(s, "during-job");
    CHECK(t.rto(vol) == minutes(45));
    REQUIRE(t.applications.size() == 1);
    CHECK(t.applications[0].rto == minutes(47));
    CHECK(t.applications[0].rpo == hours(4) + minutes(5));
    CHECK(t.resources[vol].point.mechanism == models::Mechanism::backup_rule);
  }
}

TEST_CASE("Copy action: a Region loss while a copy is in flight uses the previous copy") {
  const auto s = load_json(four_hourly(R"js(
    {"name": "copy-in-flight", "scope": "region", "target": "us-east-1", "at": "2026-01-02T08:30:00Z"},
    {"name": "copy-landed",    "scope": "region", "target": "us-east-1", "at": "2026-01-02T09:15:00Z"})js"));
  const auto vol = index_of(s, "vol");

  SUBCASE("08:00 job done at 08:10, its copy lands 09:10: at 08:30 the 04:00 copy is used") {
    const auto t = run_trial(s, "copy-in-flight");
    CHECK(t.resources[vol].point.mechanism == models::Mechanism::backup_copy);
    CHECK(t.rpo(s, vol) == hours(4) + minutes(30));
    CHECK(t.resources[vol].recovery_region == 1);
    CHECK_FALSE(t.resources[vol].cross_region);
  }
  SUBCASE("after the copy landed, the 08:00 copy is used: RPO 1h15m") {
    const auto t = run_trial(s, "copy-landed");
    CHECK(t.rpo(s, vol) == hours(1) + minutes(15));
  }
}

TEST_CASE("Completion window: a job that overruns it is cancelled and makes no point") {
  // Jobs of 3 hours against a completion window of 2 hours: every job is cancelled.
  std::string json = four_hourly(R"js(
    {"name": "az", "scope": "az", "target": "us-east-1a", "at": "2026-01-02T08:30:00Z"})js");
  json.replace(json.find(R"js("fixed": "10m")js"), 14, R"js("fixed": "3h")js");
  json.replace(json.find(R"js("StartWindowMinutes": 60)js"), 24, R"js("StartWindowMinutes": 60, "CompletionWindowMinutes": 120)js");
  const auto s = load_json(json);
  const auto t = run_trial(s, "az");
  const auto vol = index_of(s, "vol");
  CHECK(t.resources[vol].status == models::ResourceStatus::unrecoverable);
  CHECK(t.resources[vol].cause == models::UnrecoverableCause::no_usable_point);
  CHECK_FALSE(t.applications[0].recoverable);
}
