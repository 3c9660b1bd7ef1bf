// The scenario loader on /protections, /models, /recovery, /applications and /failures.
#include <doctest/doctest.h>

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "loader_support.hpp"
#include "scenarios/loader.hpp"

using namespace drsim;
using drsim::testing::Json;
using namespace drsim::testing;

namespace {

constexpr const char* kBase = R"json({"drsim": 1, "name": "t",
 "regions": [{"name": "us-east-1", "azs": ["us-east-1a", "us-east-1b"]},
             {"name": "us-west-2", "azs": ["us-west-2a", "us-west-2b"]},
             {"name": "eu-west-1", "azs": ["eu-west-1a"]}],
 "resources": [
   {"id": "app", "type": "ec2", "region": "us-east-1", "az": "us-east-1a", "requires": ["ami", "vol", "db"]},
   {"id": "ami", "type": "ami", "region": "us-east-1"},
   {"id": "vol", "type": "ebs", "region": "us-east-1", "az": "us-east-1a", "size_gb": 100, "tags": {"app": "shop"}},
   {"id": "db", "type": "rds", "region": "us-east-1", "az": "us-east-1a", "size_gb": 50, "tags": {"app": "shop"}},
   {"id": "worker", "type": "ebs", "region": "us-east-1", "az": "us-east-1b", "count": 3, "tags": {"app": "batch"}}],
 "protections": [
   {"kind": "dlm_snapshots", "resources": ["vol"], "every": "12h", "retain": 14, "copy_to": "us-west-2"},
   {"kind": "rds_automated_backups", "resources": ["db"], "window": "03:00-03:30",
    "retention_days": 7, "log_interval": "5m", "replicate_to": "us-west-2"},
   {"kind": "ami_copy", "resources": ["ami"], "copy_to": "us-west-2"}],
 "recovery": {"detection": "5m", "failover_regions": {"us-east-1": "us-west-2"},
   "pools": [{"name": "restore-jobs", "capacity": 10, "types": ["ebs", "rds"]},
             {"name": "operators", "capacity": 2, "per": "global"}]},
 "applications": [{"name": "shop", "resources": ["app", "vol", "db"],
   "policy": {"AZ": {"rtoInSecs": 14400, "rpoInSecs": 3600}}}],
 "failures": [{"name": "az", "scope": "az", "target": "us-east-1a", "at": "2026-01-02T00:00:00Z"},
              {"name": "region", "scope": "region", "target": "us-east-1", "at": "2026-01-02T00:00:00Z"}]})json";

Json base() { return Json::parse(kBase); }





}  // namespace

TEST_CASE("loader: the base scenario of the section tests loads") {
  const auto r = load(base());
  REQUIRE_LOADS(r);
  const auto& s = *r.scenario;
  CHECK(s.recovery.failover_region == std::vector<models::RegionIndex>{1, models::kNoRegion, models::kNoRegion});
  REQUIRE(s.recovery.pools.size() == 2);
  CHECK(s.recovery.pools[0].applies_to(models::ResourceType::ebs));
  CHECK_FALSE(s.recovery.pools[0].applies_to(models::ResourceType::ec2));
  CHECK(s.recovery.pools[0].per == models::CapacityPool::Per::region);
  CHECK(s.recovery.pools[1].per == models::CapacityPool::Per::global);
  CHECK(s.recovery.pools[1].types.all());
}

TEST_CASE("loader: protections protect resources of their own type") {
  SUBCASE("by id, with the wrong type") {
    Json doc = base();
    doc["protections"][1]["resources"] = {"db", "vol"};
    doc["protections"][0]["resources"] = {"worker", "db"};
    const auto r = load(doc);
    CHECK_ERROR(r, "/protections/1/resources/1",
                "rds_automated_backups protects rds resources; \"vol\" is of type ebs");
    CHECK_ERROR(r, "/protections/0/resources/1", "dlm_snapshots protects ebs resources; \"db\" is of type rds");
  }
  SUBCASE("by tags, keeping the kind's type") {
    Json doc = base();
    doc["protections"][0].erase("resources");
    doc["protections"][0]["tags"] = {{"app", "shop"}};
    doc["protections"][1].erase("resources");
    doc["protections"][1]["tags"] = {{"app", "shop"}};
    auto r = load(doc);
    REQUIRE_LOADS(r);
    CHECK(r.scenario->snapshot_policies[0].resources == std::vector<models::ResourceIndex>{2});
    CHECK(r.scenario->snapshot_policies[1].resources == std::vector<models::ResourceIndex>{3});
    doc["protections"][0]["tags"] = {{"app", "batch"}};
    r = load(doc);
    REQUIRE_LOADS(r);
    CHECK(r.scenario->snapshot_policies[0].resources == std::vector<models::ResourceIndex>{4, 5, 6});
    doc["protections"][0]["tags"] = {{"app", "none"}};
    CHECK_ERROR(load(doc), "/protections/0/tags", "no ebs resource has all these tags");
  }
  SUBCASE("resources or tags, not both, not neither") {
    Json doc = base();
    doc["protections"][0]["tags"] = {{"app", "shop"}};
    doc["protections"][2].erase("resources");
    const auto r = load(doc);
    CHECK_ERROR(r, "/protections/0", "dlm_snapshots needs exactly one of \"resources\" (ids) or \"tags\"");
    CHECK_ERROR(r, "/protections/2", "ami_copy needs exactly one of");
  }
  SUBCASE("RDS automated backup settings") {
    Json doc = base();
    Json& p = doc["protections"][1];
    p["retention_days"] = 0;
    p["log_interval"] = "30s";
    p["replicate_to"] = "us-east-1";
    p["window"] = "03:00-03:10";
    const auto r = load(doc);
    CHECK_ERROR(r, "/protections/1/retention_days", "0 days disables automated backups; expected 1 to 35 days");
    CHECK_ERROR(r, "/protections/1/log_interval", "log_interval 30s is shorter than 1m");
    CHECK_ERROR(r, "/protections/1/replicate_to", "\"db\" is already in us-east-1; copies and replicas here go to another Region");
    CHECK_ERROR(r, "/protections/1/window", "RDS requires a backup window of at least 30 minutes");
    p["retention_days"] = 36;
    p["window"] = "3am";
    const auto r2 = load(doc);
    CHECK_ERROR(r2, "/protections/1/retention_days", "36 is out of range; expected a number of days from 1 to 35");
    CHECK_ERROR(r2, "/protections/1/window", "invalid window \"3am\"");
  }
  SUBCASE("a window across midnight") {
    Json doc = base();
    doc["protections"][1]["window"] = "23:45-00:15";
    const auto r = load(doc);
    REQUIRE_LOADS(r);
    // The snapshot starts somewhere in the 30 minutes from 23:45.
    const auto& rds = r.scenario->snapshot_policies[1];
    CHECK(rds.anchor == (23 * 60 + 45) * sim::kMinute);
    CHECK(rds.start_delay.lower_bound() == 0);
    CHECK(rds.start_delay.upper_bound() == 30 * sim::kMinute);
  }
  SUBCASE("DLM settings") {
    Json doc = base();
    doc["protections"][0]["every"] = "30m";
    doc["protections"][0]["retain"] = 0;
    doc["protections"][0]["copy_to"] = "ap-south-1";
    const auto r = load(doc);
    CHECK_ERROR(r, "/protections/0/every", "every 30m is not a DLM interval: \"The supported values are 1, 2, 3, 4, 6, 8, 12, and 24\" hours");
    CHECK_ERROR(r, "/protections/0/retain", "expected a number of snapshots to keep, from 1 to 1000");
    CHECK_ERROR(r, "/protections/0/copy_to", "unknown Region \"ap-south-1\"");
  }
  SUBCASE("AMI copies need a destination") {
    Json doc = base();
    doc["protections"][2].erase("copy_to");
    CHECK_ERROR(load(doc), "/protections/2", "missing required key \"copy_to\" in an ami_copy protection");
  }
  SUBCASE("kinds: known, unknown") {
    Json doc = base();
    doc["protections"].push_back({{"kind", "s3_replication"}, {"resources", {"vol"}}, {"to", "us-west-2"}});
    doc["protections"].push_back({{"kind", "dlm_snapshot"}, {"resources", {"vol"}}});
    doc["protections"].push_back({{"resources", {"vol"}}});
    doc["protections"][0]["retian"] = 3;
    const auto r = load(doc);
    CHECK_ERROR(r, "/protections/3/resources/0", "s3_replication protects s3 resources; \"vol\" is of type ebs");
    CHECK_ERROR(r, "/protections/4/kind", "unknown protection kind \"dlm_snapshot\"");
    CHECK_ERROR(r, "/protections/4/kind", "(did you mean \"dlm_snapshots\"?)");
    CHECK_ERROR(r, "/protections/5", "missing required key \"kind\" in protection");
    CHECK_ERROR(r, "/protections/0/retian", "(did you mean \"retain\"?)");
  }
}

TEST_CASE("loader: models override the built-in catalogue per type and per resource") {
  Json doc = base();
  doc["models"] = {{"backup_job", {{"start_delay", {{"uniform", {"0s", "10m"}}}}}},
                   {"ebs",
                    {{"restore", {{"fixed", {{"lognormal", {{"p50", "8m"}, {"p90", "20m"}}}}}, {"mib_per_s", 150}}},
                     {"copy", {{"mib_per_s", 50}}}}}};
  doc["resources"][3]["models"] = {{"restore", {{"fixed", "2h"}}}};
  auto r = load(doc);
  REQUIRE_LOADS(r);
  const auto& s = *r.scenario;
  const auto builtin = models::ModelCatalogue::builtin();
  const auto& ebs = s.model_sets[static_cast<std::size_t>(models::ResourceType::ebs)];
  CHECK(ebs[models::Step::restore].fixed.kind() == models::Distribution::Kind::lognormal);
  CHECK(ebs[models::Step::restore].mib_per_s == 150.0);
  CHECK(ebs[models::Step::copy].mib_per_s == 50.0);
  CHECK(ebs[models::Step::copy].fixed.value() ==
        builtin.of(models::ResourceType::ebs)[models::Step::copy].fixed.value());
  CHECK(s.catalogue.of(models::ResourceType::ebs)[models::Step::copy].mib_per_s == 50.0);
  CHECK(s.catalogue.backup_start_delay.upper_bound() == 10 * sim::kMinute);
  REQUIRE(s.model_sets.size() == models::kResourceTypeCount + 1);
  CHECK(s.resources[3].model_set == models::kResourceTypeCount);
  CHECK(s.models_of(s.resources[3])[models::Step::restore].fixed.value() == 2 * sim::kHour);
  CHECK(s.models_of(s.resources[3])[models::Step::restore].mib_per_s ==
        builtin.of(models::ResourceType::rds)[models::Step::restore].mib_per_s);

  doc["models"]["ebss"] = Json::object();
  doc["models"]["ebs"]["restor"] = Json::object();
  doc["models"]["ebs"]["copy"]["mib_per_s"] = -1;
  doc["models"]["ebs"]["copy"]["fixed"] = 600;
  doc["models"]["rds"] = {{"backup", {{"mib_per_s", 1e-9}}}};
  r = load(doc);
  CHECK_ERROR(r, "/models/ebss", "(did you mean \"ebs\"?)");
  CHECK_ERROR(r, "/models/ebs/restor", "(did you mean \"restore\"?)");
  CHECK_ERROR(r, "/models/ebs/copy/mib_per_s", "-1 is out of range; expected a throughput in MiB/s >= 0");
  CHECK_ERROR(r, "/models/ebs/copy/fixed", "units are never guessed");
  CHECK_ERROR(r, "/models/rds/backup/mib_per_s", "is too small; expected 0 (no size term) or at least 0.001");
}

TEST_CASE("loader: the recovery runbook") {
  SUBCASE("failover Regions exist and differ") {
    Json doc = base();
    doc["recovery"]["failover_regions"] = {
        {"us-east-1", "us-east-1"}, {"us-west-9", "us-west-2"}, {"eu-west-1", "mars-1"}};
    const auto r = load(doc);
    CHECK_ERROR(r, "/recovery/failover_regions/us-east-1", "Region us-east-1 fails over to itself");
    CHECK_ERROR(r, "/recovery/failover_regions/us-west-9", "unknown Region \"us-west-9\"");
    CHECK_ERROR(r, "/recovery/failover_regions/eu-west-1", "unknown Region \"mars-1\"");
  }
  SUBCASE("pools") {
    Json doc = base();
    doc["recovery"]["pools"] = {{{"name", "a"}, {"capacity", 0}},
                                {{"name", "a"}, {"capacity", 1}, {"per", "zone"}},
                                {{"name", "b"}, {"capacity", 1}, {"types", {"ebs", "rdss"}}},
                                {{"name", "c"}, {"capacity", 1}, {"types", Json::array()}},
                                {{"capacity", 1}}};
    const auto r = load(doc);
    CHECK_ERROR(r, "/recovery/pools/0/capacity", "0 is out of range; expected an integer >= 1");
    CHECK_ERROR(r, "/recovery/pools/1/name", "duplicate pool name \"a\"");
    CHECK_ERROR(r, "/recovery/pools/1/per", "unknown pool scope \"zone\"; expected one of: region, global");
    CHECK_ERROR(r, "/recovery/pools/2/types/1", "unknown resource type \"rdss\"");
    CHECK_ERROR(r, "/recovery/pools/3/types", "expected at least one resource type");
    CHECK_ERROR(r, "/recovery/pools/4", "missing required key \"name\" in a capacity pool");
  }
  SUBCASE("the section is required") {
    Json doc = base();
    doc.erase("recovery");
    doc["failures"].erase(1);
    CHECK_ERROR(load(doc), "", "missing required key \"recovery\" in the scenario");
  }
}

TEST_CASE("loader: applications and Resilience Hub policies") {
  SUBCASE("a whole CreateResiliencyPolicy body") {
    Json doc = base();
    doc["applications"][0]["policy"] = {{"policyName", "gold"},
                                        {"policyDescription", "tier-1 apps"},
                                        {"tier", "MissionCritical"},
                                        {"dataLocationConstraint", "AnyLocation"},
                                        {"policy",
                                         {{"Software", {{"rtoInSecs", 300}, {"rpoInSecs", 60}}},
                                          {"Hardware", {{"rtoInSecs", 600}, {"rpoInSecs", 60}}},
                                          {"AZ", {{"rtoInSecs", 3600}, {"rpoInSecs", 300}}},
                                          {"Region", {{"rtoInSecs", 14400}, {"rpoInSecs", 3600}}}}},
                                        {"tags", {{"owner", "sre"}}}};
    doc["applications"][0]["resources"] = {"worker", "db"};
    const auto r = load(doc);
    REQUIRE_LOADS(r);
    const auto& app = r.scenario->applications[0];
    CHECK(app.policy_name == "gold");
    CHECK(app.tier == "MissionCritical");
    CHECK(app.policy[static_cast<std::size_t>(models::Disruption::Region)]->rpo_s == 3600);
    CHECK(app.policy[static_cast<std::size_t>(models::Disruption::Software)]->rto_s == 300);
    CHECK(app.resources == std::vector<models::ResourceIndex>{3, 4, 5, 6});
  }
  SUBCASE("bad policies and names") {
    Json doc = base();
    doc["applications"].push_back(
        {{"name", "shop"},
         {"resources", {"vol", "nope"}},
         {"policy", {{"policyName", "p"}, {"tier", "Critcal"}, {"policy", {{"Az", Json::object()}}}}}});
    doc["applications"].push_back({{"name", "x"}, {"resources", {"vol"}}, {"policy", {{"AZ", {{"rtoInSecs", 60}}}}}});
    const auto r = load(doc);
    CHECK_ERROR(r, "/applications/1/name", "duplicate application name \"shop\"");
    CHECK_ERROR(r, "/applications/1/resources/1", "unknown resource \"nope\"");
    CHECK_ERROR(r, "/applications/1/policy/tier", "unknown tier \"Critcal\"");
    CHECK_ERROR(r, "/applications/1/policy/tier", "(did you mean \"Critical\"?)");
    CHECK_ERROR(r, "/applications/1/policy/policy/Az", "(did you mean \"AZ\"?)");
    CHECK_ERROR(r, "/applications/2/policy/AZ", "missing required key \"rpoInSecs\" in a failure policy");
  }
}

TEST_CASE("loader: failures name a target of their scope and leave somewhere to recover into") {
  SUBCASE("a Region failure needs a failover Region") {
    Json doc = base();
    doc["recovery"]["failover_regions"] = Json::object();
    CHECK_ERROR(load(doc), "/failures/1/target",
                "no failover Region mapped for us-east-1 in /recovery/failover_regions");
  }
  SUBCASE("an AZ failure needs another AZ") {
    Json doc = base();
    doc["failures"][0]["target"] = "eu-west-1a";
    CHECK_ERROR(load(doc), "/failures/0/target",
                "eu-west-1a is the only AZ of eu-west-1; an AZ failure needs another AZ to recover into");
  }
  SUBCASE("targets are checked against the scope") {
    Json doc = base();
    doc["failures"][0]["target"] = "us-east-1";
    doc["failures"][1]["target"] = "us-east-1a";
    doc["failures"].push_back(
        {{"name", "r"}, {"scope", "resource"}, {"target", "worker"}, {"at", "2026-01-02T00:00:00Z"}});
    doc["failures"].push_back(
        {{"name", "s"}, {"scope", "resource"}, {"target", "vool"}, {"at", "2026-01-02T00:00:00Z"}});
    const auto r = load(doc);
    CHECK_ERROR(r, "/failures/0/target", "unknown AZ \"us-east-1\"");
    CHECK_ERROR(r, "/failures/1/target", "unknown Region \"us-east-1a\"");
    CHECK_ERROR(r, "/failures/2/target",
                "\"worker\" is a fleet; a resource failure targets one resource, e.g. \"worker-1\"");
    CHECK_ERROR(r, "/failures/3/target", "(did you mean \"vol\"?)");
  }
  SUBCASE("a resource failure on a fleet member") {
    Json doc = base();
    doc["failures"].push_back(
        {{"name", "r"}, {"scope", "resource"}, {"target", "worker-2"}, {"at", "2026-01-02T00:00:00Z"}});
    const auto r = load(doc);
    REQUIRE_LOADS(r);
    CHECK(r.scenario->failures[2].scope == models::FailureScope::resource);
    CHECK(r.scenario->failures[2].target == 5);
  }
  SUBCASE("scopes, names and the list") {
    Json doc = base();
    doc["failures"][1]["scope"] = "regoin";
    doc["failures"][1]["name"] = "az";
    doc["failures"][0].erase("at");
    const auto r = load(doc);
    CHECK_ERROR(r, "/failures/1/scope",
                "unknown failure scope \"regoin\"; expected one of: az, region, resource (did you mean \"region\"?)");
    CHECK_ERROR(r, "/failures/1/name", "duplicate failure name \"az\"");
    CHECK_ERROR(r, "/failures/0", "missing required key \"at\" in a failure");
    doc["failures"] = Json::array();
    CHECK_ERROR(load(doc), "/failures", "expected at least one failure to play");
  }
}
