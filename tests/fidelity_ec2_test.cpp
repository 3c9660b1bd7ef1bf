// Instances need an image where they are launched (EC2, by hand): an `ami` they require with
// a usable copy, or their own AWS Backup point, which "is stored as an Amazon EBS
// volume-backed Amazon Machine Image (AMI)" with the snapshots of every attached volume — so
// it gives the instance an RPO and it is restored, not merely relaunched.
#include <doctest/doctest.h>

#include "test_support.hpp"

using namespace drsim;
using namespace drsim::testing;

namespace {

// An instance in us-east-1a; launches take 5m; detection and declaration 0.
const char* kInstance = R"js({
  "drsim": 1, "name": "instance",
  "regions": [{"name": "us-east-1", "azs": ["us-east-1a", "us-east-1b"]}, {"name": "us-west-2", "azs": ["us-west-2a"]}],
  "vaults": [{"name": "v", "region": "us-east-1"}, {"name": "dr", "region": "us-west-2"}],
  "resources": [{"id": "web", "type": "ec2", "region": "us-east-1", "az": "us-east-1a"EXTRA}],
  "models": {"ec2": {"backup": {"fixed": "10m"}, "copy": {"fixed": "20m"}}},
  PLANS
  "recovery": {"detection": "0s", "declaration": "0s", "failover_regions": {"us-east-1": "us-west-2"}},
  "applications": [{"name": "site", "resources": ["web"]}],
  "failures": [{"name": "az", "scope": "az", "target": "us-east-1a", "at": "2026-01-05T14:00:00Z"},
               {"name": "region", "scope": "region", "target": "us-east-1", "at": "2026-01-05T14:00:00Z"}]})js";

std::string instance(const std::string& extra, const std::string& plans) {
  return replace(replace(kInstance, "EXTRA", extra), "PLANS", plans);
}

const char* kDailyWithCopy = R"js("backup_plans": [{"region": "us-east-1", "BackupPlan": {"BackupPlanName": "p", "Rules": [
    {"RuleName": "daily", "TargetBackupVaultName": "v", "ScheduleExpression": "cron(0 5 ? * * *)",
     "CopyActions": [{"DestinationBackupVaultArn": "arn:aws:backup:us-west-2:1:backup-vault:dr"}]}]},
  "Selections": [{"SelectionName": "s", "Resources": ["web"]}]}],)js";

}  // namespace

TEST_CASE("EC2 with neither an image nor a backup: relaunched in an AZ loss, unrecoverable in a Region loss") {
  const auto r = load_result(instance("", ""));
  REQUIRE(r.scenario);
  const auto& s = *r.scenario;
  const auto az = run_trial(s, "az");
  CHECK(az.resources[0].status == models::ResourceStatus::relaunched);
  CHECK(az.rto(0) == minutes(5));
  const auto region = run_trial(s, "region");
  CHECK(region.resources[0].status == models::ResourceStatus::unrecoverable);
  CHECK(region.resources[0].cause == models::UnrecoverableCause::no_image);
  CHECK_FALSE(region.applications[0].recoverable);
  CHECK_WARNS(r, "/resources/0", "instance \"web\" has no image in the recovery Region for failure \"region\"");
}

TEST_CASE("EC2 requiring an AMI with a copy in the DR Region is relaunched from it") {
  std::string json = instance(R"js(, "requires": ["image"]}, {"id": "image", "type": "ami", "region": "us-east-1")js",
                              R"js("protections": [{"kind": "ami_copy", "resources": ["image"], "copy_to": "us-west-2"}],)js");
  const auto r = load_result(json);
  REQUIRE(r.scenario);
  CHECK(r.warnings.empty());
  const auto t = run_trial(*r.scenario, "region");
  CHECK(t.resources[0].status == models::ResourceStatus::relaunched);
  CHECK(t.rpo(*r.scenario, 0) == -1);  // stateless: no RPO of its own
  CHECK(t.rto(0) == minutes(5));
}

TEST_CASE("EC2 with its own AWS Backup points is restored from them and has an RPO") {
  // Daily 05:00 backups (10m), copied in 20m. At 14:00: RPO 9h from the in-Region point in an
  // AZ loss, and from the copy in us-west-2 in a Region loss; the restore launches in 5m.
  const auto s = load_json(instance("", kDailyWithCopy));
  const auto az = run_trial(s, "az");
  CHECK(az.resources[0].status == models::ResourceStatus::restored);
  CHECK(az.resources[0].point.mechanism == models::Mechanism::backup_rule);
  CHECK(az.rpo(s, 0) == hours(9));
  CHECK(az.rto(0) == minutes(5));
  const auto region = run_trial(s, "region");
  CHECK(region.resources[0].point.mechanism == models::Mechanism::backup_copy);
  CHECK(region.rpo(s, 0) == hours(9));
  CHECK(region.applications[0].rpo == hours(9));  // it counts for its application
}
