// Monte Carlo against analytic truth. Bounds are four standard errors of the estimate for
// the sample size used, so a correct model fails them with probability well under 1e-4.
#include <doctest/doctest.h>

#include <cmath>
#include <string>

#include <fmt/format.h>

#include "analysis/reports.hpp"
#include "analysis/study.hpp"
#include "scenarios/generator.hpp"
#include "test_support.hpp"

using namespace drsim;

namespace {

constexpr std::uint64_t kTrials = 4000;

// Backups every T = 4 h (jobs of d = 10 m, copies of c = 1 h) of one volume; the failure is
// uniform over two months, so its phase within the 4-hour cycle is uniform.
std::string periodic(const std::string& scope_target, std::int64_t rpo_target_s) {
  return fmt::format(R"js({{
  "drsim": 1, "name": "periodic",
  "regions": [{{"name": "us-east-1", "azs": ["us-east-1a", "us-east-1b"]}}, {{"name": "us-west-2", "azs": ["us-west-2a"]}}],
  "vaults": [{{"name": "prod", "region": "us-east-1"}}, {{"name": "dr", "region": "us-west-2"}}],
  "resources": [{{"id": "vol", "type": "ebs", "region": "us-east-1", "az": "us-east-1a", "size_gb": 100}}],
  "models": {{"ebs": {{"backup": {{"fixed": "10m", "mib_per_s": 0}}, "copy": {{"fixed": "1h", "mib_per_s": 0}},
                      "restore": {{"fixed": "30m", "mib_per_s": 0}}}}}},
  "backup_plans": [{{"region": "us-east-1", "BackupPlan": {{"BackupPlanName": "p", "Rules": [{{
      "RuleName": "every-4h", "TargetBackupVaultName": "prod", "ScheduleExpression": "cron(0 0/4 * * ? *)",
      "CopyActions": [{{"DestinationBackupVaultArn": "arn:aws:backup:us-west-2:1:backup-vault:dr"}}]}}]}},
    "Selections": [{{"SelectionName": "s", "Resources": ["vol"]}}]}}],
  "recovery": {{"detection": "0s", "declaration": "0s", "cutover": "0s", "failover_regions": {{"us-east-1": "us-west-2"}}}},
  "applications": [{{"name": "app", "resources": ["vol"],
                     "policy": {{"AZ": {{"rtoInSecs": 86400, "rpoInSecs": {0}}}, "Region": {{"rtoInSecs": 86400, "rpoInSecs": {0}}}}}}}],
  "failures": [{{"name": "f", {1}, "at": {{"uniform": ["2026-01-10T00:00:00Z", "2026-03-10T00:00:00Z"]}}}}]
}})js",
                     rpo_target_s, scope_target);
}

analysis::FailureResult study(const models::Scenario& s, std::uint64_t trials = kTrials, unsigned threads = 2) {
  analysis::StudyOptions opt;
  opt.seed = 42;
  opt.trials = trials;
  opt.threads = threads;
  return std::move(analysis::run_study(s, {0}, opt).failures[0]);
}

// Uniform on [lo, hi] (seconds): mean, p50 and p90 within four standard errors.
void check_uniform(const analysis::Summary& got, double lo, double hi, std::uint64_t n) {
  const double width = hi - lo, rn = std::sqrt(static_cast<double>(n));
  const double se_mean = width / std::sqrt(12.0) / rn;
  auto se_quantile = [&](double p) { return width * std::sqrt(p * (1 - p)) / rn; };
  CHECK(std::abs(got.mean - (lo + width / 2)) <= 4 * se_mean);
  CHECK(std::abs(got.p50 - (lo + 0.5 * width)) <= 4 * se_quantile(0.5));
  CHECK(std::abs(got.p90 - (lo + 0.9 * width)) <= 4 * se_quantile(0.9));
  CHECK(got.min >= lo);
  CHECK(got.max <= hi);
  CHECK(got.mean_ci_low <= lo + width / 2 + 4 * se_mean);
  CHECK(got.mean_ci_high >= lo + width / 2 - 4 * se_mean);
}

}  // namespace

TEST_CASE("Monte Carlo: RPO of a T-periodic backup with jobs of d is uniform on [d, T + d]") {
  const auto s = testing::load_json(periodic(R"("scope": "az", "target": "us-east-1a")", 7800));
  const auto r = study(s);
  REQUIRE(r.applications[0].rpo_s.has_value());
  check_uniform(*r.applications[0].rpo_s, 600, 4 * 3600 + 600, kTrials);
  // Every restore takes 30 m with nothing in the way.
  CHECK(r.applications[0].rto_s->min == 1800.0);
  CHECK(r.applications[0].rto_s->max == 1800.0);
}

TEST_CASE("Monte Carlo: with a copy of c and a Region loss, RPO is uniform on [d + c, T + d + c]") {
  const auto s = testing::load_json(periodic(R"("scope": "region", "target": "us-east-1")", 7800));
  const auto r = study(s);
  check_uniform(*r.applications[0].rpo_s, 600 + 3600, 4 * 3600 + 600 + 3600, kTrials);
}

TEST_CASE("Monte Carlo: compliance with an RPO target at the median is about one half, inside its interval") {
  // Median of uniform [10m, 4h10m] is 2h10m = 7800 s.
  const auto s = testing::load_json(periodic(R"("scope": "az", "target": "us-east-1a")", 7800));
  const auto r = study(s);
  const auto& c = r.applications[0].rpo_met;
  CHECK(c.trials == kTrials);
  CHECK(std::abs(c.estimate - 0.5) <= 4 * std::sqrt(0.25 / kTrials));
  CHECK(c.ci_low < 0.5);
  CHECK(c.ci_high > 0.5);
  CHECK(c.ci_high - c.ci_low == doctest::Approx(2 * 1.96 * std::sqrt(0.25 / kTrials)).epsilon(0.05));
  CHECK(r.applications[0].rto_met.estimate == 1.0);
}

TEST_CASE("Monte Carlo: N equal restores through k slots give the fleet RTO its known steps") {
  // 40 restores of 20 m through 10 slots, in every trial: a quarter each at 20, 40, 60, 80 m.
  const auto s = testing::load_json(R"js({
    "drsim": 1, "name": "steps",
    "regions": [{"name": "us-east-1", "azs": ["us-east-1a", "us-east-1b"]}],
    "resources": [{"id": "vol", "count": 40, "type": "ebs", "region": "us-east-1", "az": "us-east-1a"}],
    "models": {"ebs": {"backup": {"fixed": "5m"}, "restore": {"fixed": "20m", "mib_per_s": 0}}},
    "protections": [{"kind": "dlm_snapshots", "resources": ["vol"], "every": "12h", "retain": 2}],
    "recovery": {"detection": "0s", "declaration": "0s", "cutover": "0s",
                 "pools": [{"name": "restore-jobs", "capacity": 10}]},
    "failures": [{"name": "az", "scope": "az", "target": "us-east-1a",
                  "at": {"uniform": ["2026-01-05T00:00:00Z", "2026-02-05T00:00:00Z"]}}]})js");
  const auto r = study(s, 200);
  const auto& fleet = *r.fleet.rto_s;
  CHECK(fleet.count == 40 * 200);
  CHECK(fleet.min == 1200.0);
  CHECK(fleet.p50 == 2400.0);  // 50% of restores end by 40 m
  CHECK(fleet.p90 == 4800.0);
  CHECK(fleet.p99 == 4800.0);
  CHECK(fleet.max == 4800.0);
  CHECK(fleet.mean == doctest::Approx(3000.0));
  CHECK(r.resources[0].rto_s->max == 1200.0);   // vol-01 is always in the first wave
  CHECK(r.resources[39].rto_s->min == 4800.0);  // vol-40 always in the last
}

TEST_CASE("Monte Carlo: results are byte-identical for 1, 2 and 7 threads and for repeated runs") {
  scenarios::GeneratorOptions gen;
  gen.resources = 300;
  gen.seed = 5;
  const auto s = testing::load_json(scenarios::generate_scenario_json(gen));
  std::vector<std::size_t> failures;
  for (std::size_t f = 0; f < s.failures.size(); ++f) failures.push_back(f);
  auto render = [&](unsigned threads) {
    analysis::StudyOptions opt;
    opt.seed = 9;
    opt.trials = 60;
    opt.threads = threads;
    opt.keep_trial_rows = true;
    const auto r = analysis::run_study(s, failures, opt);
    const auto cost = models::estimate_monthly_cost(s);
    return analysis::results_json(s, r, cost).dump(1) + analysis::results_csv(s, r) + analysis::render_text_report(s, r, cost);
  };
  const std::string one = render(1);
  CHECK(one == render(2));
  CHECK(one == render(7));
  CHECK(one == render(1));
  CHECK(one.find("\"trials\": 60") != std::string::npos);
}
