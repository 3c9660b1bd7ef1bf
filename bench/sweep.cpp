// Sweep benchmark (issue 8): 100 variants x 1,000 trials of the generated 1,000-resource fleet
// with a Region loss, on all cores. Reports the wall time of each phase: parsing the base
// once, building the variants (patch, set, validate), and comparing them (each variant's
// backup history, its trials and the paired intervals), plus the per-variant overheads.
//
//   bench/sweep [--resources N] [--variants V] [--trials T] [--threads K] [--bootstrap B]
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include <fmt/format.h>

#include "analysis/comparison.hpp"
#include "models/backup_history.hpp"
#include "models/protection_map.hpp"
#include "scenarios/generator.hpp"
#include "scenarios/sweep.hpp"
#include "scenarios/sweep_variants.hpp"

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
  const std::uint64_t resources = arg(argc, argv, "--resources", 1000);
  const std::uint64_t variants = arg(argc, argv, "--variants", 100);
  const std::uint64_t trials = arg(argc, argv, "--trials", 1000);
  const auto threads = static_cast<unsigned>(arg(argc, argv, "--threads", std::max(1u, std::thread::hardware_concurrency())));

  const std::filesystem::path dir = std::filesystem::temp_directory_path() / fmt::format("drsim-bench-sweep-{}", ::getpid());
  std::filesystem::create_directories(dir);
  {
    std::ofstream(dir / "fleet.json") << drsim::scenarios::generate_scenario_json({resources, 2, 1, trials});
  }
  // A Latin hypercube over the restore pools and the detection delay: the base and V - 1 points.
  const std::string sweep = fmt::format(R"js({{"drsim_sweep": 1, "base": "fleet.json", "failures": ["region-loss"],
    "parameters": [
      {{"name": "restore slots", "pointer": "/recovery/pools/0/capacity", "range": {{"from": 5, "to": 40, "integer": true}}}},
      {{"name": "db restore slots", "pointer": "/recovery/pools/1/capacity", "range": {{"from": 2, "to": 20, "integer": true}}}},
      {{"name": "detection", "pointer": "/recovery/detection", "range": {{"from": 1, "to": 30, "unit": "m"}}}}],
    "design": {{"kind": "latin_hypercube", "samples": {}, "seed": 1}}}})js",
                                        variants - 1);
  const std::string sweep_path = (dir / "sweep.json").string();

  const auto start = std::chrono::steady_clock::now();
  const auto loaded = drsim::scenarios::load_sweep_text(sweep, sweep_path);
  if (!loaded.spec) {
    for (const auto& d : loaded.errors) std::fprintf(stderr, "%s\n", drsim::scenarios::to_string(d).c_str());
    return 2;
  }
  auto t = std::chrono::steady_clock::now();
  const auto build = drsim::scenarios::build_sweep_variants(*loaded.spec, threads);
  const double build_s = seconds_since(t);
  if (!build.errors.empty()) {
    for (const auto& d : build.errors) std::fprintf(stderr, "%s\n", drsim::scenarios::to_string(d).c_str());
    return 2;
  }
  // One variant's backup history alone (once per variant inside the comparison).
  t = std::chrono::steady_clock::now();
  {
    const auto& s = build.variants[1].scenario;
    const drsim::models::ProtectionMap map(s);
    const drsim::models::BackupHistory history(s, map, s.latest_failure_instant());
  }
  const double history_s = seconds_since(t);

  const auto inputs = drsim::analysis::inputs_of(build.variants);
  drsim::analysis::ComparisonOptions opt;
  opt.seed = 1;
  opt.trials = trials;
  opt.threads = threads;
  opt.failures = {"region-loss"};
  opt.bootstrap = static_cast<std::uint32_t>(arg(argc, argv, "--bootstrap", 1000));
  t = std::chrono::steady_clock::now();
  const auto result = drsim::analysis::compare_variants(inputs, opt);
  const double compare_s = seconds_since(t);
  const double total_s = seconds_since(start);
  std::filesystem::remove_all(dir);

  fmt::print("drsim sweep benchmark: {} variants x {} trials of the generated {}-resource fleet, Region loss, {} thread(s)\n",
             build.variants.size(), trials, resources, threads);
  fmt::print("  build variants (patch, set, validate; base parsed once): {:.2f} s wall = {:.1f} ms per variant\n", build_s,
             1e3 * build_s * threads / static_cast<double>(build.variants.size()));
  fmt::print("  one variant's backup history (schedules, copy queue, window starts): {:.1f} ms\n", 1e3 * history_s);
  fmt::print("  compare (histories, trials, paired intervals): {:.2f} s wall\n", compare_s);
  fmt::print("  total: {:.2f} s wall ({} applications compared)\n", total_s,
             result.failures.empty() ? 0 : result.failures[0].applications.size());
  return 0;
}
