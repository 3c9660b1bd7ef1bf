// Sweep files (issue 8): parameters by JSON pointer, named JSON Patch variants, the designs,
// and errors that name the sweep file's place and the variant.
#include <doctest/doctest.h>

#include <cmath>
#include <map>
#include <set>
#include <string>

#include "analysis/comparison.hpp"
#include "analysis/decision.hpp"
#include "analysis/sensitivity.hpp"
#include "scenarios/sweep.hpp"
#include "scenarios/sweep_variants.hpp"
#include "test_support.hpp"

using namespace drsim;

namespace {

// A sweep file beside tests/, so "base" resolves to the bundled seed scenario.
const std::string kSource = std::string(DRSIM_SOURCE_DIR) + "/tests/sweep.json";

scenarios::SweepSpec spec_of(const std::string& body) {
  const std::string text = R"js({"drsim_sweep": 1, "base": "../scenarios/seed/classic-backup-restore.json", )js" + body + "}";
  scenarios::SweepLoad r = scenarios::load_sweep_text(text, kSource);
  INFO(testing::listing(r.errors));
  REQUIRE(r.errors.empty());
  REQUIRE(r.spec.has_value());
  return std::move(*r.spec);
}

std::vector<scenarios::Diagnostic> sweep_errors(const std::string& body) {
  const std::string text = R"js({"drsim_sweep": 1, "base": "../scenarios/seed/classic-backup-restore.json", )js" + body + "}";
  scenarios::SweepLoad r = scenarios::load_sweep_text(text, kSource);
  if (!r.spec) return r.errors;
  return scenarios::build_sweep_variants(*r.spec, 2).errors;
}

bool has_error(const std::vector<scenarios::Diagnostic>& list, std::string_view location, std::string_view fragment) {
  return testing::has_diagnostic(list, location, fragment);
}

// Builds and compares a sweep's variants on two threads (the sweep's trials, few resamples).
analysis::ComparisonResult run_sweep(const scenarios::SweepSpec& spec, const std::vector<std::string>& failures = {}) {
  const auto build = scenarios::build_sweep_variants(spec, 2);
  INFO(testing::listing(build.errors));
  REQUIRE(build.errors.empty());
  analysis::ComparisonOptions opt;
  opt.trials = spec.trials.value_or(1);
  opt.threads = 2;
  opt.bootstrap = 200;
  opt.failures = failures;
  return analysis::compare_variants(analysis::inputs_of(build.variants), opt);
}

const std::string kSchedule =
    R"js({"name": "schedule", "pointer": "/backup_plans/0/BackupPlan/Rules/0/ScheduleExpression", "values": ["cron(0 5 ? * * *)", "cron(0 * ? * * *)", "cron(0 5/12 ? * * *)"]})js";
const std::string kSlots = R"js({"name": "slots", "pointer": "/recovery/pools/0/capacity", "range": {"from": 1, "to": 3, "step": 1}})js";

}  // namespace

TEST_CASE("A grid sweep: every combination, the last parameter fastest, crossed with the named variants") {
  const auto spec = spec_of(R"js("parameters": [)js" + kSchedule + "," + kSlots + R"js(],
    "variants": [{"name": "no copy", "patch": [{"op": "remove", "path": "/backup_plans/0/BackupPlan/Rules/0/CopyActions"}]}])js");
  // 3 schedules x 3 slot counts = 9 points; the base, the 9 points, then "no copy" at each.
  const auto points = scenarios::design_points(spec);
  REQUIRE(points.size() == 9);
  CHECK(*points[0][0] == "cron(0 5 ? * * *)");
  CHECK(*points[0][1] == 1);
  CHECK(*points[1][1] == 2);
  CHECK(*points[3][0] == "cron(0 * ? * * *)");
  CHECK(*points[8][1] == 3);
  const auto build = scenarios::build_sweep_variants(spec, 2);
  INFO(testing::listing(build.errors));
  REQUIRE(build.errors.empty());
  REQUIRE(build.variants.size() == 19);
  CHECK(build.variants[0].name == "base");
  CHECK(build.variants[1].name == "schedule=cron(0 5 ? * * *), slots=1");
  CHECK(build.variants[10].name == "no copy, schedule=cron(0 5 ? * * *), slots=1");
  // The values really are set: slots=2 has a pool of capacity 2, and "no copy" lost its copy.
  CHECK(build.variants[2].scenario.recovery.pools[0].capacity == 2);
  CHECK(build.variants[4].scenario.backup_rules[0].schedule.text() == "cron(0 * ? * * *)");
  CHECK(build.variants[1].scenario.backup_rules[0].copies.size() == 1);
  CHECK(build.variants[10].scenario.backup_rules[0].copies.empty());
}

TEST_CASE("One-at-a-time: each parameter through its levels with the others at the base's values") {
  const auto spec = spec_of(R"js("parameters": [)js" + kSchedule + "," + kSlots + R"js(], "design": {"kind": "one_at_a_time"})js");
  const auto points = scenarios::design_points(spec);
  REQUIRE(points.size() == 6);  // 3 schedules, then 3 slot counts
  CHECK(points[0][0].has_value());
  CHECK_FALSE(points[0][1].has_value());
  CHECK_FALSE(points[5][0].has_value());
  CHECK(*points[5][1] == 3);
  const auto build = scenarios::build_sweep_variants(spec, 1);
  REQUIRE(build.variants.size() == 7);
  CHECK(build.variants[4].name == "slots=1");
  // The base's schedule stays where slots move.
  CHECK(build.variants[4].scenario.backup_rules[0].schedule.text() == "cron(0 5 ? * * *)");
}

TEST_CASE("A Latin hypercube uses each of the n strata of every range exactly once") {
  const auto spec = spec_of(R"js("parameters": [
      {"name": "detection", "pointer": "/recovery/detection", "range": {"from": 0, "to": 99, "unit": "m"}},
      {"name": "slots", "pointer": "/recovery/pools/0/capacity", "range": {"from": 0, "to": 10}}],
    "design": {"kind": "latin_hypercube", "samples": 10, "seed": 4})js");
  const auto points = scenarios::design_points(spec);
  REQUIRE(points.size() == 10);
  std::set<int> detection_strata, slot_strata;
  for (const auto& p : points) {
    // A whole number of minutes from 0 to 99, each equally likely: u in stratum k of 10
    // gives index floor(100 u) in 10k..10k+9, so floor(minutes / 10) is the stratum.
    const std::string d = p[0]->get<std::string>();
    CHECK(d.back() == 'm');
    detection_strata.insert(std::stoi(d) / 10);
    slot_strata.insert(static_cast<int>(std::floor(p[1]->get<double>())));
  }
  CHECK(detection_strata.size() == 10);
  CHECK(slot_strata.size() == 10);
}

TEST_CASE("A Sobol design follows Boost.Random's sequence, which starts after the all-zero point") {
  // Sobol's sequence in two dimensions: (0, 0), (1/2, 1/2), (3/4, 1/4), (1/4, 3/4), ...;
  // Boost's starts at the second point, and a range [0, 8] maps u to 8u.
  const auto spec = spec_of(R"js("parameters": [
      {"name": "a", "pointer": "/recovery/pools/0/capacity", "range": {"from": 0, "to": 8}},
      {"name": "b", "pointer": "/simulation/seed", "range": {"from": 0, "to": 8}}],
    "design": {"kind": "sobol", "samples": 3})js");
  const auto points = scenarios::design_points(spec);
  REQUIRE(points.size() == 3);
  CHECK(points[0][0]->get<double>() == 4);
  CHECK(points[0][1]->get<double>() == 4);
  CHECK(points[1][0]->get<double>() == 6);
  CHECK(points[1][1]->get<double>() == 2);
  CHECK(points[2][0]->get<double>() == 2);
  CHECK(points[2][1]->get<double>() == 6);
}

TEST_CASE("Sweep errors name the sweep file's place and the variant") {
  // A value the scenario refuses: the parameter's place, the variant and the base's message.
  const auto bad_value = sweep_errors(R"js("parameters": [)js" + kSchedule + R"js(,
      {"name": "slots", "pointer": "/recovery/pools/0/capacity", "values": [2, 0]}])js");
  CHECK(has_error(bad_value, "/parameters/1", "variant \"schedule=cron(0 5 ? * * *), slots=0\""));
  CHECK(has_error(bad_value, "/parameters/1", "/recovery/pools/0/capacity"));
  // A value the cron parser refuses, under the schedule parameter.
  const auto bad_cron = sweep_errors(
      R"js("parameters": [{"name": "s", "pointer": "/backup_plans/0/BackupPlan/Rules/0/ScheduleExpression", "values": ["cron(0 25 ? * * *)"]}])js");
  CHECK(has_error(bad_cron, "/parameters/0", "variant \"s=cron(0 25 ? * * *)\""));
  // Pointers: not RFC 6901, and leading nowhere in the base.
  CHECK(has_error(sweep_errors(R"js("parameters": [{"name": "x", "pointer": "recovery", "values": [1]}])js"),
                  "/parameters/0/pointer", "is not an RFC 6901 JSON pointer"));
  CHECK(has_error(sweep_errors(R"js("parameters": [{"name": "x", "pointer": "/recovery/nowhere/capacity", "values": [1]}])js"),
                  "/parameters/0/pointer", "does not lead to a value of the base scenario"));
  // A patch that does not apply.
  CHECK(has_error(sweep_errors(R"js("variants": [{"name": "v", "patch": [{"op": "remove", "path": "/no/such/key"}]}])js"),
                  "/variants/0/patch", "variant \"v\": the JSON Patch does not apply"));
  CHECK(has_error(sweep_errors(R"js("variants": [{"name": "v", "patch": [{"op": "frobnicate", "path": "/name"}]}])js"),
                  "/variants/0/patch/0/op", "unknown JSON Patch operation"));
  // The sweep file itself.
  CHECK(has_error(sweep_errors(R"js("parameters": [{"name": "x", "pointer": "/recovery/detection", "range": {"from": 1, "to": 5, "unit": "m"}}])js"),
                  "/parameters/0/range", "a grid needs levels"));
  CHECK(has_error(sweep_errors(R"js("parameters": [{"name": "x", "pointer": "/recovery/pools/0/capacity", "range": {"from": -1e300, "to": 1e300}}], "design": {"kind": "random", "samples": 2})js"),
                  "/parameters/0/range/from", "within ±9e15"));
  // An array index beyond any integer: refused at the pointer, not a crash.
  CHECK(has_error(sweep_errors(R"js("parameters": [{"name": "x", "pointer": "/resources/99999999999999999999/size_gb", "values": [1]}])js"),
                  "/parameters/0/pointer", "cannot be set in the base scenario"));
  CHECK(has_error(sweep_errors(R"js("parameters": [{"name": "metric", "pointer": "/recovery/detection", "values": ["1m"]}])js"),
                  "/parameters/0/name", "names a column of the outputs"));
  CHECK(has_error(sweep_errors(R"js("paramters": [])js"), "/paramters", "did you mean \"parameters\""));
  CHECK(has_error(sweep_errors(R"js("design": {"kind": "sobol"}, "parameters": [)js" + kSlots + "]"), "/design",
                  "needs \"samples\""));
  CHECK(has_error(sweep_errors(R"js("variants": [{"name": "base", "patch": []}])js"), "/variants/0/name", "\"base\" names"));
}

TEST_CASE("Building a sweep's variants does not depend on the thread count") {
  const auto spec = spec_of(R"js("parameters": [)js" + kSchedule + "," + kSlots + R"js(], "design": {"kind": "random", "samples": 7, "seed": 9})js");
  const auto one = scenarios::build_sweep_variants(spec, 1);
  const auto three = scenarios::build_sweep_variants(spec, 3);
  REQUIRE(one.variants.size() == three.variants.size());
  for (std::size_t i = 0; i < one.variants.size(); ++i) {
    CHECK(one.variants[i].name == three.variants[i].name);
    CHECK(one.variants[i].parameters == three.variants[i].parameters);
  }
}

TEST_CASE("An objective: the cheapest variant meeting every constraint, and why the cheaper ones fail") {
  // The classic seed scenario (docs/cost.md, by hand): the DLM policy every 12 h, 4 h or 1 h,
  // with and without the EFS copy. Without the copy, shared-files has no point outside
  // us-east-1, so the Region outage cannot be recovered (compliance 0) - and it is $96 a month
  // cheaper (no copy storage or transfer). The AZ outage's 1 h RPO target is met only with the
  // hourly policy (a 12 h or 4 h snapshot is hours old at 14:07). So the answer is the hourly
  // policy with the copy; the three copy-less variants are cheaper and fail.
  const auto spec = spec_of(R"js("trials": 200,
    "parameters": [{"name": "dlm every", "pointer": "/protections/0/every", "values": ["12h", "4h", "1h"]}],
    "variants": [{"name": "no copy", "patch": [{"op": "remove", "path": "/backup_plans/0/BackupPlan/Rules/0/CopyActions"}]}],
    "objective": {"minimise": "monthly_cost", "subject_to": [
      {"metric": "compliance_low", "failure": "region-outage", "application": "shop", "at_least": 0.9},
      {"metric": "compliance", "failure": "az-outage", "application": "shop", "at_least": 0.5}]})js");
  REQUIRE(spec.objective.has_value());
  const auto result = run_sweep(spec);
  const auto d = analysis::decide(result, *spec.objective);
  REQUIRE(d.best.has_value());
  CHECK(result.variants[*d.best] == "dlm every=1h");
  REQUIRE(d.better_but_failing.size() == 3);
  for (const std::size_t v : d.better_but_failing) {
    CHECK(result.variants[v].rfind("no copy", 0) == 0);
    CHECK(result.monthly_usd[v] < result.monthly_usd[*d.best]);
    // The Region outage's constraint fails by its whole bound: compliance 0, bound 0.9.
    REQUIRE_FALSE(d.verdicts[v].misses.empty());
    CHECK(d.verdicts[v].misses[0].constraint == 0);
    CHECK(d.verdicts[v].misses[0].shortfall == doctest::Approx(0.9));
  }
  // A name the base lacks is refused with its place.
  scenarios::Objective wrong = *spec.objective;
  wrong.subject_to[0].of.application = "shopp";
  const auto base = scenarios::load_scenario_file(std::string(DRSIM_SOURCE_DIR) + "/scenarios/seed/classic-backup-restore.json");
  REQUIRE(base.scenario.has_value());
  CHECK(analysis::check_objective(*base.scenario, {}, wrong).find("no application \"shopp\"") != std::string::npos);
}

TEST_CASE("Pareto fronts keep exactly the variants no other beats on cost, p95 RTO and p95 RPO") {
  // Hand-made: four variants of one application. B is dominated by A (dearer, same RTO, worse
  // RPO); D ties A exactly and stands behind it; C is dearer but has the best RPO.
  analysis::ComparisonResult r;
  r.variants = {"A", "B", "C", "D"};
  r.monthly_usd = {100, 150, 200, 100};
  r.failures.push_back({"f", "", {{"app", std::nullopt, std::vector<analysis::VariantCell>(4)}}});
  const double rto[] = {3600, 3600, 3600, 3600}, rpo[] = {600, 900, 60, 600};
  for (int v = 0; v < 4; ++v) {
    auto& c = r.failures[0].applications[0].variants[v];
    c.present = true;
    c.rto_s.value.estimate = rto[v];
    c.rpo_s.value.estimate = rpo[v];
  }
  const auto fronts = analysis::pareto_fronts(r);
  REQUIRE(fronts.size() == 1);
  CHECK(fronts[0].variants == std::vector<std::size_t>{0, 2});
}

TEST_CASE("Sobol indices of the Ishigami function match their analytic values") {
  // Ishigami & Homma (1990): f = sin x1 + a sin^2 x2 + b x3^4 sin x1, x_i uniform on [-pi, pi],
  // a = 7, b = 0.1. Analytic (Sobol & Levitan 1999): V = a^2/8 + b pi^4/5 + b^2 pi^8/18 + 1/2
  // = 13.8446; V1 = (1 + b pi^4/5)^2 / 2 = 4.3459, V2 = a^2/8 = 6.125, V3 = 0;
  // VT1 = V1 + 8 b^2 pi^8 / 225 = 7.7196, VT2 = V2, VT3 = 8 b^2 pi^8 / 225 = 3.3737.
  // S = (0.3139, 0.4424, 0), ST = (0.5576, 0.4424, 0.2437).
  const auto spec = spec_of(R"js("parameters": [
      {"name": "x1", "pointer": "/recovery/detection", "range": {"from": -3.141592653589793, "to": 3.141592653589793}},
      {"name": "x2", "pointer": "/recovery/declaration", "range": {"from": -3.141592653589793, "to": 3.141592653589793}},
      {"name": "x3", "pointer": "/recovery/cutover", "range": {"from": -3.141592653589793, "to": 3.141592653589793}}],
    "design": {"kind": "saltelli", "samples": 4096})js");
  const auto points = scenarios::design_points(spec);
  REQUIRE(points.size() == 4096 * 5);
  auto ishigami = [](const std::vector<std::optional<nlohmann::ordered_json>>& p) {
    const double x1 = p[0]->get<double>(), x2 = p[1]->get<double>(), x3 = p[2]->get<double>();
    return std::sin(x1) + 7 * std::sin(x2) * std::sin(x2) + 0.1 * std::pow(x3, 4) * std::sin(x1);
  };
  std::vector<double> f_a, f_b;
  std::vector<std::vector<double>> f_ab(3);
  for (std::size_t j = 0; j < 4096; ++j) {
    f_a.push_back(ishigami(points[5 * j]));
    f_b.push_back(ishigami(points[5 * j + 1]));
    for (std::size_t i = 0; i < 3; ++i) f_ab[i].push_back(ishigami(points[5 * j + 2 + i]));
  }
  const auto s = analysis::sobol_indices(f_a, f_b, f_ab, 1, 300);
  CHECK(s.variance == doctest::Approx(13.8446).epsilon(0.03));
  const double first[] = {0.3139, 0.4424, 0.0}, total[] = {0.5576, 0.4424, 0.2437};
  for (std::size_t i = 0; i < 3; ++i) {
    CAPTURE(i);
    CHECK(std::abs(s.first[i].estimate - first[i]) < 0.03);
    CHECK(std::abs(s.total[i].estimate - total[i]) < 0.03);
    // The 95% intervals cover the analytic values.
    CHECK(s.first[i].low <= first[i] + 0.01);
    CHECK(s.first[i].high >= first[i] - 0.01);
    CHECK(s.total[i].low <= total[i] + 0.01);
    CHECK(s.total[i].high >= total[i] - 0.01);
  }
}

TEST_CASE("A tornado from a one-at-a-time sweep: the parameter that moves the metric comes first") {
  // The classic seed scenario's AZ outage: the EFS file system is regional, so its schedule
  // cannot move the AZ outage's RPO (swing 0); the DLM policy's interval sets the volume's RPO:
  // about 2h03m at 12 h or 4 h, about 1h04m at 1 h (the walkthrough's reasoning).
  const auto spec = spec_of(R"js("trials": 200, "parameters": [
      {"name": "efs schedule", "pointer": "/backup_plans/0/BackupPlan/Rules/0/ScheduleExpression", "values": ["cron(0 5 ? * * *)", "cron(0 * ? * * *)"]},
      {"name": "dlm every", "pointer": "/protections/0/every", "values": ["12h", "4h", "1h"]}],
    "design": {"kind": "one_at_a_time"})js");
  const auto result = run_sweep(spec, {"az-outage"});
  const auto all = analysis::sensitivity(result, spec, 100);
  const analysis::Sensitivity* rpo = nullptr;
  for (const auto& s : all)
    if (s.metric == analysis::SensitivityMetric::p95_rpo) rpo = &s;
  REQUIRE(rpo != nullptr);
  REQUIRE(rpo->tornado.size() == 2);
  CHECK(spec.parameters[rpo->tornado[0].parameter].name == "dlm every");
  CHECK(rpo->tornado[0].swing > 45 * 60);
  CHECK(rpo->tornado[0].at_last < rpo->tornado[0].at_first);
  CHECK(rpo->tornado[1].swing == 0);
}

TEST_CASE("Sampled designs give every level of a stepped or integer range the same chance") {
  // 4,000 random points over {0, 1, 2, 3}: each level about 1,000 times (binomial sd 27; the
  // bound is 5 sd). Rounding a uniform value instead would give the ends about 667.
  const auto spec = spec_of(R"js("parameters": [
      {"name": "a", "pointer": "/recovery/pools/0/capacity", "range": {"from": 0, "to": 3, "step": 1}},
      {"name": "b", "pointer": "/simulation/seed", "range": {"from": 0.5, "to": 3.5, "integer": true}}],
    "design": {"kind": "random", "samples": 4000, "seed": 2})js");
  std::map<std::int64_t, int> a, b;
  for (const auto& p : scenarios::design_points(spec)) {
    ++a[p[0]->get<std::int64_t>()];
    ++b[p[1]->get<std::int64_t>()];
  }
  REQUIRE(a.size() == 4);
  for (const auto& [level, n] : a) CHECK(std::abs(n - 1000) < 140);
  // Whole numbers inside [0.5, 3.5]: 1, 2, 3, each about 1,333 times (sd 30).
  REQUIRE(b.size() == 3);
  CHECK(b.begin()->first == 1);
  for (const auto& [level, n] : b) CHECK(std::abs(n - 1333) < 150);
}
