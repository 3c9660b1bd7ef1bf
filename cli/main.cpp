// drsim: command-line entry. Parses arguments and hands over to the commands; nothing else.
#include <exception>
#include <algorithm>
#include <iostream>
#include <string_view>
#include <thread>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "analysis/version.hpp"
#include "cli/commands.hpp"
#include "cli/mpi_transport.hpp"

namespace {

constexpr const char* kFooter = R"(Examples:
  drsim validate scenarios/seed/classic-backup-restore.json
  drsim run scenarios/seed/classic-backup-restore.json --json results.json
  drsim run scenarios/seed/classic-backup-restore.json --trials 1000 --html report.html
  drsim run scenarios/seed/classic-backup-restore.json --failure region-outage --csv trials.csv
  drsim walkthrough scenarios/seed/classic-backup-restore.json --failure region-outage
  drsim graph scenarios/seed/classic-backup-restore.json | dot -Tsvg > graph.svg
  drsim generate --resources 5000 --regions 2 --seed 7 --out fleet.json
  drsim run fleet.json --trials 10000 --threads 2 --json results.json
  drsim compare plan-daily.json plan-hourly.json --trials 2000 --csv compare.csv
  drsim sweep scenarios/sweeps/classic-schedules.json --json sweep.json --csv sweep.csv
  drsim strategies scenarios/seed/classic-backup-restore.json --failure region-outage --trials 1000
  drsim run fleet.json --trials 10000 --json results.json --shard 2/8      (on each of 8 machines)
  drsim merge fleet.part-*-of-8.drsim -o merged/
  drsim exam scenarios/exam/04-backup-cross-region-copy.json --reveal
  mpirun -np 8 drsim sweep sweep.json --mpi --json sweep.json      (a build with -DDRSIM_MPI=ON)

RTO is when a resource serves again minus the failure instant; RPO is the failure instant
minus the data time of the newest recovery point usable after the failure. Exit status:
0 success, 1 an output file could not be written, 2 bad input (the message names the file
and the place in it).)";

int dispatch(int argc, char** argv) {
  using namespace drsim::cli;
  CLI::App app{"drsim: plays a DR plan's backups forward, injects AZ and Region failures, plays the recovery\n"
               "forward and reports the RTO and RPO it achieves against the targets.",
               "drsim"};
  app.footer(kFooter);
  app.require_subcommand(1);
  app.set_version_flag("--version", "drsim " + std::string(drsim::analysis::kDrsimVersion));

  std::string file;
  bool strict = false;
  auto* validate_cmd = app.add_subcommand(
      "validate", "Check a scenario file: every problem with its place, exit 2 if any; warnings for plans that cannot work");
  validate_cmd->add_option("FILE", file, "scenario JSON (format: docs/scenario-format.md)")->required();
  validate_cmd->add_flag("--strict", strict, "treat warnings (plans AWS accepts that cannot work as intended) as errors");

  RunArgs run_args;
  auto* run_cmd = app.add_subcommand("run", "Play each failure and report per-application and per-resource RTO and RPO");
  run_cmd->add_option("FILE", run_args.file, "scenario JSON")->required();
  run_cmd->add_option("--failure", run_args.failures, "play only this failure (by name; repeatable); default: all");
  run_cmd->add_option("--seed", run_args.seed, "random seed (default: the scenario's simulation.seed, else 1)");
  run_cmd->add_option("--trials", run_args.trials, "trials per failure (default: the scenario's simulation.trials, else 1)")
      ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{10'000'000}));
  run_args.threads = std::max(1u, std::thread::hardware_concurrency());
  run_cmd->add_option("--threads", run_args.threads, "worker threads (default: all cores); results are identical for any count")
      ->check(CLI::Range(1u, 256u));
  run_cmd->add_option("--json", run_args.json_out, "write the results JSON here (docs/results-format.md)");
  run_cmd->add_option("--csv", run_args.csv_out, "write one row per trial and application here");
  run_cmd->add_option("--html", run_args.html_out,
                      "write a self-contained HTML report here: findings, distributions against the targets, recovery "
                      "timelines of the median and worst trials, requires graphs (docs/reports.md)");
  run_cmd->add_flag("--csv-resources", run_args.csv_resources, "with --csv: one row per trial and resource instead");
  run_cmd->add_flag("--strict", run_args.strict, "refuse to run a scenario with warnings");
  run_cmd->add_option("--shard", run_args.shard,
                      "run only shard K of N of the trials (K/N, from 1) or auto (from a Slurm or AWS Batch array job) "
                      "and write a part instead of the outputs; drsim merge puts the parts together (docs/scale-out.md)");
  run_cmd->add_option("--memory", run_args.memory,
                      "memory for exact per-resource samples (8 bytes per resource-trial of the largest failure; "
                      "default 4G); above it, resource and fleet percentiles come from sketches within 0.5%")
      ->transform(CLI::AsSizeValue(false));
  run_cmd->add_flag("--mpi", run_args.mpi,
                    "under mpirun: each rank runs its share of the trials and rank 0 writes the outputs, identical "
                    "to one process's (needs a build with -DDRSIM_MPI=ON)");
  run_cmd->add_option("--part", run_args.part_out, "with --shard: write the part here (default: FILE's stem + .part-K-of-N.drsim)");

  std::string failure;
  std::optional<std::uint64_t> seed;
  std::uint64_t trial = 0;
  auto* walk_cmd = app.add_subcommand("walkthrough", "Narrate one trial: the points that mattered, each restore and its waits, why the RTO and RPO are what they are");
  walk_cmd->add_option("FILE", file, "scenario JSON")->required();
  walk_cmd->add_option("--failure", failure, "failure to narrate (default: the first)");
  walk_cmd->add_option("--seed", seed, "random seed (default: the scenario's)");
  walk_cmd->add_option("--trial", trial, "which trial to narrate (default 0)");

  std::string out;
  auto* graph_cmd = app.add_subcommand("graph", "Print the requires graph as Graphviz DOT (a fleet as one node), critical path in red");
  graph_cmd->add_option("FILE", file, "scenario JSON")->required();
  graph_cmd->add_option("-o,--out", out, "write the DOT here instead of stdout");
  bool expand_fleets = false;
  graph_cmd->add_flag("--expand-fleets", expand_fleets,
                      "one node per resource; by default a fleet is one node with its member count");

  GenerateArgs gen;
  auto* gen_cmd = app.add_subcommand("generate", "Write a synthetic but realistic fleet scenario (the benchmarks' standard workload)");
  gen_cmd->add_option("--resources", gen.resources, "number of resources (10 to 1,000,000)");
  gen_cmd->add_option("--regions", gen.regions, "number of Regions, paired for failover (2 to 8)");
  gen_cmd->add_option("--seed", gen.seed, "generator seed: same seed, same scenario");
  gen_cmd->add_option("--trials", gen.trials, "simulation.trials written into the scenario");
  gen_cmd->add_option("-o,--out", gen.out, "write here instead of stdout");

  std::vector<std::string> compare_files;
  VariantRunArgs variant_args;
  variant_args.threads = run_args.threads;
  auto add_variant_options = [&](CLI::App* cmd, const char* json_doc = "docs/sweeps.md") {
    cmd->add_option("--failure", variant_args.failures, "compare only this failure of the base (by name; repeatable)");
    cmd->add_option("--seed", variant_args.seed, "random seed shared by every variant (default: the base's)");
    cmd->add_option("--trials", variant_args.trials, "trials per variant and failure (default: the base's)")
        ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{10'000'000}));
    cmd->add_option("--threads", variant_args.threads, "worker threads (default: all cores); results are identical for any count")
        ->check(CLI::Range(1u, 256u));
    cmd->add_option("--bootstrap", variant_args.bootstrap, "bootstrap resamples for the p95 intervals (default 1000)")
        ->check(CLI::Range(100u, 100'000u));
    cmd->add_option("--json", variant_args.json_out, fmt::format("write the JSON here ({})", json_doc));
    cmd->add_option("--csv", variant_args.csv_out, "write a tidy CSV here: one row per variant, failure, application and metric");
    cmd->add_option("--html", variant_args.html_out,
                    "write a self-contained HTML page here: the answer, cost against p95 RTO and RPO per failure and "
                    "application with the Pareto front, every variant's intervals (docs/reports.md)");
    cmd->add_flag("--strict", variant_args.strict, "refuse variants with warnings");
  };
  auto* compare_cmd = app.add_subcommand(
      "compare", "Run alternative scenario files on the same trials and show each one's difference from the first, "
                 "with paired 95% intervals");
  compare_cmd->add_option("FILES", compare_files, "scenario JSON files; the first is the base")->required()->expected(2, -1);
  add_variant_options(compare_cmd);

  std::string sweep_file;
  auto* sweep_cmd = app.add_subcommand(
      "sweep", "Run a sweep file's variants of a base scenario (parameters by JSON pointer, named JSON Patch variants; "
               "grid, one-at-a-time, random, Latin hypercube, Sobol or Saltelli designs) and compare each with the base, "
               "cost included; with an objective, the best variant and why cheaper ones fail; tornado or Sobol sensitivity");
  sweep_cmd->add_option("SWEEP", sweep_file, "sweep JSON (format: docs/sweeps.md)")->required();
  add_variant_options(sweep_cmd);
  sweep_cmd->add_option("--shard", variant_args.shard,
                        "run only shard K of N of the variants (K/N, from 1) or auto (Slurm or AWS Batch array job) and "
                        "write a part; drsim merge puts the parts together (docs/scale-out.md)");
  sweep_cmd->add_flag("--mpi", variant_args.mpi,
                      "under mpirun: each rank runs its share of the variants and rank 0 writes the outputs, identical "
                      "to one process's (needs a build with -DDRSIM_MPI=ON)");
  sweep_cmd->add_option("--part", variant_args.part_out,
                        "with --shard: write the part here (default: SWEEP's stem + .part-K-of-N.drsim)");

  std::string strategies_file;
  StrategyArgs strategy_args;
  auto* strategies_cmd = app.add_subcommand(
      "strategies", "Derive AWS's four DR strategies of the workload (backup & restore, pilot light, warm standby, "
                    "multi-site active/active) and compare them side by side per failure: RTO and RPO against AWS's "
                    "bands, compliance, monthly cost, gates and control-plane dependences (docs/strategies.md)");
  strategies_cmd->add_option("FILE", strategies_file, "scenario JSON; it needs failover_regions for every Region")->required();
  add_variant_options(strategies_cmd, "docs/strategies.md");
  strategies_cmd->add_option("--warm-running", strategy_args.warm_running,
                             "share of each fleet a warm standby keeps running, 0 to 1 (default 0.25)")
      ->check(CLI::Range(0.01, 1.0));
  strategies_cmd->add_flag("--keep-declaration", strategy_args.keep_declaration,
                           "warm standby and multi-site also wait for the scenario's declaration (default: their "
                           "failover is triggered by alarms and health checks)");
  strategies_cmd->add_option("--save", strategy_args.save_dir,
                             "write the four derived scenarios to this directory (FILE-pilot-light.json, ...) to run, "
                             "walk through or edit");

  MergeArgs merge_args;
  merge_args.threads = run_args.threads;
  auto* merge_cmd = app.add_subcommand(
      "merge", "Put the parts written by run --shard or sweep --shard back together: the summary and the files the unsharded command "
               "would have written, byte for byte (docs/scale-out.md)");
  merge_cmd->add_option("PARTS", merge_args.parts, "every part of one study, in any order")->required()->expected(1, -1);
  merge_cmd->add_option("-o,--out", merge_args.out_dir,
                        "write the outputs into this directory, under the names the sharded command was given "
                        "(default: those paths as given)");
  merge_cmd->add_option("--part", merge_args.part_out,
                        "write one part for the adjacent shards given, instead of the outputs, to merge again with the "
                        "rest (a two-level merge of a large array job; docs/scale-out.md)");
  merge_cmd->add_option("--threads", merge_args.threads, "worker threads (default: all cores); results are identical for any count")
      ->check(CLI::Range(1u, 256u));

  ExamArgs exam_args;
  exam_args.threads = run_args.threads;
  auto* exam_cmd = app.add_subcommand(
      "exam", "An exam-style DR question (scenarios/exam/): print it, check an answer, or simulate every option and "
              "explain which meet the requirement and why (docs/exam.md)");
  exam_cmd->add_option("FILE", exam_args.file, "exam question JSON, or a folder of them (one line each)")->required();
  exam_cmd->add_option("--answer", exam_args.answer, "say whether this option (A to D) is right and why, with its simulation");
  exam_cmd->add_flag("--reveal", exam_args.reveal,
                     "simulate every option and explain, option by option, which meet the requirement");
  exam_cmd->add_option("--threads", exam_args.threads, "worker threads (default: all cores); results are identical for any count")
      ->check(CLI::Range(1u, 256u));

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? kExitOk : kExitBadInput;
  }
  if (*validate_cmd) return validate(file, strict);
  if (*run_cmd) return run(run_args);
  if (*walk_cmd) return walkthrough(file, failure, seed, trial);
  if (*graph_cmd) return graph(file, out, expand_fleets);
  if (*gen_cmd) return generate(gen);
  if (*compare_cmd) return compare(compare_files, variant_args);
  if (*sweep_cmd) return sweep(sweep_file, variant_args);
  if (*strategies_cmd) return strategies(strategies_file, variant_args, strategy_args);
  if (*merge_cmd) return merge(merge_args);
  if (*exam_cmd) return exam(exam_args);
  return kExitBadInput;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace drsim::cli;
  // MPI starts before the arguments are read (mpirun's own are taken out by MPI_Init). Only
  // rank 0 speaks: every rank reads the same inputs, so it reports what the others would.
  const bool wants_mpi = std::any_of(argv + 1, argv + argc, [](const char* a) { return std::string_view(a) == "--mpi"; });
  const MpiSession mpi(&argc, &argv, wants_mpi && mpi_built());
  std::streambuf* const out = std::cout.rdbuf();
  std::streambuf* const err = std::cerr.rdbuf();
  if (mpi.active() && mpi_rank() != 0) {
    std::cout.rdbuf(nullptr);
    std::cerr.rdbuf(nullptr);
  }
  int status = 3;
  try {
    return dispatch(argc, argv);
  } catch (const std::bad_alloc&) {
    std::cerr.rdbuf(err);
    std::cerr << "drsim: out of memory\n";
  } catch (const std::exception& e) {
    std::cerr.rdbuf(err);
    std::cerr << "drsim: internal error: " << e.what() << '\n';
  }
  std::cout.rdbuf(out);
  if (mpi.active()) abort_all_ranks(status);  // the other ranks must not wait for this one
  return status;
}
