// DR strategies (issue 8): the derivation of AWS's four strategies from a scenario, the
// standby and Elastic Disaster Recovery models, routing and control-plane flags, their cost,
// and the seed scenario landing in AWS's bands (REL13-BP02) where its services allow it.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "analysis/strategy_report.hpp"
#include "loader_support.hpp"
#include "models/control_plane.hpp"
#include "models/cost_model.hpp"
#include "scenarios/strategies.hpp"
#include "test_support.hpp"

using namespace drsim;
using nlohmann::ordered_json;
using scenarios::Strategy;

namespace {

ordered_json seed_document() {
  std::ifstream in(std::string(DRSIM_SOURCE_DIR) + "/scenarios/seed/classic-backup-restore.json");
  std::stringstream text;
  text << in.rdbuf();
  return ordered_json::parse(text.str());
}

models::Scenario load_doc(const ordered_json& doc) { return testing::load_json(doc.dump()); }

struct Strategies {
  std::vector<scenarios::DerivedStrategy> derived;
  std::vector<models::Scenario> built;
};

Strategies derive(const ordered_json& doc, scenarios::StrategyOptions options = {}) {
  const models::Scenario base = load_doc(doc);
  scenarios::StrategyDerivation d = scenarios::derive_strategies(doc, base, options);
  REQUIRE(d.errors.empty());
  REQUIRE(d.strategies.size() == 4);
  Strategies out;
  for (const auto& s : d.strategies) out.built.push_back(load_doc(s.document));
  out.derived = std::move(d.strategies);
  return out;
}

analysis::StrategyStudy study(const ordered_json& doc, std::uint64_t trials) {
  Strategies s = derive(doc);
  analysis::ComparisonOptions opt;
  opt.trials = trials;
  opt.bootstrap = 200;
  opt.failures = {"region-outage"};
  return analysis::study_strategies("t", std::move(s.derived), s.built, opt);
}

const analysis::VariantCell& cell(const analysis::StrategyStudy& st, Strategy s) {
  return st.comparison.failures[0].applications[0].variants[static_cast<std::size_t>(s)];
}

analysis::BandFit rto_fit(const analysis::StrategyStudy& st, Strategy s) {
  const auto& c = cell(st, s);
  return analysis::fit(analysis::aws_band(s).rto, c.rto_p50_s, c.rto_s.value.estimate);
}
analysis::BandFit rpo_fit(const analysis::StrategyStudy& st, Strategy s) {
  const auto& c = cell(st, s);
  return analysis::fit(analysis::aws_band(s).rpo, c.rpo_p50_s, c.rpo_s.value.estimate);
}

}  // namespace

TEST_CASE("the derivation gives each data store its continuous replication and each instance its standby") {
  const Strategies s = derive(seed_document());
  // Backup & restore: the seed as written (it has no replication).
  CHECK(s.built[0].replications.empty());
  CHECK_FALSE(s.built[0].groups[0].standby.has_value());
  // Pilot light: app-volume by Elastic Disaster Recovery, orders-db by a read replica,
  // shared-files by EFS replication, all to us-west-2; app-server off there.
  const models::Scenario& pilot = s.built[1];
  REQUIRE(pilot.replications.size() == 3);
  CHECK(pilot.replications[0].kind == models::ReplicationKind::elastic_disaster_recovery);
  CHECK(pilot.replications[1].kind == models::ReplicationKind::rds_read_replica);
  CHECK(pilot.replications[2].kind == models::ReplicationKind::efs_replication);
  REQUIRE(pilot.groups[0].standby.has_value());
  CHECK(pilot.groups[0].standby->running == 0);
  CHECK(pilot.regions[pilot.groups[0].standby->region].name == "us-west-2");
  CHECK(pilot.recovery.routing == models::Routing::dns_change);
  // Warm standby: a quarter running (one instance of one), ARC routing, no declaration.
  const models::Scenario& warm = s.built[2];
  CHECK(warm.groups[0].standby->running == doctest::Approx(0.25));
  CHECK(warm.groups[0].standby->running_instances(1) == 1);
  CHECK(warm.groups[0].standby->running_instances(10) == 3);  // ceil(2.5)
  CHECK(warm.recovery.routing == models::Routing::arc);
  CHECK(warm.recovery.declaration.value() == 0);
  // Multi-site: the whole fleet, Route 53 failover records on health checks.
  const models::Scenario& multi = s.built[3];
  CHECK(multi.groups[0].standby->running == 1);
  CHECK(multi.recovery.routing == models::Routing::dns_failover);
  CHECK(multi.recovery.detection.value() == 90 * sim::kSecond);
}

TEST_CASE("backup & restore drops the scenario's replication and standbys; a Region without a failover Region is an error") {
  ordered_json doc = seed_document();
  doc["protections"].push_back({{"kind", "rds_read_replica"}, {"resources", {"orders-db"}}, {"to", "us-west-2"}});
  doc["resources"][0]["standby"] = {{"region", "us-west-2"}, {"running", 0.5}};
  const Strategies s = derive(doc);
  CHECK(s.built[0].replications.empty());
  CHECK_FALSE(s.built[0].groups[0].standby.has_value());
  // Pilot light keeps the existing replica rather than adding a second one.
  CHECK(s.built[1].replications.size() == 3);

  ordered_json lonely = seed_document();
  lonely["recovery"].erase("failover_regions");
  lonely["failures"].erase(1);  // the loader itself refuses a Region loss with nowhere to go
  const models::Scenario base = load_doc(lonely);
  const auto d = scenarios::derive_strategies(lonely, base, {});
  REQUIRE(d.errors.size() == 1);
  CHECK(d.errors[0].location == "/recovery/failover_regions");
  CHECK(d.errors[0].message.find("us-east-1") != std::string::npos);
}

TEST_CASE("pilot light, warm standby and multi-site recover the seed's Region loss in the times computed by hand") {
  const Strategies s = derive(seed_document());
  const auto app_server = testing::index_of(s.built[1], "app-server");
  // Pilot light: detection 5m + declaration 25m; orders-db's read replica promoted (rds
  // `promote` 10m) by 40m, shared-files' EFS replica (5m) by 35m, app-volume's DRS volume at
  // once (ebs `promote` 0); app-server then launched (5m) and health-checked (2.5m): 47m30s;
  // cutover 2m: RTO 49m30s.
  const models::TrialResult pilot = testing::run_trial(s.built[1], "region-outage");
  CHECK(pilot.resources[app_server].status == models::ResourceStatus::scaled_out);
  CHECK(pilot.resources[app_server].work == 450 * sim::kSecond);
  CHECK(pilot.rto(app_server) == 47 * sim::kMinute + 30 * sim::kSecond);
  CHECK(pilot.applications[0].rto == 49 * sim::kMinute + 30 * sim::kSecond);
  // Warm standby: detection 5m, no declaration; orders-db promoted by 15m; the running
  // standby serves at once (work 0); ARC cutover 75s: RTO 16m15s.
  const models::TrialResult warm = testing::run_trial(s.built[2], "region-outage");
  CHECK(warm.resources[app_server].status == models::ResourceStatus::standby_serving);
  CHECK(warm.resources[app_server].work == 0);
  CHECK(warm.applications[0].rto == 16 * sim::kMinute + 15 * sim::kSecond);
  // Multi-site: health checks 90s, orders-db promoted by 11m30s, TTL 60s: 12m30s.
  const models::TrialResult multi = testing::run_trial(s.built[3], "region-outage");
  CHECK(multi.applications[0].rto == 12 * sim::kMinute + 30 * sim::kSecond);
  // Elastic Disaster Recovery: app-volume's data lags by uniform(0, 1s), so its RPO is under a second.
  const auto volume = testing::index_of(s.built[1], "app-volume");
  CHECK(pilot.resources[volume].status == models::ResourceStatus::promoted);
  CHECK(pilot.rpo(s.built[1], volume) <= sim::kSecond);
  // An AZ loss leaves the standby alone: app-server is relaunched in its own Region.
  const models::TrialResult az = testing::run_trial(s.built[2], "az-outage");
  CHECK(az.resources[app_server].status == models::ResourceStatus::relaunched);
  // ... and app-volume comes back from its DLM snapshot in us-east-1: the DRS staging volume
  // in us-west-2 launches only with a recovery instance there, and cannot be attached in us-east-1.
  CHECK(az.resources[volume].status == models::ResourceStatus::restored);
  CHECK(az.resources[volume].point.mechanism == models::Mechanism::snapshot);
}

TEST_CASE("the seed scenario lands in AWS's bands where its services allow, and the report names what keeps it out") {
  const analysis::StrategyStudy st = study(seed_document(), 300);
  // Backup & restore: RTO 6h28m (≤ 24h), RPO 9h07m (hours): shared-files' daily AWS Backup copy.
  CHECK(rto_fit(st, Strategy::backup_restore) == analysis::BandFit::within);
  CHECK(rpo_fit(st, Strategy::backup_restore) == analysis::BandFit::within);
  // Pilot light: RTO 49m30s (tens of minutes); RPO minutes: EFS replication's lag,
  // uniform(1m, 15m) ("the majority ... within 15 minutes").
  CHECK(rto_fit(st, Strategy::pilot_light) == analysis::BandFit::within);
  CHECK(rpo_fit(st, Strategy::pilot_light) == analysis::BandFit::within);
  // Warm standby: RTO 16m15s (minutes). Its RPO cannot be seconds: no EFS mechanism
  // replicates faster than EFS replication's minutes, and the report says shared-files gates it.
  CHECK(rto_fit(st, Strategy::warm_standby) == analysis::BandFit::within);
  CHECK(rpo_fit(st, Strategy::warm_standby) == analysis::BandFit::above);
  CHECK(cell(st, Strategy::warm_standby).rpo_gate == "shared-files");
  // Multi-site: an RDS read replica takes writes only once promoted (several minutes), so
  // RTO 12m30s is not near zero; app-server waits for it.
  CHECK(rto_fit(st, Strategy::multi_site) == analysis::BandFit::above);
  // Ordered as AWS orders them.
  CHECK(cell(st, Strategy::backup_restore).rto_p50_s > cell(st, Strategy::pilot_light).rto_p50_s);
  CHECK(cell(st, Strategy::pilot_light).rto_p50_s > cell(st, Strategy::warm_standby).rto_p50_s);
  CHECK(cell(st, Strategy::warm_standby).rto_p50_s > cell(st, Strategy::multi_site).rto_p50_s);
  CHECK(cell(st, Strategy::backup_restore).rpo_p50_s > cell(st, Strategy::pilot_light).rpo_p50_s);
  const std::string text = analysis::render_strategies_text(st);
  CHECK(text.find("warm standby RPO p95") != std::string::npos);
  CHECK(text.find("shared-files holds the oldest data") != std::string::npos);
}

TEST_CASE("with stores that replicate in seconds, every strategy lands in its AWS band") {
  // The seed with its files gone and its database a DynamoDB table backed up daily by AWS
  // Backup with a copy to us-west-2: a global table replica serves as it is (RPO < 1 s).
  // Backup & restore: the table's copy is from 05:00, 9h07m before the 14:07 failure (hours);
  // pilot light 5m + 25m + launch 5m + health 2.5m + cutover 2m = 39m30s (tens of minutes);
  // warm standby 5m + ARC 75s = 6m15s (minutes); multi-site 90s + TTL 60s = 2m30s (near zero).
  ordered_json doc = seed_document();
  auto& resources = doc["resources"];
  resources.erase(4);  // shared-files
  resources[0]["requires"] = {"app-ami", "app-volume", "orders-db"};
  resources[3] = {{"id", "orders-db"}, {"type", "dynamodb"}, {"region", "us-east-1"}, {"size_gb", 50}};
  doc["backup_plans"][0]["Selections"][0]["Resources"] = {"orders-db"};
  ordered_json protections = ordered_json::array();
  for (const auto& p : doc["protections"])
    if (p["kind"] != "rds_automated_backups") protections.push_back(p);
  doc["protections"] = protections;
  doc["applications"][0]["resources"] = {"app-server", "app-volume", "orders-db"};
  const analysis::StrategyStudy st = study(doc, 200);
  for (const Strategy s : scenarios::kStrategies) {
    INFO(to_string(s));
    CHECK(rto_fit(st, s) == analysis::BandFit::within);
    // Pilot light replicates the same stores as warm standby: its RPO is seconds, better
    // than AWS's "minutes" (below the band's low end).
    CHECK(rpo_fit(st, s) == (s == Strategy::pilot_light ? analysis::BandFit::below : analysis::BandFit::within));
  }
  CHECK(cell(st, Strategy::pilot_light).rto_p50_s == doctest::Approx(39 * 60 + 30));
  CHECK(cell(st, Strategy::warm_standby).rto_p50_s == doctest::Approx(6 * 60 + 15));
  CHECK(cell(st, Strategy::multi_site).rto_p50_s == doctest::Approx(150));
}

TEST_CASE("a cutover by a Route 53 record change is flagged when the failure takes us-east-1; ARC and failover records are not") {
  const Strategies s = derive(seed_document());
  for (std::size_t v = 0; v < 4; ++v) {
    const models::TrialResult t = testing::run_trial(s.built[v], "region-outage");
    const auto steps = models::control_plane_steps(s.built[v], t);
    bool flagged = false;
    for (const auto& step : steps) flagged = flagged || step.in_failed_region;
    INFO(v);
    // Backup & restore and pilot light keep the seed's dns_change; the others use the data plane.
    CHECK(flagged == (v < 2));
  }
  // An AZ loss leaves us-east-1's control planes.
  const models::TrialResult az = testing::run_trial(s.built[0], "az-outage");
  for (const auto& step : models::control_plane_steps(s.built[0], az)) CHECK_FALSE(step.in_failed_region);
}

TEST_CASE("standby compute, replicas, Elastic Disaster Recovery and routing are priced as computed by hand") {
  const Strategies s = derive(seed_document());
  auto line = [](const models::CostEstimate& c, std::string_view mechanism, std::string_view component_start) {
    for (const auto& l : c.lines)
      if (l.mechanism == mechanism && l.component.rfind(component_start, 0) == 0) return l.usd_month;
    return -1.0;
  };
  const models::CostEstimate pilot = models::estimate_monthly_cost(s.built[1]);
  // Read replica: 730 h × $0.159 (db.m6g.large) = $116.07; its storage 500 GB × $0.115 = $57.50.
  CHECK(line(pilot, "rds_read_replica", "replica DB instance") == doctest::Approx(116.07));
  CHECK(line(pilot, "rds_read_replica", "replica storage") == doctest::Approx(57.5));
  // DRS: 730 source server-hours × $0.028 = $20.44; staging 200 GB × $0.08 = $16.00;
  // changed blocks 8 GB/day × 30.417 days × $0.02 = $4.87.
  CHECK(line(pilot, "elastic_disaster_recovery", "replicating source server") == doctest::Approx(20.44));
  CHECK(line(pilot, "elastic_disaster_recovery", "staging storage") == doctest::Approx(16.0));
  CHECK(line(pilot, "elastic_disaster_recovery", "cross-Region transfer") == doctest::Approx(8 * 730.0 / 24 * 0.02));
  // A pilot light runs no instance.
  CHECK(line(pilot, "standby", "running standby") < 0);
  const models::CostEstimate warm = models::estimate_monthly_cost(s.built[2]);
  // One m6i.xlarge all month: 730 × $0.192 = $140.16; an ARC cluster: 730 × $2.50 = $1,825.
  CHECK(line(warm, "standby", "running standby") == doctest::Approx(140.16));
  CHECK(line(warm, "routing: Route 53 ARC routing control", "ARC cluster") == doctest::Approx(1825.0));
  // Route 53 failover records: a health check per Region's endpoint, 2 × $0.50.
  const models::CostEstimate multi = models::estimate_monthly_cost(s.built[3]);
  CHECK(line(multi, "routing: Route 53 failover records", "health checks") == doctest::Approx(1.0));
  // Without an instance type, the standby's hours are listed as unpriced, not guessed.
  ordered_json doc = seed_document();
  doc["resources"][0].erase("instance_type");
  doc["resources"][0]["standby"] = {{"region", "us-west-2"}, {"running", 1}};
  const models::CostEstimate bare = models::estimate_monthly_cost(load_doc(doc));
  bool unpriced = false;
  for (const auto& u : bare.unpriced) unpriced = unpriced || u.mechanism == "standby";
  CHECK(unpriced);
}

TEST_CASE("bad standby, routing and Elastic Disaster Recovery input names its place") {
  ordered_json doc = seed_document();
  doc["resources"][3]["standby"] = {{"region", "us-west-2"}};
  CHECK(testing::has_error(testing::load(doc), "/resources/3/standby", "applies to type ec2"));
  doc = seed_document();
  doc["resources"][0]["standby"] = {{"region", "us-west-2"}, {"running", 1.5}};
  CHECK(testing::has_error(testing::load(doc), "/resources/0/standby/running", "over 1"));
  doc = seed_document();
  doc["resources"][0]["standby"] = {{"region", "us-east-1"}};
  CHECK(testing::has_error(testing::load(doc), "/resources/0/standby/region", "own Region"));
  doc = seed_document();
  doc["recovery"]["routing"] = "arc-routing";
  CHECK(testing::has_error(testing::load(doc), "/recovery/routing", "unknown routing"));
  doc = seed_document();
  doc["protections"].push_back({{"kind", "elastic_disaster_recovery"}, {"resources", {"shared-files"}}, {"to", "us-west-2"}});
  CHECK(testing::has_error(testing::load(doc), "/protections/3/resources/0", "protects ebs resources"));
}

TEST_CASE("a warm standby serves at once at reduced capacity and scales up after") {
  // app-server as a fleet of 4 with a quarter running: ⌈0.25 × 4⌉ = 1 instance serves when
  // orders-db is promoted (5m + 10m); the other 3 launch (5m) and pass their health checks
  // (2m30s) after: full capacity at 15m + 7m30s + ARC cutover 75s = 23m45s, RTO 16m15s.
  ordered_json doc = seed_document();
  doc["resources"][0]["count"] = 4;
  const Strategies s = derive(doc);
  const models::Scenario& warm = s.built[2];
  CHECK(warm.groups[0].standby->running_instances(4) == 1);
  const models::TrialResult t = testing::run_trial(warm, "region-outage");
  CHECK(t.resources[0].status == models::ResourceStatus::standby_serving);
  CHECK(t.resources[0].scale_up == 450 * sim::kSecond);
  CHECK(t.applications[0].rto == 16 * sim::kMinute + 15 * sim::kSecond);
  CHECK(t.applications[0].full_capacity == 23 * sim::kMinute + 45 * sim::kSecond);
  // Multi-site runs the whole fleet: nothing to scale up.
  const models::TrialResult m = testing::run_trial(s.built[3], "region-outage");
  CHECK(m.applications[0].full_capacity == m.applications[0].rto);
  // Cost: one running m6i.xlarge of the warm standby's four, 730 × $0.192 = $140.16.
  double standby = 0;
  for (const auto& l : models::estimate_monthly_cost(warm).lines)
    if (l.mechanism == "standby") standby += l.usd_month;
  CHECK(standby == doctest::Approx(140.16));
}

TEST_CASE("validate agrees with run on standbys: one outside the failover Region is a warning; one there needs no image") {
  auto warned = [](const scenarios::LoadResult& r, std::string_view location, std::string_view fragment) {
    for (const auto& d : r.warnings)
      if (d.location == location && d.message.find(fragment) != std::string::npos) return true;
    return false;
  };
  ordered_json doc = seed_document();
  doc["regions"].push_back({{"name", "eu-west-1"}, {"azs", {"eu-west-1a"}}});
  doc["resources"][0]["standby"] = {{"region", "eu-west-1"}, {"running", 1}};
  CHECK(warned(testing::load(doc), "/resources/0/standby/region", "never used"));

  // No ami resource at all: a relaunch would have no image in us-west-2 (warned), but a
  // pilot-light standby there has its own launch template, so neither validate nor run fails it.
  doc = seed_document();
  doc["resources"][0]["requires"] = {"app-volume", "orders-db", "shared-files"};
  doc["resources"].erase(1);
  ordered_json protections = ordered_json::array();
  for (const auto& p : doc["protections"])
    if (p["kind"] != "ami_copy") protections.push_back(p);
  doc["protections"] = protections;
  CHECK(warned(testing::load(doc), "/resources/0", "no image in the recovery Region"));
  doc["resources"][0]["standby"] = {{"region", "us-west-2"}, {"running", 0}};
  const auto loaded = testing::load(doc);
  CHECK_FALSE(warned(loaded, "/resources/0", "no image"));
  const models::Scenario s = load_doc(doc);
  const models::TrialResult t = testing::run_trial(s, "region-outage");
  CHECK(t.resources[0].status == models::ResourceStatus::scaled_out);
}
