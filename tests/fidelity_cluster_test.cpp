// Cluster storage and Multi-AZ deployments, by hand from AWS's documentation:
// - Aurora, DocumentDB, Neptune keep their cluster volume in three AZs "regardless of whether
//   the instances in the DB cluster span multiple Availability Zones" (Aurora User Guide, "High
//   availability for Amazon Aurora"); with the only instance's AZ lost, "make sure to manually
//   create one or more new DB instances in another AZ": RPO 0, RTO = declaration + instance
//   creation ("typically takes less than 10 minutes": drsim's default 10m);
// - their automated backups are always on, 1 day by default ("You can't disable automated
//   backups on Aurora"); a restore "only restores the DB cluster, not the DB instances";
// - RDS Multi-AZ DB instance failover "typically 60-120 seconds"; Multi-AZ DB cluster
//   "typically under 35 seconds".
#include <doctest/doctest.h>

#include "test_support.hpp"

using namespace drsim;
using namespace drsim::testing;

namespace {

const char* kLedger = R"js({
  "drsim": 1, "name": "ledger",
  "regions": [{"name": "us-east-1", "azs": ["us-east-1a", "us-east-1b", "us-east-1c"]},
              {"name": "us-west-2", "azs": ["us-west-2a", "us-west-2b"]}],
  "resources": [{"id": "ledger", "type": "aurora", "region": "us-east-1", "az": "us-east-1a", "size_gb": 100,
                 "change_gb_per_day": 0}],
  "recovery": {"detection": "5m", "declaration": "10m", "cutover": "1m", "failover_regions": {"us-east-1": "us-west-2"}},
  "applications": [{"name": "books", "resources": ["ledger"]}],
  "failures": [
    {"name": "az", "scope": "az", "target": "us-east-1a", "at": "2026-01-10T12:02:30Z"},
    {"name": "region", "scope": "region", "target": "us-east-1", "at": "2026-01-10T12:02:30Z"},
    {"name": "instance", "scope": "resource", "target": "ledger", "at": "2026-01-10T12:02:30Z"}]})js";

std::string with(std::string json, const std::string& anchor, const std::string& text) {
  json.insert(json.find(anchor), text);
  return json;
}

}  // namespace

TEST_CASE("Aurora, one instance, its AZ lost: a new instance on the surviving cluster volume") {
  const auto s = load_json(kLedger);
  const auto t = run_trial(s, "az");
  const auto& o = t.resources[index_of(s, "ledger")];
  CHECK(o.status == models::ResourceStatus::new_instance);
  CHECK(o.recovery_az == 1);  // us-east-1b
  // RPO 0: the data is on the volume. RTO = detection 5m + declaration 10m + create 10m = 25m.
  CHECK(t.rpo(s, 0) == 0);
  CHECK(t.rto(0) == minutes(25));
  CHECK(t.applications[0].rto == minutes(26));  // + cutover 1m
  CHECK(t.applications[0].rpo == 0);
}

TEST_CASE("Aurora with a replica in another AZ fails over on its own") {
  // multi_az: a replica in another AZ; failover "typically ... less than 60 seconds, and often
  // less than 30" (default uniform 30-60 s); overridden to 45 s here: RTO 45 s, no declaration.
  auto json = with(kLedger, R"js(, "size_gb": 100)js", R"js(, "multi_az": true)js");
  json = with(json, R"js("recovery")js", R"js("models": {"aurora": {"failover": {"fixed": "45s"}}}, )js");
  const auto s = load_json(json);
  const auto t = run_trial(s, "az");
  CHECK(t.resources[0].status == models::ResourceStatus::failed_over);
  CHECK(t.rto(0) == seconds(45));
  CHECK(t.rpo(s, 0) == 0);
  CHECK(t.applications[0].rto == seconds(105));  // + cutover 1m
  // The default failover time lies in AWS's range.
  const auto d = load_json(with(kLedger, R"js(, "size_gb": 100)js", R"js(, "multi_az": true)js"));
  for (const auto& trial : run_trials(d, "az", 50)) {
    CHECK(trial.rto(0) >= seconds(30));
    CHECK(trial.rto(0) <= seconds(60));
  }
}

TEST_CASE("Aurora's automated backups are always on: point-in-time restore in the Region, lost with it") {
  const auto s = load_json(kLedger);
  REQUIRE(s.continuous_backups.size() == 1);
  CHECK(s.continuous_backups[0].implicit);
  CHECK(s.continuous_backups[0].retention_days == 1);
  SUBCASE("the instance lost (Hardware): restore to the last 5-minute boundary, then create an instance") {
    // Failure 12:02:30: latest restorable 12:00:00, RPO 2m30s. RTO = 15m (detection +
    // declaration) + restore 15m + 100 GiB / 200 MiB/s (8m32s) + create instance 10m = 48m32s.
    const auto t = run_trial(s, "instance");
    CHECK(t.resources[0].status == models::ResourceStatus::restored);
    CHECK(t.resources[0].point.mechanism == models::Mechanism::continuous);
    CHECK(t.rpo(s, 0) == seconds(150));
    CHECK(t.rto(0) == minutes(48) + seconds(32));
  }
  SUBCASE("the Region lost: nothing outside it") {
    const auto t = run_trial(s, "region");
    CHECK(t.resources[0].status == models::ResourceStatus::unrecoverable);
    CHECK(t.resources[0].cause == models::UnrecoverableCause::no_usable_point);
  }
}

TEST_CASE("Aurora Global Database: Region loss promotes the secondary; headless adds an instance") {
  // Lag 1 s (AWS: "typical latency of under a second"), promotion 2m: RPO 1 s, RTO = 15m + 2m.
  const std::string global =
      R"js("protections": [{"kind": "aurora_global", "resources": ["ledger"], "secondary": "us-west-2", "lag": "1s"}],
           "models": {"aurora": {"promote": {"fixed": "2m"}}}, )js";
  const auto s = load_json(with(kLedger, R"js("recovery")js", global));
  const auto t = run_trial(s, "region");
  CHECK(t.resources[0].status == models::ResourceStatus::promoted);
  CHECK(t.resources[0].recovery_region == 1);
  CHECK(t.rpo(s, 0) == seconds(1));
  CHECK(t.rto(0) == minutes(17));
  // Headless: no instance to promote until one is created: + 10m.
  std::string headless = global;
  headless.replace(headless.find(R"js("lag": "1s")js"), 11, R"js("lag": "1s", "headless": true)js");
  const auto h = load_json(with(kLedger, R"js("recovery")js", headless));
  CHECK(run_trial(h, "region").rto(0) == minutes(27));
  // The default lag is under a second.
  const auto d = load_json(with(kLedger, R"js("recovery")js",
                                R"js("protections": [{"kind": "aurora_global", "resources": ["ledger"], "secondary": "us-west-2"}], )js"));
  for (const auto& trial : run_trials(d, "region", 30)) CHECK(trial.rpo(d, 0) <= seconds(1));
}

TEST_CASE("DocumentDB and Neptune: the same cluster volume; their own failover times and backups") {
  const auto s = load_json(R"js({
    "drsim": 1, "name": "graphs",
    "regions": [{"name": "us-east-1", "azs": ["us-east-1a", "us-east-1b"]}],
    "resources": [
      {"id": "docs", "type": "documentdb", "region": "us-east-1", "az": "us-east-1a", "multi_az": true},
      {"id": "graph", "type": "neptune", "region": "us-east-1", "az": "us-east-1a", "multi_az": true},
      {"id": "solo", "type": "neptune", "region": "us-east-1", "az": "us-east-1a", "change_gb_per_day": 0}],
    "protections": [{"kind": "cluster_automated_backups", "resources": ["docs", "solo"], "retention_days": 7}],
    "recovery": {"detection": "0s", "declaration": "0s"},
    "failures": [{"name": "az", "scope": "az", "target": "us-east-1a", "at": "2026-01-10T12:00:00Z"},
                 {"name": "solo-lost", "scope": "resource", "target": "solo", "at": "2026-01-10T12:07:00Z"}]})js");
  const auto t = run_trial(s, "az");
  // DocumentDB: "A failover to the replica instance typically takes less than 30 seconds" (30s).
  CHECK(t.resources[0].status == models::ResourceStatus::failed_over);
  CHECK(t.rto(0) == seconds(30));
  // Neptune: "typically restored in less than 120 seconds, and often less than 60" (60-120 s).
  CHECK(t.rto(1) >= seconds(60));
  CHECK(t.rto(1) <= seconds(120));
  // Neptune without a replica: a new instance, 10m.
  CHECK(t.resources[2].status == models::ResourceStatus::new_instance);
  CHECK(t.rto(2) == minutes(10));
  // Its own backups (7 days): point-in-time restore to 12:05, RPO 2m; restore 20m + create 10m.
  const auto lost = run_trial(s, "solo-lost");
  CHECK(lost.rpo(s, 2) == minutes(2));
  CHECK(lost.rto(2) == minutes(30));
  REQUIRE(s.continuous_backups.size() == 2);  // the explicit one, and the implicit one for "graph"
  CHECK(s.continuous_backups[0].retention_days == 7);
  CHECK(s.continuous_backups[1].resources == std::vector<models::ResourceIndex>{1});
}

TEST_CASE("RDS Multi-AZ: a DB instance fails over in 60-120 s, a DB cluster in under 35 s") {
  const auto s = load_json(R"js({
    "drsim": 1, "name": "rds-multi-az",
    "regions": [{"name": "us-east-1", "azs": ["us-east-1a", "us-east-1b", "us-east-1c"]}],
    "resources": [
      {"id": "instance", "type": "rds", "region": "us-east-1", "az": "us-east-1a", "multi_az": true},
      {"id": "cluster", "type": "rds", "region": "us-east-1", "az": "us-east-1a", "multi_az": "cluster"}],
    "recovery": {"detection": "5m", "declaration": "10m"},
    "failures": [{"name": "az", "scope": "az", "target": "us-east-1a", "at": "2026-01-10T12:00:00Z"}]})js");
  for (const auto& t : run_trials(s, "az", 40)) {
    CHECK(t.resources[0].status == models::ResourceStatus::failed_over);
    CHECK(t.rto(0) >= seconds(60));
    CHECK(t.rto(0) <= seconds(120));
    CHECK(t.rto(1) == seconds(35));
    CHECK(t.rpo(s, 1) == 0);
  }
}

TEST_CASE("What AWS refuses of Multi-AZ DB clusters and cluster backups") {
  SUBCASE("a Multi-AZ DB cluster needs a Region of three AZs, and cannot replicate its backups") {
    const auto r = load_result(R"js({
      "drsim": 1, "name": "refused",
      "regions": [{"name": "us-east-1", "azs": ["us-east-1a", "us-east-1b"]}, {"name": "us-west-2", "azs": ["us-west-2a"]}],
      "resources": [{"id": "db", "type": "rds", "region": "us-east-1", "az": "us-east-1a", "multi_az": "cluster"},
                    {"id": "graph", "type": "aurora", "region": "us-east-1", "az": "us-east-1a", "multi_az": "cluster"}],
      "protections": [{"kind": "rds_automated_backups", "resources": ["db"], "replicate_to": "us-west-2"},
                      {"kind": "cluster_automated_backups", "resources": ["graph"], "retention_days": 0}],
      "recovery": {}, "failures": [{"name": "az", "scope": "az", "target": "us-east-1a", "at": "2026-01-10T12:00:00Z"}]})js");
    CHECK_REFUSES(r, "/resources/0/multi_az", "at least three Availability Zones");
    CHECK_REFUSES(r, "/resources/1/multi_az", "names an RDS deployment; type aurora takes true or false");
    CHECK_REFUSES(r, "/protections/0/replicate_to", "\"Automated backup replication isn't supported for Multi-AZ DB clusters\"");
    CHECK_REFUSES(r, "/protections/1/retention_days", "You can't disable automated backups on Aurora");
  }
}
