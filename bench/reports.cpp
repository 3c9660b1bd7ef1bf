// The reports benchmark: what writing each output of a study costs beside the study itself,
// on a generated fleet: the trials (run_study, one thread), the text summary with its findings
// (root causes grouped across applications, gates folded by fleet), the results JSON, and the
// HTML report (its median and worst trials played again, every graph laid out by Graphviz).
// CPU time of one thread, so the figures are the work, whatever else the machine does. Run by
// hand and reported in notes, never as a test.
//
//   reports [--resources 1000] [--trials 1000] [--seed 1]

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include <fmt/core.h>

#include "analysis/html_report.hpp"
#include "analysis/reports.hpp"
#include "analysis/study.hpp"
#include "bench/cpu_time.hpp"
#include "models/cost_model.hpp"
#include "scenarios/generator.hpp"
#include "scenarios/loader.hpp"

int main(int argc, char** argv) {
  using namespace drsim;
  scenarios::GeneratorOptions g;
  std::uint64_t trials = 1000;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::uint64_t v = std::strtoull(argv[i + 1], nullptr, 10);
    if (!std::strcmp(argv[i], "--resources")) g.resources = v;
    else if (!std::strcmp(argv[i], "--trials")) trials = v;
    else if (!std::strcmp(argv[i], "--seed")) g.seed = v;
    else {
      std::fprintf(stderr, "usage: reports [--resources N] [--trials T] [--seed S]\n");
      return 2;
    }
  }
  if (const std::string err = scenarios::check(g); !err.empty()) {
    std::fprintf(stderr, "%s\n", err.c_str());
    return 2;
  }
  auto loaded = scenarios::load_scenario_text(scenarios::generate_scenario_json(g), "generated.json");
  if (!loaded.scenario) return 2;
  const models::Scenario& s = *loaded.scenario;
  std::vector<std::size_t> failures;
  for (std::size_t f = 0; f < s.failures.size(); ++f) failures.push_back(f);
  analysis::StudyOptions opt;
  opt.trials = trials;
  opt.threads = 1;

  double t0 = bench::cpu_seconds();
  const analysis::StudyResult result = analysis::run_study(s, failures, opt);
  const double study_s = bench::cpu_seconds() - t0;
  const models::CostEstimate cost = models::estimate_monthly_cost(s);

  t0 = bench::cpu_seconds();
  const std::string text = analysis::render_text_report(s, result, cost);
  const double text_s = bench::cpu_seconds() - t0;
  t0 = bench::cpu_seconds();
  const std::string json = analysis::results_json(s, result, cost).dump(2);
  const double json_s = bench::cpu_seconds() - t0;
  t0 = bench::cpu_seconds();
  const std::string html = analysis::render_html_report(s, result, cost, {});
  const double html_s = bench::cpu_seconds() - t0;

  std::size_t unrecoverable = 0;
  for (const auto& fr : result.failures)
    for (const auto& a : fr.applications) unrecoverable += a.unrecoverable_trials;
  fmt::print("{} resources ({} /resources entries, {} applications), {} failures x {} trials; {} unrecoverable "
             "application-trials\n",
             s.resources.size(), s.groups.size(), s.applications.size(), failures.size(), trials, unrecoverable);
  fmt::print("  {:<28} {:>9.3f} s  ({:.0f} ns per resource-trial)\n", "trials (run_study)", study_s,
             1e9 * study_s / static_cast<double>(s.resources.size() * failures.size() * trials));
  fmt::print("  {:<28} {:>9.3f} s  {:>10} bytes\n", "text summary (findings)", text_s, text.size());
  fmt::print("  {:<28} {:>9.3f} s  {:>10} bytes\n", "results JSON", json_s, json.size());
  fmt::print("  {:<28} {:>9.3f} s  {:>10} bytes\n", "HTML report", html_s, html.size());
  return 0;
}
