// Golden outputs compared byte for byte. To accept an intended change, run the test binary
// with DRSIM_UPDATE_GOLDEN=1 and review the diff of tests/golden/ before committing.
#include <doctest/doctest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "analysis/comparison.hpp"
#include "analysis/comparison_report.hpp"
#include "analysis/decision.hpp"
#include "analysis/html_report.hpp"
#include "analysis/reports.hpp"
#include "analysis/strategy_report.hpp"
#include "analysis/study.hpp"
#include "analysis/walkthrough.hpp"
#include "scenarios/generator.hpp"
#include "scenarios/loader.hpp"
#include "scenarios/strategies.hpp"
#include "scenarios/sweep.hpp"
#include "scenarios/sweep_variants.hpp"

using namespace drsim;

namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void check_golden(const std::string& name, const std::string& actual) {
  const std::string path = std::string(DRSIM_SOURCE_DIR) + "/tests/golden/" + name;
  if (std::getenv("DRSIM_UPDATE_GOLDEN")) {
    std::ofstream(path, std::ios::binary) << actual;
    MESSAGE("updated " << path);
    return;
  }
  const std::string expected = read_file(path);
  REQUIRE_MESSAGE(!expected.empty(), "missing golden file " << path);
  CHECK(actual == expected);
}

models::Scenario seed_scenario(const std::string& name = "classic-backup-restore") {
  auto r = scenarios::load_scenario_file(std::string(DRSIM_SOURCE_DIR) + "/scenarios/seed/" + name + ".json");
  REQUIRE(r.errors.empty());
  return std::move(*r.scenario);
}

}  // namespace

TEST_CASE("Golden: walkthrough of the seed scenario's Region outage") {
  const auto s = seed_scenario();
  check_golden("classic-region-outage.walkthrough.txt", analysis::render_walkthrough(s, *s.find_failure("region-outage"), 1, 0));
}

TEST_CASE("Golden: walkthrough of the seed scenario's AZ outage") {
  const auto s = seed_scenario();
  check_golden("classic-az-outage.walkthrough.txt", analysis::render_walkthrough(s, *s.find_failure("az-outage"), 1, 0));
}

// One seed per service group of the backup-and-restore lecture, each with an AZ and a Region
// outage: the database services and the storage services.
TEST_CASE("Golden: walkthroughs of the database services' seed scenario") {
  const auto s = seed_scenario("databases");
  check_golden("databases-az-outage.walkthrough.txt", analysis::render_walkthrough(s, *s.find_failure("az-outage"), 1, 0));
  check_golden("databases-region-outage.walkthrough.txt",
               analysis::render_walkthrough(s, *s.find_failure("region-outage"), 1, 0));
}

TEST_CASE("Golden: walkthroughs of the storage services' seed scenario") {
  const auto s = seed_scenario("storage");
  check_golden("storage-az-outage.walkthrough.txt", analysis::render_walkthrough(s, *s.find_failure("az-outage"), 1, 0));
  check_golden("storage-region-outage.walkthrough.txt",
               analysis::render_walkthrough(s, *s.find_failure("region-outage"), 1, 0));
}

// The run summary with its monthly cost section (docs/cost.md), one deterministic trial.
TEST_CASE("Golden: run summary of the seed scenario, monthly cost included") {
  const auto s = seed_scenario();
  analysis::StudyOptions opt;
  opt.trials = 1;
  check_golden("classic-run.txt", analysis::render_text_report(s, analysis::run_study(s, {0, 1}, opt), models::estimate_monthly_cost(s)));
}

// A many-trial summary of a generated fleet: the findings list first (root causes grouped
// across applications, missed policies, the gating resources and fleets), then the tables.
TEST_CASE("Golden: run summary of a generated 60-resource fleet, findings first") {
  scenarios::GeneratorOptions g;
  g.resources = 60;
  g.seed = 3;
  auto r = scenarios::load_scenario_text(scenarios::generate_scenario_json(g), "fleet.json");
  REQUIRE(r.errors.empty());
  const models::Scenario& s = *r.scenario;
  analysis::StudyOptions opt;
  opt.trials = 20;
  opt.threads = 2;
  check_golden("fleet-60-run.txt", analysis::render_text_report(s, analysis::run_study(s, {0, 1}, opt), models::estimate_monthly_cost(s)));
}

// The example HTML report in docs/examples/ (linked from the README) is what drsim writes
// today: `drsim run scenarios/seed/classic-backup-restore.json --trials 1000 --html …`.
TEST_CASE("Golden: the example HTML report of the seed scenario in docs/examples/") {
  const auto s = seed_scenario();
  analysis::StudyOptions opt;
  opt.trials = 1000;
  opt.threads = 2;
  const std::string html =
      analysis::render_html_report(s, analysis::run_study(s, {0, 1}, opt), models::estimate_monthly_cost(s),
                                   {.scenario_file = "scenarios/seed/classic-backup-restore.json"});
  const std::string path = std::string(DRSIM_SOURCE_DIR) + "/docs/examples/classic-report.html";
  if (std::getenv("DRSIM_UPDATE_GOLDEN")) {
    std::ofstream(path, std::ios::binary) << html;
    return;
  }
  CHECK_MESSAGE(html == read_file(path), "docs/examples/classic-report.html differs: regenerate it with DRSIM_UPDATE_GOLDEN=1");
}

// The example sweep as `drsim sweep` prints it: the answer, Pareto fronts, findings, cost and tables.
TEST_CASE("Golden: the example sweep's answer and tables") {
  const auto loaded = scenarios::load_sweep_file(std::string(DRSIM_SOURCE_DIR) + "/scenarios/sweeps/classic-schedules.json");
  REQUIRE(loaded.spec.has_value());
  const auto build = scenarios::build_sweep_variants(*loaded.spec, 2);
  REQUIRE(build.errors.empty());
  const auto inputs = analysis::inputs_of(build.variants);
  analysis::ComparisonOptions opt;
  opt.trials = *loaded.spec->trials;
  opt.threads = 2;
  const auto result = analysis::compare_variants(inputs, opt);
  const auto decision = analysis::decide(result, *loaded.spec->objective);
  const std::string answer = analysis::render_decision_text(result, decision, analysis::pareto_fronts(result));
  // The path in the first line of the CLI's output is the caller's: not part of the golden.
  check_golden("classic-schedules.sweep.txt", analysis::render_comparison_text(result, answer));
}

// The seed's strategies as `drsim strategies --trials 200` prints them: findings, the tables
// per failure, what each strategy changes and the control-plane operations.
TEST_CASE("Golden: the seed scenario's four DR strategies side by side") {
  const std::string path = std::string(DRSIM_SOURCE_DIR) + "/scenarios/seed/classic-backup-restore.json";
  auto r = scenarios::load_scenario_file(path);
  REQUIRE(r.scenario.has_value());
  std::string text;
  REQUIRE(scenarios::read_input_file(path, text).empty());
  const auto document = nlohmann::ordered_json::parse(text);
  auto derivation = scenarios::derive_strategies(document, *r.scenario, {});
  REQUIRE(derivation.errors.empty());
  std::vector<models::Scenario> built;
  for (const auto& d : derivation.strategies) {
    auto b = scenarios::load_scenario_json(d.document, "derived");
    REQUIRE(b.scenario.has_value());
    built.push_back(std::move(*b.scenario));
  }
  analysis::ComparisonOptions opt;
  opt.trials = 200;
  opt.threads = 2;
  const auto study = analysis::study_strategies(r.scenario->name, std::move(derivation.strategies), built, opt);
  check_golden("classic.strategies.txt", analysis::render_strategies_text(study));
}
