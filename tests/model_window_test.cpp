// The windowed backup history (what every trial uses) against the full replay from the
// epoch (the reference), on randomly generated scenarios: the newest usable recovery point
// must be the same point for every resource, failure instant, scope and trial.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "models/backup_history.hpp"
#include "models/recovery_engine.hpp"
#include "sim/random.hpp"
#include "test_support.hpp"

using namespace drsim;
using json = nlohmann::json;

namespace {

struct Draw {
  sim::RandomStream rng;
  int pick(int n) { return static_cast<int>(rng.uniform01() * n) % n; }
  bool chance(double p) { return rng.uniform01() < p; }
  std::string minutes(int lo, int hi) { return std::to_string(lo + pick(hi - lo + 1)) + "m"; }
};

json duration_model(Draw& d, bool allow_unbounded) {
  json fixed;
  switch (d.pick(allow_unbounded ? 4 : 3)) {
    case 0: fixed = d.minutes(1, 90); break;
    case 1: fixed = json{{"uniform", {d.minutes(1, 20), d.minutes(30, 200)}}}; break;
    case 2: fixed = json{{"triangular", {d.minutes(1, 10), d.minutes(11, 40), d.minutes(41, 300)}}}; break;
    default: fixed = json{{"lognormal", {{"p50", d.minutes(5, 20)}, {"p90", d.minutes(30, 240)}}}}; break;
  }
  return json{{"fixed", fixed}, {"mib_per_s", d.chance(0.5) ? 0 : 20 + d.pick(200)}};
}

// A random but valid scenario: a few volumes and databases under AWS Backup rules (with
// copies, lifecycles, tight or loose windows), DLM and RDS automated backups.
json random_scenario(std::uint64_t seed, std::vector<std::string>& failure_names) {
  Draw d{sim::RandomStream(seed, 0, 0, 0)};
  const bool unbounded = d.chance(0.3);
  json s = {{"drsim", 1}, {"name", "random-" + std::to_string(seed)},
            {"regions", {{{"name", "us-east-1"}, {"azs", {"us-east-1a", "us-east-1b"}}},
                         {{"name", "us-west-2"}, {"azs", {"us-west-2a"}}}}},
            {"vaults", {{{"name", "prod"}, {"region", "us-east-1"}}, {{"name", "dr"}, {"region", "us-west-2"}}}},
            {"recovery", {{"detection", "0s"}, {"declaration", "0s"}, {"failover_regions", {{"us-east-1", "us-west-2"}}}}}};
  json resources = json::array();
  const int n = 2 + d.pick(5);
  for (int i = 0; i < n; ++i) {
    const bool db = d.chance(0.3);
    resources.push_back({{"id", "r" + std::to_string(i)}, {"type", db ? "rds" : "ebs"}, {"region", "us-east-1"},
                         {"az", "us-east-1a"}, {"size_gb", 1 + d.pick(3000)}, {"change_gb_per_day", d.pick(400)}});
  }
  s["resources"] = resources;
  s["models"] = {{"ebs", {{"backup", duration_model(d, unbounded)}, {"copy", duration_model(d, unbounded)}}},
                 {"rds", {{"backup", duration_model(d, unbounded)}, {"copy", duration_model(d, unbounded)},
                          {"log_copy", {{"fixed", d.minutes(1, 20)}}}}},
                 {"backup_job", {{"start_delay", d.chance(0.5) ? json("0s") : json{{"uniform", {"0s", d.minutes(1, 120)}}}}}}};

  const char* schedules[] = {"cron(0 * * * ? *)",   "cron(30 0/2 * * ? *)", "cron(0 0/4 * * ? *)", "cron(15 0/6 * * ? *)",
                             "cron(0 0/12 * * ? *)", "cron(0 5 ? * * *)",    "cron(0 3 ? * MON-FRI *)", "cron(0 1 ? * SUN *)"};
  json rules = json::array();
  const int rule_count = 1 + d.pick(3);
  for (int k = 0; k < rule_count; ++k) {
    const int start_window = 60 + d.pick(480);
    json rule = {{"RuleName", "rule" + std::to_string(k)}, {"TargetBackupVaultName", "prod"},
                 {"ScheduleExpression", schedules[d.pick(8)]}, {"StartWindowMinutes", start_window},
                 {"CompletionWindowMinutes", start_window + 1 + d.pick(d.chance(0.5) ? 120 : 3000)}};
    if (d.chance(0.5)) {
      const int cold = 1 + d.pick(10);
      rule["Lifecycle"] = d.chance(0.5) ? json{{"DeleteAfterDays", 1 + d.pick(20)}}
                                        : json{{"MoveToColdStorageAfterDays", cold}, {"DeleteAfterDays", cold + 90}};
    }
    if (d.chance(0.6)) rule["CopyActions"] = {{{"DestinationBackupVaultArn", "arn:aws:backup:us-west-2:1:backup-vault:dr"}}};
    rules.push_back(rule);
  }
  json selected = json::array();
  for (int i = 0; i < n; ++i)
    if (d.chance(0.7)) selected.push_back("r" + std::to_string(i));
  if (selected.empty()) selected.push_back("r0");
  s["backup_plans"] = {{{"region", "us-east-1"}, {"BackupPlan", {{"BackupPlanName", "plan"}, {"Rules", rules}}},
                        {"Selections", {{{"SelectionName", "sel"}, {"Resources", selected}}}}}};

  json protections = json::array();
  std::vector<std::string> volumes, dbs;
  for (int i = 0; i < n; ++i) (resources[i]["type"] == "rds" ? dbs : volumes).push_back("r" + std::to_string(i));
  if (!volumes.empty() && d.chance(0.6))
    protections.push_back({{"kind", "dlm_snapshots"}, {"resources", volumes}, {"every", std::to_string(1 + d.pick(24)) + "h"},
                           {"retain", 1 + d.pick(6)}, {"copy_to", "us-west-2"}});
  if (!dbs.empty() && d.chance(0.7))
    protections.push_back({{"kind", "rds_automated_backups"}, {"resources", dbs}, {"window", "02:00-02:30"},
                           {"retention_days", 1 + d.pick(7)}, {"log_interval", "5m"}, {"replicate_to", "us-west-2"}});
  s["protections"] = protections;

  json failures = json::array();
  for (int f = 0; f < 12; ++f) {
    const int day = 1 + d.pick(60), hour = d.pick(24), minute = d.pick(60);
    char at[32];
    std::snprintf(at, sizeof at, "2026-%02d-%02dT%02d:%02d:00Z", 1 + (day - 1) / 28, 1 + (day - 1) % 28, hour, minute);
    const bool region = d.chance(0.5);
    const std::string name = "f" + std::to_string(f);
    failures.push_back({{"name", name}, {"scope", region ? "region" : "az"}, {"target", region ? "us-east-1" : "us-east-1a"}, {"at", at}});
    failure_names.push_back(name);
  }
  s["failures"] = failures;
  return s;
}

bool same(const models::RecoveryPoint& a, const models::RecoveryPoint& b) {
  return a.mechanism == b.mechanism && a.protection == b.protection && a.copy_index == b.copy_index &&
         a.data_time == b.data_time && a.available_time == b.available_time && a.region == b.region &&
         a.cold_at == b.cold_at && a.expires_at == b.expires_at && a.base_data_time == b.base_data_time;
}

}  // namespace

TEST_CASE("Windowed backup history chooses the same point as the full replay (random scenarios)") {
  std::size_t compared = 0, with_point = 0;
  for (std::uint64_t seed = 1; seed <= 60; ++seed) {
    std::vector<std::string> failures;
    const auto s = testing::load_json(random_scenario(seed, failures).dump());
    const models::ProtectionMap map(s);
    const models::BackupHistory history(s, map, s.latest_failure_instant());
    models::HistoryScratch scratch;
    std::vector<models::RecoveryPoint> full, recent;
    for (const auto& f : s.failures) {
      const sim::Time at = f.at.value();
      const auto lost = f.scope == models::FailureScope::region ? static_cast<models::RegionIndex>(f.target) : models::kNoRegion;
      const auto recovery_region = f.scope == models::FailureScope::region ? models::RegionIndex{1} : models::RegionIndex{0};
      for (std::uint64_t trial = 0; trial < 3; ++trial) {
        const models::TrialKey key{seed, trial};
        for (models::ResourceIndex r = 0; r < s.resources.size(); ++r) {
          full.clear();
          recent.clear();
          history.collect(r, at, key, full);
          history.collect_recent(r, at, lost, key, recent, scratch);
          const int a = models::best_usable_point(full, at, lost, recovery_region);
          const int b = models::best_usable_point(recent, at, lost, recovery_region);
          INFO("seed " << seed << " failure " << f.name << " trial " << trial << " resource " << s.resources[r].id);
          REQUIRE((a < 0) == (b < 0));
          if (a >= 0) {
            CHECK(same(full[static_cast<std::size_t>(a)], recent[static_cast<std::size_t>(b)]));
            ++with_point;
          }
          ++compared;
        }
      }
    }
  }
  MESSAGE(compared << " comparisons, " << with_point << " with a usable point");
  CHECK(compared > 2000);
  CHECK(with_point > compared / 2);
}
