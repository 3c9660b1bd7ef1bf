// Replication, point-in-time recovery and One Zone storage, by hand from AWS's documentation.
// A replica is a point whose data lags the failure by the replication lag, already stored
// where it is; promoting it (or, for S3 and DynamoDB, reading it as it is) is its recovery.
#include <doctest/doctest.h>

#include <algorithm>
#include <vector>

#include "test_support.hpp"

using namespace drsim;
using namespace drsim::testing;

namespace {

// One resource in us-east-1 with one protection; detection 5m, declaration 10m, cutover 2m.
std::string one(const std::string& resource, const std::string& protection) {
  return replace(replace(R"js({
    "drsim": 1, "name": "replication",
    "regions": [{"name": "us-east-1", "azs": ["us-east-1a", "us-east-1b"]}, {"name": "us-west-2", "azs": ["us-west-2a"]},
                {"name": "us-east-2", "azs": ["us-east-2a"]}, {"name": "eu-west-1", "azs": ["eu-west-1a"]}],
    "resources": [RESOURCE],
    "protections": [PROTECTION],
    "recovery": {"detection": "5m", "declaration": "10m", "cutover": "2m", "failover_regions": {"us-east-1": "us-west-2"}},
    "applications": [{"name": "app", "resources": ["x"]}],
    "failures": [{"name": "region", "scope": "region", "target": "us-east-1", "at": "2026-01-10T12:00:00Z"},
                 {"name": "az", "scope": "az", "target": "us-east-1a", "at": "2026-01-10T12:00:00Z"},
                 {"name": "lost", "scope": "resource", "target": "x", "at": "2026-01-10T12:00:00Z"}]})js",
                         "RESOURCE", resource),
                 "PROTECTION", protection);
}

sim::Duration median_rpo(const models::Scenario& s, const std::vector<models::TrialResult>& trials) {
  std::vector<sim::Duration> v;
  for (const auto& t : trials) v.push_back(t.rpo(s, 0));
  std::sort(v.begin(), v.end());
  return v[(v.size() + 1) / 2 - 1];
}

const char* kBucket = R"js({"id": "x", "type": "s3", "region": "us-east-1"})js";

}  // namespace

TEST_CASE("S3 Cross-Region Replication: the replica bucket serves at once, RPO = the replication lag") {
  SUBCASE("a lag of 30 s: RPO 30 s; the bucket needs no work, the application only its cutover") {
    const auto s = load_json(one(kBucket, R"js({"kind": "s3_replication", "resources": ["x"], "to": "us-west-2", "rtc": true, "lag": "30s"})js"));
    const auto t = run_trial(s, "region");
    CHECK(t.resources[0].status == models::ResourceStatus::promoted);
    CHECK(t.resources[0].automatic);
    CHECK(t.rpo(s, 0) == seconds(30));
    CHECK(t.rto(0) == 0);
    CHECK(t.applications[0].rto == minutes(2));
    CHECK_FALSE(run_trial(s, "az").resources[0].impacted());  // S3 Standard spans the Region's AZs
  }
  SUBCASE("RTC: \"most objects ... in seconds, and 99.99 percent ... within 15 minutes\"") {
    const auto s = load_json(one(kBucket, R"js({"kind": "s3_replication", "resources": ["x"], "to": "us-west-2", "rtc": true})js"));
    const auto trials = run_trials(s, "region", 400);
    CHECK(median_rpo(s, trials) < minutes(1));
    for (const auto& t : trials) CHECK(t.rpo(s, 0) < minutes(15));
  }
  SUBCASE("without RTC, best effort: \"The majority of objects replicate within 15 minutes\"") {
    const auto s = load_json(one(kBucket, R"js({"kind": "s3_replication", "resources": ["x"], "to": "us-west-2"})js"));
    const sim::Duration median = median_rpo(s, run_trials(s, "region", 400));
    CHECK(median > minutes(4));
    CHECK(median < minutes(6));  // drsim's default: lognormal, median 5m, p90 30m
  }
}

TEST_CASE("S3 One Zone-IA and EFS One Zone live in one AZ: an AZ loss takes them") {
  SUBCASE("a One Zone bucket with nothing protecting it is lost with its AZ") {
    const auto s = load_json(one(R"js({"id": "x", "type": "s3", "region": "us-east-1", "one_zone": true, "az": "us-east-1a"})js", ""));
    const auto t = run_trial(s, "az");
    CHECK(t.resources[0].status == models::ResourceStatus::unrecoverable);
    CHECK(t.resources[0].cause == models::UnrecoverableCause::no_protection);
  }
  SUBCASE("a One Zone file system replicated in its Region: the replica is promoted") {
    // EFS replication lag 10m, failover ("can take several minutes") 5m: RPO 10m,
    // RTO 5m + 10m + 5m = 20m.
    const auto s = load_json(one(R"js({"id": "x", "type": "efs", "region": "us-east-1", "one_zone": true, "az": "us-east-1a"})js",
                                 R"js({"kind": "efs_replication", "resources": ["x"], "to": "us-east-1", "lag": "10m"})js"));
    const auto t = run_trial(s, "az");
    CHECK(t.resources[0].status == models::ResourceStatus::promoted);
    CHECK(t.rpo(s, 0) == minutes(10));
    CHECK(t.rto(0) == minutes(20));
  }
  SUBCASE("one_zone applies only to EFS and S3") {
    const auto r = load_result(one(R"js({"id": "x", "type": "ebs", "region": "us-east-1", "one_zone": true, "az": "us-east-1a"})js", ""));
    CHECK_REFUSES(r, "/resources/0/one_zone", "one_zone applies to efs, s3");
  }
}

TEST_CASE("EFS replication to another Region: RPO = lag, RTO = failover after the declaration") {
  const auto s = load_json(one(R"js({"id": "x", "type": "efs", "region": "us-east-1"})js",
                               R"js({"kind": "efs_replication", "resources": ["x"], "to": "us-west-2"})js"));
  for (const auto& t : run_trials(s, "region", 100)) {
    // "the majority ... within 15 minutes": drsim draws 1-15 minutes.
    CHECK(t.rpo(s, 0) >= minutes(1));
    CHECK(t.rpo(s, 0) <= minutes(15));
    CHECK(t.rto(0) == minutes(20));
    CHECK(t.resources[0].recovery_region == 1);
  }
  const auto twice = load_result(one(R"js({"id": "x", "type": "efs", "region": "us-east-1"})js",
                                     R"js({"kind": "efs_replication", "resources": ["x"], "to": "us-west-2"},
                                          {"kind": "efs_replication", "resources": ["x"], "to": "eu-west-1"})js"));
  CHECK_REFUSES(twice, "/protections/1", "\"A file system can be part of only one replication configuration\"");
}

TEST_CASE("RDS read replicas: promoted after the declaration, RPO = the replica's lag") {
  const char* db = R"js({"id": "x", "type": "rds", "region": "us-east-1", "az": "us-east-1a"})js";
  SUBCASE("cross-Region: lag 20 s, promotion 10m (\"several minutes or longer\"): RTO 25m") {
    const auto s = load_json(one(db, R"js({"kind": "rds_read_replica", "resources": ["x"], "to": "us-west-2", "lag": "20s"})js"));
    const auto t = run_trial(s, "region");
    CHECK(t.resources[0].status == models::ResourceStatus::promoted);
    CHECK(t.rpo(s, 0) == seconds(20));
    CHECK(t.rto(0) == minutes(25));
  }
  SUBCASE("in the same Region, in another AZ: survives the AZ, not the Region") {
    const auto s = load_json(one(db, R"js({"kind": "rds_read_replica", "resources": ["x"], "to": "us-east-1", "az": "us-east-1b", "lag": "20s"})js"));
    const auto az = run_trial(s, "az");
    CHECK(az.resources[0].status == models::ResourceStatus::promoted);
    CHECK(az.resources[0].recovery_az == 1);
    CHECK(az.rpo(s, 0) == seconds(20));
    CHECK(run_trial(s, "region").resources[0].status == models::ResourceStatus::unrecoverable);
    CHECK_REFUSES(load_result(one(db, R"js({"kind": "rds_read_replica", "resources": ["x"], "to": "us-east-1"})js")),
                  "/protections/0", "needs \"az\"");
  }
}

TEST_CASE("DynamoDB point-in-time recovery: LatestRestorableDateTime is 5 minutes before now") {
  const auto s = load_json(one(R"js({"id": "x", "type": "dynamodb", "region": "us-east-1"})js",
                               R"js({"kind": "dynamodb_pitr", "resources": ["x"]})js"));
  CHECK(s.continuous_backups[0].retention_days == 35);  // "the value will default to 35"
  // The table lost (Hardware): RPO 5m; restore 30m (95% within an hour) after 15m: 45m.
  const auto t = run_trial(s, "lost");
  CHECK(t.resources[0].point.mechanism == models::Mechanism::continuous);
  CHECK(t.rpo(s, 0) == minutes(5));
  CHECK(t.rto(0) == minutes(45));
  CHECK_FALSE(run_trial(s, "az").resources[0].impacted());
  CHECK(run_trial(s, "region").resources[0].status == models::ResourceStatus::unrecoverable);
}

TEST_CASE("DynamoDB global tables: the replica already serves; strong consistency loses nothing") {
  const char* table = R"js({"id": "x", "type": "dynamodb", "region": "us-east-1"})js";
  SUBCASE("MREC: \"typically within a second or less\": RPO <= 1 s, RTO 0") {
    const auto s = load_json(one(table, R"js({"kind": "dynamodb_global_table", "resources": ["x"], "replicas": ["us-west-2"]})js"));
    for (const auto& t : run_trials(s, "region", 50)) {
      CHECK(t.rpo(s, 0) <= seconds(1));
      CHECK(t.rto(0) == 0);
      CHECK(t.applications[0].rto == minutes(2));
    }
  }
  SUBCASE("MRSC with three replicas: RPO 0") {
    const auto s = load_json(one(table, R"js({"kind": "dynamodb_global_table", "resources": ["x"], "consistency": "strong",
                                            "replicas": ["us-west-2", "us-east-2"]})js"));
    CHECK(run_trial(s, "region").rpo(s, 0) == 0);
  }
  SUBCASE("MRSC shapes AWS refuses") {
    CHECK_REFUSES(load_result(one(table, R"js({"kind": "dynamodb_global_table", "resources": ["x"], "consistency": "MRSC",
                                              "replicas": ["us-west-2"]})js")),
                  "/protections/0/replicas", "either three replicas, or with two replicas and one witness");
    CHECK(load_result(one(table, R"js({"kind": "dynamodb_global_table", "resources": ["x"], "consistency": "MRSC",
                                      "replicas": ["us-west-2"], "witness": "us-east-2"})js")).errors.empty());
    CHECK_REFUSES(load_result(one(table, R"js({"kind": "dynamodb_global_table", "resources": ["x"], "consistency": "strong",
                                              "replicas": ["us-west-2", "eu-west-1"]})js")),
                  "/protections/0/replicas", "within one Region set");
    CHECK_REFUSES(load_result(one(table, R"js({"kind": "dynamodb_global_table", "resources": ["x"], "witness": "us-east-2",
                                              "replicas": ["us-west-2"]})js")),
                  "/protections/0/witness", "a witness belongs to a multi-Region strongly consistent (MRSC) table");
  }
}
