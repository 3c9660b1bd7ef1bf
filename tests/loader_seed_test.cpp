// The scenario loader on the complete example of scenario-format.md: every section lands
// in the model with the expected indices and values.
#include <doctest/doctest.h>

#include <string>

#include "loader_support.hpp"
#include "scenarios/loader.hpp"

using namespace drsim;
using namespace drsim::testing;
using drsim::scenarios::load_scenario_text;

namespace {

// The "complete example" of ../shared/design/scenario-format.md, verbatim.
constexpr const char* kSeed = R"json({"drsim": 1, "name": "classic-backup-restore",
 "regions": [{"name": "us-east-1", "azs": ["us-east-1a", "us-east-1b"]},
             {"name": "us-west-2", "azs": ["us-west-2a", "us-west-2b"]}],
 "vaults": [{"name": "prod-vault", "region": "us-east-1"}, {"name": "dr-vault", "region": "us-west-2"}],
 "resources": [
   {"id": "app-server", "type": "ec2", "region": "us-east-1", "az": "us-east-1a",
    "requires": ["app-ami", "app-volume", "orders-db", "shared-files"]},
   {"id": "app-ami", "type": "ami", "region": "us-east-1"},
   {"id": "app-volume", "type": "ebs", "region": "us-east-1", "az": "us-east-1a",
    "size_gb": 200, "change_gb_per_day": 8},
   {"id": "orders-db", "type": "rds", "region": "us-east-1", "az": "us-east-1a", "size_gb": 500},
   {"id": "shared-files", "type": "efs", "region": "us-east-1", "size_gb": 1000}],
 "backup_plans": [{"region": "us-east-1",
   "BackupPlan": {"BackupPlanName": "efs-daily", "Rules": [{"RuleName": "daily",
     "TargetBackupVaultName": "prod-vault", "ScheduleExpression": "cron(0 5 ? * * *)",
     "StartWindowMinutes": 60, "CompletionWindowMinutes": 480,
     "Lifecycle": {"DeleteAfterDays": 35},
     "CopyActions": [{"DestinationBackupVaultArn": "arn:aws:backup:us-west-2:123456789012:backup-vault:dr-vault"}]}]},
   "Selections": [{"SelectionName": "files", "Resources": ["shared-files"]}]}],
 "protections": [
   {"kind": "dlm_snapshots", "resources": ["app-volume"], "every": "12h", "retain": 14, "copy_to": "us-west-2"},
   {"kind": "rds_automated_backups", "resources": ["orders-db"], "window": "03:00-03:30",
    "retention_days": 7, "log_interval": "5m", "replicate_to": "us-west-2"},
   {"kind": "ami_copy", "resources": ["app-ami"], "copy_to": "us-west-2"}],
 "recovery": {"detection": "5m", "declaration": "25m", "cutover": "2m",
   "failover_regions": {"us-east-1": "us-west-2"},
   "pools": [{"name": "restore-jobs", "capacity": 10, "per": "region"}]},
 "applications": [{"name": "shop", "resources": ["app-server", "app-volume", "orders-db", "shared-files"],
   "policy": {"AZ": {"rtoInSecs": 14400, "rpoInSecs": 3600},
              "Region": {"rtoInSecs": 86400, "rpoInSecs": 86400}}}],
 "failures": [
   {"name": "az-outage", "scope": "az", "target": "us-east-1a", "at": "2026-01-20T14:07:00Z"},
   {"name": "region-outage", "scope": "region", "target": "us-east-1", "at": "2026-01-20T14:07:00Z"}]})json";


}  // namespace

TEST_CASE("loader: the format's complete example loads with every value in place") {
  const auto result = load_scenario_text(kSeed, "seed.json");
  REQUIRE_MESSAGE(result.scenario.has_value(), all_errors(result));
  CHECK(result.errors.empty());
  const models::Scenario& s = *result.scenario;

  CHECK(s.name == "classic-backup-restore");
  CHECK(s.source == "seed.json");
  CHECK(s.epoch_unix_ms == 1'767'225'600'000);  // 2026-01-01T00:00:00Z, the default epoch
  CHECK(s.seed == 1);
  CHECK(s.trials == 1);

  SUBCASE("topology") {
    REQUIRE(s.regions.size() == 2);
    CHECK(s.regions[0].name == "us-east-1");
    CHECK(s.regions[1].name == "us-west-2");
    REQUIRE(s.azs.size() == 4);
    CHECK(s.azs[1].name == "us-east-1b");
    CHECK(s.azs[1].region == 0);
    CHECK(s.azs[2].name == "us-west-2a");
    CHECK(s.azs[2].region == 1);
    CHECK(s.regions[1].azs == std::vector<models::AzIndex>{2, 3});
    REQUIRE(s.vaults.size() == 2);
    CHECK(s.vaults[1].name == "dr-vault");
    CHECK(s.vaults[1].region == 1);
  }

  SUBCASE("resources") {
    REQUIRE(s.resources.size() == 5);
    const auto& server = s.resources[0];
    CHECK(server.id == "app-server");
    CHECK(server.type == models::ResourceType::ec2);
    CHECK(server.region == 0);
    CHECK(server.az == 0);
    CHECK(s.fleet_of(server).empty());
    CHECK(requirements(s, 0) == std::vector<models::ResourceIndex>{1, 2, 3, 4});
    CHECK(s.resources[1].az == models::kNoAz);  // an AMI is regional
    CHECK(s.resources[2].size_gb == 200.0);
    CHECK(s.resources[2].change_gb_per_day == 8.0);
    CHECK(s.resources[3].change_gb_per_day == doctest::Approx(10.0));  // default: 2% of 500 GB a day
    CHECK(s.resources[4].type == models::ResourceType::efs);
    CHECK(s.resources[4].az == models::kNoAz);
    for (const auto& r : s.resources) CHECK(r.model_set == static_cast<std::uint32_t>(r.type));
    CHECK(s.model_sets.size() == models::kResourceTypeCount);
  }

  SUBCASE("backup rules") {
    REQUIRE(s.backup_rules.size() == 1);
    const auto& rule = s.backup_rules[0];
    CHECK(rule.plan == "efs-daily");
    CHECK(rule.name == "daily");
    CHECK(rule.vault == 0);
    CHECK(rule.schedule.text() == "cron(0 5 ? * * *)");
    CHECK(rule.schedule.next_after(0) == 5 * sim::kHour);  // 05:00 UTC on the epoch's day
    CHECK(rule.start_window == 60 * sim::kMinute);
    CHECK(rule.completion_window == 480 * sim::kMinute);
    CHECK(rule.lifecycle.cold_after_days == -1);
    CHECK(rule.lifecycle.delete_after_days == 35);
    REQUIRE(rule.copies.size() == 1);
    CHECK(rule.copies[0].vault == 1);
    CHECK(rule.copies[0].lifecycle.delete_after_days == -1);
    CHECK_FALSE(rule.continuous);
    CHECK(rule.resources == std::vector<models::ResourceIndex>{4});
  }

  SUBCASE("protections") {
    REQUIRE(s.snapshot_policies.size() == 2);
    const auto& dlm = s.snapshot_policies[0];
    CHECK(dlm.kind == models::NativeKind::dlm_snapshots);
    CHECK(dlm.resources == std::vector<models::ResourceIndex>{2});
    CHECK(dlm.every == 12 * sim::kHour);
    CHECK(dlm.retention.count == 14);
    REQUIRE(dlm.copies.size() == 1);
    CHECK(dlm.copies[0].region == 1);
    CHECK(dlm.copies[0].retention.count == 14);
    // DLM: "The operation occurs within a one-hour window following the specified time."
    CHECK(dlm.start_delay.upper_bound() == sim::kHour);
    const auto& rds = s.snapshot_policies[1];
    CHECK(rds.kind == models::NativeKind::rds_automated_backups);
    CHECK(rds.resources == std::vector<models::ResourceIndex>{3});
    CHECK(rds.anchor == 180 * sim::kMinute);
    CHECK(rds.start_delay.upper_bound() == 30 * sim::kMinute);
    CHECK(rds.retention.days == 7);
    CHECK(rds.log_interval == 5 * sim::kMinute);
    CHECK(rds.logs_to == 1);
    REQUIRE(rds.copies.size() == 1);
    CHECK(rds.copies[0].region == 1);
    REQUIRE(s.ami_copies.size() == 1);
    CHECK(s.ami_copies[0].resources == std::vector<models::ResourceIndex>{1});
    CHECK(s.ami_copies[0].copy_to == 1);
  }

  SUBCASE("recovery") {
    CHECK(s.recovery.detection.is_fixed());
    CHECK(s.recovery.detection.value() == 5 * sim::kMinute);
    CHECK(s.recovery.declaration.value() == 25 * sim::kMinute);
    CHECK(s.recovery.cutover.value() == 2 * sim::kMinute);
    CHECK(s.recovery.failover_region == std::vector<models::RegionIndex>{1, models::kNoRegion});
    REQUIRE(s.recovery.pools.size() == 1);
    CHECK(s.recovery.pools[0].name == "restore-jobs");
    CHECK(s.recovery.pools[0].capacity == 10);
    CHECK(s.recovery.pools[0].per == models::CapacityPool::Per::region);
    CHECK(s.recovery.pools[0].types.all());  // no "types": every type
  }

  SUBCASE("applications") {
    REQUIRE(s.applications.size() == 1);
    const auto& app = s.applications[0];
    CHECK(app.name == "shop");
    CHECK(app.resources == std::vector<models::ResourceIndex>{0, 2, 3, 4});
    const auto az = app.policy[static_cast<std::size_t>(models::Disruption::AZ)];
    REQUIRE(az.has_value());
    CHECK(az->rto_s == 14400);
    CHECK(az->rpo_s == 3600);
    CHECK(app.policy[static_cast<std::size_t>(models::Disruption::Region)]->rto_s == 86400);
    CHECK_FALSE(app.policy[static_cast<std::size_t>(models::Disruption::Software)].has_value());
  }

  SUBCASE("failures") {
    REQUIRE(s.failures.size() == 2);
    CHECK(s.failures[0].name == "az-outage");
    CHECK(s.failures[0].scope == models::FailureScope::az);
    CHECK(s.failures[0].target == 0);
    // 2026-01-20T14:07:00Z is 19 days 14 h 07 min after the default epoch.
    CHECK(s.failures[0].at.is_fixed());
    CHECK(s.failures[0].at.value() == 1'692'420'000);
    CHECK(s.failures[1].scope == models::FailureScope::region);
    CHECK(s.failures[1].target == 0);
    CHECK(s.failures[1].at.value() == 1'692'420'000);
  }
}

TEST_CASE("loader: the seed scenario file in the repository loads") {
  const auto result = scenarios::load_scenario_file(DRSIM_SOURCE_DIR "/scenarios/seed/classic-backup-restore.json");
  REQUIRE_MESSAGE(result.scenario.has_value(), all_errors(result));
  CHECK(result.scenario->resources.size() == 5);
  CHECK(result.scenario->source == DRSIM_SOURCE_DIR "/scenarios/seed/classic-backup-restore.json");
}
