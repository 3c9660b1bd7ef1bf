// Strategies benchmark (issue 8): `drsim strategies` on the generated fleet with a Region
// loss: deriving the four strategy documents, validating and building them, and running them
// on the same trials (backup histories, recovery, paired statistics, trial 0's control planes).
//
//   bench/strategies [--resources N] [--trials T] [--threads K]
#include <chrono>
#include <cstdio>
#include <string>
#include <thread>

#include <fmt/format.h>

#include "analysis/strategy_report.hpp"
#include "scenarios/generator.hpp"
#include "scenarios/loader.hpp"
#include "scenarios/strategies.hpp"

namespace {

double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

std::uint64_t arg(int argc, char** argv, const char* name, std::uint64_t fallback) {
  for (int i = 1; i + 1 < argc; ++i)
    if (std::string(argv[i]) == name) return std::stoull(argv[i + 1]);
  return fallback;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace drsim;
  const std::uint64_t resources = arg(argc, argv, "--resources", 1000);
  const std::uint64_t trials = arg(argc, argv, "--trials", 1000);
  const auto threads = static_cast<unsigned>(arg(argc, argv, "--threads", std::max(1u, std::thread::hardware_concurrency())));

  const std::string text = scenarios::generate_scenario_json({resources, 2, 1, trials});
  auto t0 = std::chrono::steady_clock::now();
  auto base = scenarios::load_scenario_text(text, "fleet.json");
  if (!base.scenario) {
    std::fprintf(stderr, "the generated fleet did not load\n");
    return 1;
  }
  const auto document = nlohmann::ordered_json::parse(text);
  const double parse_s = seconds_since(t0);

  t0 = std::chrono::steady_clock::now();
  auto derivation = scenarios::derive_strategies(document, *base.scenario, {});
  const double derive_s = seconds_since(t0);
  if (!derivation.errors.empty()) {
    std::fprintf(stderr, "%s\n", scenarios::to_string(derivation.errors[0]).c_str());
    return 1;
  }
  t0 = std::chrono::steady_clock::now();
  std::vector<models::Scenario> built;
  for (const auto& d : derivation.strategies) {
    auto r = scenarios::load_scenario_json(d.document, "derived");
    if (!r.scenario) {
      std::fprintf(stderr, "a derived strategy did not load\n");
      return 1;
    }
    built.push_back(std::move(*r.scenario));
  }
  const double build_s = seconds_since(t0);

  analysis::ComparisonOptions opt;
  opt.trials = trials;
  opt.threads = threads;
  opt.failures = {"region-loss"};
  t0 = std::chrono::steady_clock::now();
  const auto study = analysis::study_strategies("fleet", std::move(derivation.strategies), built, opt);
  const double study_s = seconds_since(t0);
  t0 = std::chrono::steady_clock::now();
  const std::string out = analysis::render_strategies_text(study);
  const double render_s = seconds_since(t0);

  std::printf("%s", fmt::format("strategies: {} resources, 4 strategies x {} trials, Region loss, {} threads\n"
                                "  parse the base      {:8.3f} s\n"
                                "  derive 4 documents  {:8.3f} s\n"
                                "  validate and build  {:8.3f} s ({:.3f} s per strategy)\n"
                                "  run and compare     {:8.3f} s ({:.1f} us per resource-trial)\n"
                                "  render the text     {:8.3f} s ({} bytes)\n"
                                "  total               {:8.3f} s\n",
                                resources, trials, threads, parse_s, derive_s, build_s, build_s / 4, study_s,
                                1e6 * study_s / (4.0 * static_cast<double>(resources * trials)), render_s, out.size(),
                                parse_s + derive_s + build_s + study_s + render_s)
                        .c_str());
  return 0;
}
