// Comparing variants (issue 8): the interval estimators, and common random numbers making
// the paired intervals far tighter than unpaired ones on the same runs.
#include <doctest/doctest.h>

#include <string>

#include <fmt/format.h>

#include "analysis/comparison.hpp"
#include "analysis/comparison_report.hpp"
#include "analysis/paired_statistics.hpp"
#include "test_support.hpp"

using namespace drsim;

TEST_CASE("Newcombe's interval for independent proportions reproduces his published example") {
  // Newcombe (1998), "Interval estimation for the difference between independent proportions:
  // comparison of eleven methods", example (a): 56/70 - 48/80 = 0.2000, method 10 (score,
  // no continuity correction) 0.0524 to 0.3339. By hand: Wilson 95% for 56/70 is
  // [0.6923, 0.8734], for 48/80 [0.4910, 0.6990]; L = 0.2 - sqrt((0.8-0.6923)^2 +
  // (0.6990-0.6)^2) = 0.0524, U = 0.2 + sqrt((0.8734-0.8)^2 + (0.6-0.4910)^2) = 0.3339.
  const analysis::Interval i = analysis::unpaired_proportion_difference(56, 70, 48, 80);
  CHECK(i.estimate == doctest::Approx(0.2));
  CHECK(i.low == doctest::Approx(0.0524).epsilon(0.001));
  CHECK(i.high == doctest::Approx(0.3339).epsilon(0.001));
}

TEST_CASE("Newcombe's hybrid score interval for paired proportions, computed by hand") {
  // Pairs (a, b, c, d) = (36, 12, 2, 0), n = 50: p1 = 48/50 = 0.96, p2 = 38/50 = 0.76, delta
  // = 0.20. Wilson: p1 in [0.8654, 0.9890], p2 in [0.6259, 0.8570]. phi = (ad - bc) /
  // sqrt((a+b)(c+d)(a+c)(b+d)) = (0 - 24) / sqrt(48*2*38*12) = -0.11471.
  // L = 0.2 - sqrt(0.0946^2 - 2 phi 0.0946*0.0970 + 0.0970^2) = 0.0569,
  // U = 0.2 + sqrt(0.0290^2 - 2 phi 0.0290*0.1341 + 0.1341^2) = 0.3404.
  const analysis::Interval i = analysis::paired_proportion_difference(36, 12, 2, 0);
  CHECK(i.estimate == doctest::Approx(0.2));
  CHECK(i.low == doctest::Approx(0.0569).epsilon(0.002));
  CHECK(i.high == doctest::Approx(0.3404).epsilon(0.002));
  // Identical outcomes in every pair: the difference is 0 and the interval contains it.
  const analysis::Interval same = analysis::paired_proportion_difference(40, 0, 0, 10);
  CHECK(same.estimate == 0);
  CHECK(same.low < 0);
  CHECK(same.high > 0);
}

TEST_CASE("The bootstrap of p95: nearest rank, a constant series, and pairing identical series") {
  // 20 values 1..20: nearest rank ceil(0.95 * 20) = 19, so p95 = 19.
  std::vector<float> v;
  for (int i = 1; i <= 20; ++i) v.push_back(static_cast<float>(i));
  CHECK(analysis::p95(v) == 19);
  const std::vector<float> constant(50, 7.0f);
  const analysis::TrialBootstrap boot(50, 3, 400);
  const auto reps = boot.p95_replicates({&constant});
  for (double x : reps[0]) CHECK(x == 7.0);
  // A series paired with itself differs by exactly 0 in every resample.
  std::vector<float> noisy;
  for (int i = 0; i < 50; ++i) noisy.push_back(static_cast<float>((i * 37) % 50));
  const analysis::TrialBootstrap b100(50, 3, 400);
  const auto pair = b100.p95_replicates({&noisy, &noisy});
  for (std::size_t r = 0; r < pair[0].size(); ++r) CHECK(pair[0][r] == pair[1][r]);
}

namespace {

// The CRN scenario of common_random_numbers_test: two volumes, daily backups copied to
// us-west-2, lognormal job and restore durations, a Region loss at a uniform instant.
std::string scenario(const std::string& restore_p50, const std::string& restore_p90) {
  return fmt::format(R"js({{
  "drsim": 1, "name": "crn",
  "regions": [{{"name": "us-east-1", "azs": ["us-east-1a", "us-east-1b"]}}, {{"name": "us-west-2", "azs": ["us-west-2a"]}}],
  "vaults": [{{"name": "prod", "region": "us-east-1"}}, {{"name": "dr", "region": "us-west-2"}}],
  "resources": [
    {{"id": "vol-a", "type": "ebs", "region": "us-east-1", "az": "us-east-1a", "size_gb": 100}},
    {{"id": "vol-b", "type": "ebs", "region": "us-east-1", "az": "us-east-1b", "size_gb": 300}}],
  "models": {{"ebs": {{"backup": {{"fixed": {{"lognormal": {{"p50": "20m", "p90": "1h"}}}}, "mib_per_s": 0}},
                      "copy": {{"fixed": {{"lognormal": {{"p50": "30m", "p90": "2h"}}}}, "mib_per_s": 0}},
                      "restore": {{"fixed": {{"lognormal": {{"p50": "{0}", "p90": "{1}"}}}}, "mib_per_s": 0}}}}}},
  "backup_plans": [{{"region": "us-east-1", "BackupPlan": {{"BackupPlanName": "p", "Rules": [{{
      "RuleName": "daily", "TargetBackupVaultName": "prod", "ScheduleExpression": "cron(0 5 ? * * *)",
      "CopyActions": [{{"DestinationBackupVaultArn": "arn:aws:backup:us-west-2:1:backup-vault:dr"}}]}}]}},
    "Selections": [{{"SelectionName": "s", "Resources": ["vol-a", "vol-b"]}}]}}],
  "recovery": {{"detection": {{"uniform": ["1m", "20m"]}}, "declaration": "0s", "cutover": {{"uniform": ["1m", "5m"]}},
               "failover_regions": {{"us-east-1": "us-west-2"}}}},
  "applications": [{{"name": "app", "resources": ["vol-a", "vol-b"],
                     "policy": {{"Region": {{"rtoInSecs": 10800, "rpoInSecs": 93600}}}}}}],
  "failures": [{{"name": "region-loss", "scope": "region", "target": "us-east-1",
                 "at": {{"uniform": ["2026-02-01T00:00:00Z", "2026-03-01T00:00:00Z"]}}}}]
}})js",
                     restore_p50, restore_p90);
}

double width(const analysis::Interval& i) { return i.high - i.low; }

}  // namespace

TEST_CASE("Common random numbers: paired intervals are much narrower than unpaired ones on the same runs") {
  const models::Scenario base = testing::load_json(scenario("40m", "2h"));
  const models::Scenario slower = testing::load_json(scenario("50m", "2h30m"));
  analysis::ComparisonOptions opt;
  opt.seed = 11;
  opt.trials = 1000;
  opt.threads = 2;
  const analysis::ComparisonResult r = analysis::compare_variants({{"base", {}, &base}, {"slower", {}, &slower}}, opt);
  REQUIRE(r.failures.size() == 1);
  REQUIRE(r.failures[0].applications.size() == 1);
  const analysis::VariantCell& c = r.failures[0].applications[0].variants[1];
  REQUIRE(c.present);
  // Only the restore got slower: the RPO is the same in every trial (paired difference
  // exactly 0), while two independent runs of the same RPO distribution still differ.
  CHECK(c.rpo_s.paired.low == 0);
  CHECK(c.rpo_s.paired.high == 0);
  CHECK(width(c.rpo_s.unpaired) > 0);
  // Every restore quantile is 25% longer (p50 40m -> 50m, p90 2h -> 2h30m), and a draw is the
  // same quantile in both variants, so each trial's RTO is longer; pairing removes the noise
  // of the failure instant, the detection and the cutover.
  CHECK(c.rto_s.paired.estimate > 0);
  CHECK(c.rto_s.paired.low > 0);
  // (Seed 11: paired 562 s wide against 3,535 s unpaired.)
  CHECK(width(c.rto_s.paired) < 0.25 * width(c.rto_s.unpaired));
  // Compliance (RTO 3h): trials that meet in the slower variant also meet in the base.
  CHECK(c.compliance.paired.estimate < 0);
  // Only discordant trials carry information about the difference: 0.031 wide against 0.061.
  CHECK(width(c.compliance.paired) < 0.6 * width(c.compliance.unpaired));
}

TEST_CASE("A comparison is byte-identical for any thread count") {
  const models::Scenario base = testing::load_json(scenario("40m", "2h"));
  const models::Scenario slower = testing::load_json(scenario("50m", "2h30m"));
  const models::Scenario faster = testing::load_json(scenario("30m", "1h30m"));
  std::string first;
  for (unsigned threads : {1u, 2u, 3u, 7u}) {
    analysis::ComparisonOptions opt;
    opt.seed = 5;
    opt.trials = 300;
    opt.threads = threads;
    opt.bootstrap = 200;
    const auto r = analysis::compare_variants({{"base", {}, &base}, {"slower", {}, &slower}, {"faster", {}, &faster}}, opt);
    const std::string text = analysis::comparison_json(r).dump() + analysis::comparison_csv(r) + analysis::render_comparison_text(r);
    if (first.empty()) first = text;
    CAPTURE(threads);
    CHECK(text == first);
  }
}
