// Recovery under constraints, by hand: capacity pools, the requires chain, multi-AZ failover.
#include <doctest/doctest.h>

#include <map>

#include "test_support.hpp"

using namespace drsim;
using namespace drsim::testing;

TEST_CASE("40 equal restores of 20 minutes through a pool of 10 slots end at 20, 40, 60, 80 minutes") {
  const auto s = load_json(R"js({
    "drsim": 1, "name": "pool",
    "regions": [{"name": "us-east-1", "azs": ["us-east-1a", "us-east-1b"]}],
    "resources": [{"id": "vol", "count": 40, "type": "ebs", "region": "us-east-1", "az": "us-east-1a"}],
    "models": {"ebs": {"backup": {"fixed": "5m"}, "restore": {"fixed": "20m", "mib_per_s": 0}}},
    "protections": [{"kind": "dlm_snapshots", "resources": ["vol"], "every": "12h", "retain": 2, "start_delay": "0s"}],
    "recovery": {"detection": "0s", "declaration": "0s", "cutover": "0s",
                 "pools": [{"name": "restore-jobs", "capacity": 10, "types": ["ebs"]}]},
    "applications": [{"name": "fleet", "resources": ["vol"]}],
    "failures": [{"name": "az", "scope": "az", "target": "us-east-1a", "at": "2026-01-02T00:30:00Z"}]})js");
  REQUIRE(s.resources.size() == 40);
  const auto t = run_trial(s, "az");
  std::map<sim::Duration, int> finished;
  for (models::ResourceIndex r = 0; r < 40; ++r) ++finished[t.rto(r)];
  CHECK(finished == std::map<sim::Duration, int>{{minutes(20), 10}, {minutes(40), 10}, {minutes(60), 10}, {minutes(80), 10}});
  // FIFO: the first ten in order start at once; vol-040 waited three rounds.
  CHECK(t.resources[0].pool_wait == 0);
  CHECK(t.resources[39].pool_wait == minutes(60));
  CHECK(t.resources[39].waited_pool == 0);
  CHECK(t.applications[0].rto == minutes(80));
  CHECK(t.applications[0].rpo == minutes(30));  // the 00:00 snapshot
}

TEST_CASE("A requires chain: each restore waits for what it requires; the app RTO is the chain's length") {
  // web requires api requires db; each restore takes 30m. Detection 5m, declaration 10m,
  // cutover 2m: web is up at 15m + 3 x 30m = 1h45m; the app at 1h47m.
  const auto s = load_json(R"js({
    "drsim": 1, "name": "chain",
    "regions": [{"name": "us-east-1", "azs": ["us-east-1a", "us-east-1b"]}],
    "resources": [
      {"id": "web", "type": "ebs", "region": "us-east-1", "az": "us-east-1a", "requires": ["api"]},
      {"id": "api", "type": "ebs", "region": "us-east-1", "az": "us-east-1a", "requires": ["db"]},
      {"id": "db",  "type": "ebs", "region": "us-east-1", "az": "us-east-1a"}],
    "models": {"ebs": {"backup": {"fixed": "5m"}, "restore": {"fixed": "30m", "mib_per_s": 0}}},
    "protections": [{"kind": "dlm_snapshots", "resources": ["web", "api", "db"], "every": "12h", "retain": 2,
                     "start_delay": "0s"}],
    "recovery": {"detection": "5m", "declaration": "10m", "cutover": "2m",
                 "pools": [{"name": "restore-jobs", "capacity": 10}]},
    "applications": [{"name": "shop", "resources": ["web", "api", "db"],
                      "policy": {"AZ": {"rtoInSecs": 3600, "rpoInSecs": 86400}}}],
    "failures": [{"name": "az", "scope": "az", "target": "us-east-1a", "at": "2026-01-02T06:00:00Z"}]})js");
  const auto t = run_trial(s, "az");
  const auto web = index_of(s, "web"), api = index_of(s, "api"), db = index_of(s, "db");
  CHECK(t.rto(db) == minutes(45));
  CHECK(t.rto(api) == minutes(75));
  CHECK(t.rto(web) == minutes(105));
  CHECK(t.resources[api].last_requirement == db);
  CHECK(t.resources[web].last_requirement == api);
  CHECK(t.resources[web].started_at - t.failure_at == minutes(75));
  CHECK(t.applications[0].rto == minutes(107));
  CHECK(t.applications[0].rto_gate == web);
}

TEST_CASE("Unrecoverable requirement makes its dependants unrecoverable, and they are named") {
  const auto s = load_json(R"js({
    "drsim": 1, "name": "blocked",
    "regions": [{"name": "us-east-1", "azs": ["us-east-1a", "us-east-1b"]}],
    "resources": [
      {"id": "server", "type": "ec2", "region": "us-east-1", "az": "us-east-1a", "requires": ["data"]},
      {"id": "data", "type": "ebs", "region": "us-east-1", "az": "us-east-1a"}],
    "recovery": {"detection": "0s", "declaration": "0s"},
    "applications": [{"name": "app", "resources": ["server", "data"]}],
    "failures": [{"name": "az", "scope": "az", "target": "us-east-1a", "at": "2026-01-02T06:00:00Z"}]})js");
  const auto t = run_trial(s, "az");
  CHECK(t.resources[index_of(s, "data")].cause == models::UnrecoverableCause::no_protection);
  CHECK(t.resources[index_of(s, "server")].cause == models::UnrecoverableCause::requires_unrecoverable);
  CHECK(t.resources[index_of(s, "server")].blocked_by == index_of(s, "data"));
  CHECK_FALSE(t.applications[0].recoverable);
}

TEST_CASE("Multi-AZ database under AZ loss fails over: RTO = failover time, RPO 0") {
  const auto s = load_json(R"js({
    "drsim": 1, "name": "multi-az",
    "regions": [{"name": "us-east-1", "azs": ["us-east-1a", "us-east-1b"]}],
    "resources": [
      {"id": "db", "type": "rds", "region": "us-east-1", "az": "us-east-1a", "multi_az": true, "size_gb": 500},
      {"id": "files", "type": "efs", "region": "us-east-1"}],
    "models": {"rds": {"failover": {"fixed": "90s"}}},
    "recovery": {"detection": "5m", "declaration": "25m", "cutover": "1m"},
    "applications": [{"name": "app", "resources": ["db", "files"],
                      "policy": {"AZ": {"rtoInSecs": 300, "rpoInSecs": 0}}}],
    "failures": [{"name": "az", "scope": "az", "target": "us-east-1a", "at": "2026-01-02T06:00:00Z"}]})js");
  const auto t = run_trial(s, "az");
  const auto db = index_of(s, "db");
  CHECK(t.resources[db].status == models::ResourceStatus::failed_over);
  CHECK(t.rto(db) == 90 * sim::kSecond);
  CHECK(t.rpo(s, db) == 0);
  CHECK(t.resources[db].recovery_az == 1);
  CHECK_FALSE(t.resources[index_of(s, "files")].impacted());  // EFS is regional
  CHECK(t.applications[0].rto == 150 * sim::kSecond);        // failover + cutover, no declaration
  CHECK(t.applications[0].rpo == 0);
}
