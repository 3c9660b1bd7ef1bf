// Common random numbers (issue 8): every variant of a trial draws the same random numbers for
// the same entity and purpose, keyed by what the scenario calls things (resource id, failure
// name, rule name), not by position. So a variant that adds a resource, a protection or a
// failure, or lists the same ones in another order, leaves every other draw where it was.
#include <doctest/doctest.h>

#include <string>

#include <fmt/format.h>

#include "test_support.hpp"

using namespace drsim;
using testing::index_of;

namespace {

// Two volumes backed up daily with a copy to us-west-2, restores and copies drawn from
// lognormals, the failure drawn uniformly over a month: every number below is random.
// `extra_resource` and `extra_failure` are spliced in front of the others, where a positional
// key would shift every later draw.
std::string scenario(const std::string& extra_resource, const std::string& extra_failure,
                     const std::string& rule_name = "daily") {
  return fmt::format(R"js({{
  "drsim": 1, "name": "crn",
  "regions": [{{"name": "us-east-1", "azs": ["us-east-1a", "us-east-1b"]}}, {{"name": "us-west-2", "azs": ["us-west-2a"]}}],
  "vaults": [{{"name": "prod", "region": "us-east-1"}}, {{"name": "dr", "region": "us-west-2"}}],
  "resources": [{0}
    {{"id": "vol-a", "type": "ebs", "region": "us-east-1", "az": "us-east-1a", "size_gb": 100}},
    {{"id": "vol-b", "type": "ebs", "region": "us-east-1", "az": "us-east-1b", "size_gb": 300}}],
  "models": {{"ebs": {{"backup": {{"fixed": {{"lognormal": {{"p50": "20m", "p90": "1h"}}}}, "mib_per_s": 0}},
                      "copy": {{"fixed": {{"lognormal": {{"p50": "30m", "p90": "2h"}}}}, "mib_per_s": 0}},
                      "restore": {{"fixed": {{"lognormal": {{"p50": "40m", "p90": "3h"}}}}, "mib_per_s": 0}}}}}},
  "backup_plans": [{{"region": "us-east-1", "BackupPlan": {{"BackupPlanName": "p", "Rules": [{{
      "RuleName": "{2}", "TargetBackupVaultName": "prod", "ScheduleExpression": "cron(0 5 ? * * *)",
      "CopyActions": [{{"DestinationBackupVaultArn": "arn:aws:backup:us-west-2:1:backup-vault:dr"}}]}}]}},
    "Selections": [{{"SelectionName": "s", "Resources": ["vol-a", "vol-b"]}}]}}],
  "recovery": {{"detection": {{"uniform": ["1m", "20m"]}}, "declaration": "0s", "cutover": {{"uniform": ["1m", "5m"]}},
               "failover_regions": {{"us-east-1": "us-west-2"}}}},
  "applications": [{{"name": "app", "resources": ["vol-a", "vol-b"]}}],
  "failures": [{1}
    {{"name": "region-loss", "scope": "region", "target": "us-east-1",
      "at": {{"uniform": ["2026-02-01T00:00:00Z", "2026-03-01T00:00:00Z"]}}}}]
}})js",
                     extra_resource, extra_failure, rule_name);
}

const std::string kExtraVolume =
    R"({"id": "vol-0", "type": "ebs", "region": "us-east-1", "az": "us-east-1a", "size_gb": 50},)";
const std::string kExtraFailure =
    R"({"name": "az-loss", "scope": "az", "target": "us-east-1a", "at": {"uniform": ["2026-02-01T00:00:00Z", "2026-03-01T00:00:00Z"]}},)";

}  // namespace

TEST_CASE("Common random numbers: a variant that adds a resource and a failure in front keeps every other draw") {
  const models::Scenario base = testing::load_json(scenario("", ""));
  const models::Scenario grown = testing::load_json(scenario(kExtraVolume, kExtraFailure));
  REQUIRE(grown.resources.size() == base.resources.size() + 1);
  constexpr std::uint64_t kTrials = 40;
  const auto a = testing::run_trials(base, "region-loss", kTrials);
  const auto b = testing::run_trials(grown, "region-loss", kTrials);
  std::size_t distinct_rto = 0;
  for (std::uint64_t t = 0; t < kTrials; ++t) {
    CAPTURE(t);
    // The failure instant and detection are drawn for the failure's name: unchanged.
    CHECK(a[t].failure_at == b[t].failure_at);
    CHECK(a[t].detected_at == b[t].detected_at);
    for (const char* id : {"vol-a", "vol-b"}) {
      CAPTURE(id);
      const auto ra = index_of(base, id), rb = index_of(grown, id);
      CHECK(ra + 1 == rb);  // the position did shift
      CHECK(a[t].rto(ra) == b[t].rto(rb));
      CHECK(a[t].rpo(base, ra) == b[t].rpo(grown, rb));
      CHECK(a[t].resources[ra].work == b[t].resources[rb].work);
    }
    // The application's cutover is drawn for its name.
    CHECK(a[t].applications[0].cutover == b[t].applications[0].cutover);
    distinct_rto += a[t].rto(0) != a[0].rto(0);
  }
  // The draws are random (not one fixed value), so the equality above says something.
  CHECK(distinct_rto > kTrials / 2);
}

TEST_CASE("Common random numbers: the keys are names, so renaming a rule or a resource draws afresh") {
  const models::Scenario base = testing::load_json(scenario("", ""));
  const models::Scenario renamed = testing::load_json(scenario("", "", "nightly"));
  const auto a = testing::run_trials(base, "region-loss", 20);
  const auto b = testing::run_trials(renamed, "region-loss", 20);
  std::size_t same_copy = 0, same_restore = 0;
  for (std::size_t t = 0; t < a.size(); ++t) {
    REQUIRE(a[t].resources[0].has_point);
    REQUIRE(b[t].resources[0].has_point);
    same_copy += a[t].resources[0].point.available_time == b[t].resources[0].point.available_time;
    same_restore += a[t].resources[0].work == b[t].resources[0].work;
  }
  // The rule's jobs (start delay, duration, copy) are drawn for the rule's name: a renamed
  // rule is another rule. The copy used arrives at backup + copy duration, two lognormal draws
  // to the second, so an equal arrival would be a coincidence.
  CHECK(same_copy < 3);
  // The restore is drawn for the resource's id, which did not change.
  CHECK(same_restore == a.size());
}
