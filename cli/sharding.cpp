// `--shard` and `drsim merge`: a study or sweep split into parts that merge, byte for byte,
// into what the unsharded command writes (docs/scale-out.md).
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include <fmt/format.h>

#include "analysis/atomic_file.hpp"
#include "analysis/part_file.hpp"
#include "analysis/shard.hpp"
#include "analysis/study_parts.hpp"
#include "analysis/sweep_parts.hpp"
#include "analysis/version.hpp"
#include "cli/command_helpers.hpp"
#include "cli/commands.hpp"
#include "cli/mpi_transport.hpp"
#include "scenarios/loader.hpp"

namespace drsim::cli {
namespace {

std::optional<analysis::Shard> shard_of(const std::string& text) {
  std::string error;
  auto shard = analysis::parse_shard(text, [](const char* name) { return std::getenv(name); }, error);
  if (!shard) std::cerr << error << '\n';
  return shard;
}

std::string stem_of(const std::string& path) {
  std::string n = path.substr(path.find_last_of('/') + 1);
  if (n.size() > 5 && n.ends_with(".json")) n.resize(n.size() - 5);
  return n;
}

std::string default_part_path(const std::string& input, const analysis::Shard& shard) {
  return fmt::format("{}.part-{}-of-{}.drsim", stem_of(input), shard.index, shard.count);
}

bool write_part(const std::string& path, const analysis::Part& part) {
  const std::vector<std::uint8_t> bytes = analysis::encode_part(part);
  const std::string err =
      analysis::write_file_atomically(path, std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
  if (!err.empty()) std::cerr << err << '\n';
  return err.empty();
}

std::string count_text(std::uint64_t n) {
  std::string digits = std::to_string(n), out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

// Checks a part was written by this build (parts merge only there), saying so on stderr.
bool same_build(const analysis::Part& part) {
  if (part.version == analysis::kDrsimVersion) return true;
  std::cerr << fmt::format("{}: written by drsim {}; this is drsim {}, and parts merge only in the build that wrote them\n",
                           part.file, part.version, analysis::kDrsimVersion);
  return false;
}

// Part `i` of `source`, read and checked to come from this build; nullopt once the reason is
// on stderr.
std::optional<analysis::Part> read_from_this_build(PartSource& source, std::size_t i) {
  std::string error;
  auto part = source.read(i, error);
  if (!part) std::cerr << error << '\n';
  if (!part || !same_build(*part)) return std::nullopt;
  return part;
}

bool make_out_dir(const MergeArgs& args) {
  if (args.out_dir.empty()) return true;
  std::error_code ec;
  std::filesystem::create_directories(args.out_dir, ec);
  if (ec) std::cerr << fmt::format("{}: cannot be created: {}\n", args.out_dir, ec.message());
  return !ec;
}

// A run's parts folded one at a time: each is checked against the first as it arrives, its
// samples are placed and it is released, so memory stays at the result plus one part
// (docs/scale-out.md). Shards given twice or missing are found once every part is in.
int merge_run(analysis::Part& first, PartSource& source, const MergeArgs& args) {
  if (first.inputs.size() != 1 || first.inputs[0].role != "scenario") {
    std::cerr << fmt::format("{}: /inputs: expected the scenario alone\n", first.file);
    return kExitBadInput;
  }
  const analysis::PartInput& input = first.inputs[0];
  scenarios::LoadResult loaded = scenarios::load_scenario_text(input.text, input.path);
  if (!loaded.scenario) {
    for (const auto& d : loaded.errors) std::cerr << scenarios::to_string(d) << '\n';
    std::cerr << fmt::format("{}: the scenario it carries does not load in this build\n", first.file);
    return kExitBadInput;
  }
  const models::Scenario& s = *loaded.scenario;
  const nlohmann::json set = first.settings;  // a copy: `first` joins the headers below
  std::string error;
  std::uint64_t seed = 0, trials = 0;
  if (!analysis::read_count(set, "seed", UINT64_MAX, seed, "/settings", error) ||
      !analysis::read_count(set, "trials", 10'000'000, trials, "/settings", error) || !set.contains("failures") ||
      !set["failures"].is_array() || !set.contains("json") || !set["json"].is_string() || !set.contains("csv") ||
      !set["csv"].is_string() || !set.contains("csv_resources") || !set["csv_resources"].is_boolean() ||
      !set.contains("memory") || !set["memory"].is_number_unsigned()) {
    std::cerr << fmt::format("{}: {}\n", first.file, error.empty() ? "/settings: expected seed, trials, failures, json, csv and csv_resources" : error);
    return kExitBadInput;
  }
  std::vector<std::size_t> failures;
  for (const auto& name : set["failures"]) {
    const auto f = name.is_string() ? s.find_failure(name.get<std::string>()) : std::nullopt;
    if (!f) {
      std::cerr << fmt::format("{}: /settings/failures: {} is not a failure of the scenario\n", first.file, name.dump());
      return kExitBadInput;
    }
    failures.push_back(*f);
  }
  const analysis::MemoryPlan memory = analysis::plan_memory(s, failures, trials, set["memory"].get<std::uint64_t>());
  analysis::SampleFold fold(0, trials);
  auto fold_part = [&](analysis::Part& p) {
    auto samples = analysis::samples_from_payload(p.payload, s, error);
    if (!samples) {
      std::cerr << fmt::format("{}: {}\n", p.file, error);
      return false;
    }
    p.payload = nullptr;
    const analysis::ShardRange want = analysis::shard_range(p.shard, p.shards, trials);
    bool same_failures = samples->failures.size() == failures.size();
    for (std::size_t i = 0; same_failures && i < failures.size(); ++i) same_failures = samples->failures[i].failure == failures[i];
    if (samples->seed != seed || samples->trials != trials || samples->begin != want.begin || samples->end != want.end ||
        !same_failures) {
      std::cerr << fmt::format("{}: /payload: expected trials {} to {} of {} (shard {} of {}) of the failures in its "
                               "settings, seed {}\n",
                               p.file, want.begin, want.end, trials, p.shard, p.shards, seed);
      return false;
    }
    if (samples->sketch != memory.sketch) {
      std::cerr << fmt::format("{}: /payload/sketch: expected {} for this study and memory budget\n", p.file, memory.sketch);
      return false;
    }
    if (const std::string differs = fold.mismatch(*samples); !differs.empty()) {
      std::cerr << fmt::format("{}: /payload{}\n", p.file, differs);
      return false;
    }
    fold.add(std::move(*samples));
    return true;
  };
  if (!fold_part(first)) return kExitBadInput;
  std::vector<analysis::Part> headers;  // every part without its samples, for the shard check
  headers.push_back(std::move(first));
  for (std::size_t i = 1; i < source.count; ++i) {
    auto p = read_from_this_build(source, i);
    if (!p) return kExitBadInput;
    if (const std::string err = analysis::check_part_agrees(headers.front(), *p); !err.empty()) {
      std::cerr << err << '\n';
      return kExitBadInput;
    }
    if (!fold_part(*p)) return kExitBadInput;
    for (analysis::PartInput& in : p->inputs) std::string().swap(in.text);  // the first part's copy is kept
    headers.push_back(std::move(*p));
  }
  if (const std::string err = analysis::check_parts_agree(headers); !err.empty()) {
    std::cerr << err << '\n';
    return kExitBadInput;
  }
  if (!make_out_dir(args)) return kExitOutput;
  analysis::StudyOptions opt;
  opt.seed = seed;
  opt.trials = trials;
  opt.threads = args.threads;
  opt.keep_resource_samples = !set["csv"].get<std::string>().empty() && set["csv_resources"].get<bool>();
  opt.keep_trial_rows = !set["csv"].get<std::string>().empty() && !opt.keep_resource_samples;
  opt.sketch = memory.sketch;
  const analysis::PreparedScenario prepared(s);
  analysis::StudyResult result = analysis::summarise_study(s, prepared.history, prepared.graph, fold.finish(), opt);
  result.memory = memory;
  return report_run(s, result, {set["json"].get<std::string>(), set["csv"].get<std::string>(), set["csv_resources"].get<bool>()},
                    args.out_dir);
}

// The settings a sweep's outputs depend on, resolved (so a merge needs nothing else).
nlohmann::json sweep_settings(const VariantRunArgs& args, const analysis::ComparisonOptions& opt) {
  return {{"seed", opt.seed},       {"trials", opt.trials},      {"bootstrap", opt.bootstrap}, {"failures", opt.failures},
          {"strict", args.strict},  {"json", args.json_out},     {"csv", args.csv_out}};
}

int merge_sweep(std::vector<analysis::Part>& parts, const MergeArgs& margs) {
  const analysis::Part& first = parts.front();
  if (first.inputs.size() != 2 || first.inputs[0].role != "sweep" || first.inputs[1].role != "base") {
    std::cerr << fmt::format("{}: /inputs: expected the sweep file and its base scenario\n", first.file);
    return kExitBadInput;
  }
  const nlohmann::json& set = first.settings;
  VariantRunArgs args;
  std::string error;
  std::uint64_t seed = 0, trials = 0, bootstrap = 0;
  const bool ok = analysis::read_count(set, "seed", UINT64_MAX, seed, "/settings", error) &&
                  analysis::read_count(set, "trials", 10'000'000, trials, "/settings", error) &&
                  analysis::read_count(set, "bootstrap", 100'000, bootstrap, "/settings", error) &&
                  set.contains("failures") && set["failures"].is_array() && set.contains("strict") &&
                  set["strict"].is_boolean() && set.contains("json") && set["json"].is_string() && set.contains("csv") &&
                  set["csv"].is_string();
  if (!ok) {
    std::cerr << fmt::format("{}: {}\n", first.file,
                             error.empty() ? "/settings: expected seed, trials, bootstrap, failures, strict, json and csv" : error);
    return kExitBadInput;
  }
  for (const auto& f : set["failures"]) {
    if (!f.is_string()) {
      std::cerr << fmt::format("{}: /settings/failures: expected failure names\n", first.file);
      return kExitBadInput;
    }
    args.failures.push_back(f.get<std::string>());
  }
  args.seed = seed;
  args.trials = trials;
  args.bootstrap = static_cast<std::uint32_t>(bootstrap);
  args.strict = set["strict"].get<bool>();
  args.json_out = set["json"].get<std::string>();
  args.csv_out = set["csv"].get<std::string>();
  args.threads = margs.threads;
  const auto prepared = prepare_sweep(first.inputs[0].path, args, first.inputs[0].text, first.inputs[1].text, false);
  if (!prepared) {
    std::cerr << fmt::format("{}: the sweep it carries does not build in this drsim\n", first.file);
    return kExitBadInput;
  }
  analysis::ComparisonResult result = analysis::comparison_shape(prepared->variants, prepared->options);
  analysis::SeriesStore store(prepared->variants.size());
  for (analysis::Part& p : parts) {
    const analysis::ShardRange range = analysis::shard_range(p.shard, p.shards, prepared->variants.size());
    if (!analysis::series_from_payload(p.payload, result, trials, range.begin, range.end, store, error)) {
      std::cerr << fmt::format("{}: {}\n", p.file, error);
      return kExitBadInput;
    }
    p.payload = nullptr;
  }
  analysis::finish_comparison(result, store, prepared->options);
  return report_sweep(*prepared, result, args, margs.out_dir);
}

}  // namespace

// The part of shard `shard` of a run: its trials simulated, with the scenario and settings.
std::optional<analysis::Part> run_part(const RunArgs& args, const models::Scenario& s,
                                       const std::vector<std::size_t>& failures, const analysis::StudyOptions& options,
                                       const analysis::Shard& shard_) {
  const analysis::Shard* shard = &shard_;
  std::string text;
  if (const std::string err = scenarios::read_input_file(args.file, text); !err.empty()) {
    std::cerr << fmt::format("{}: {}\n", args.file, err);
    return std::nullopt;
  }
  analysis::Part part;
  part.command = "run";
  part.version = std::string(analysis::kDrsimVersion);
  part.shard = shard->index;
  part.shards = shard->count;
  part.inputs.push_back(analysis::input_of("scenario", args.file, std::move(text)));
  nlohmann::json names = nlohmann::json::array();
  for (std::size_t f : failures) names.push_back(s.failures[f].name);
  // Every setting the merged outputs depend on; threads are not among them.
  part.settings = {{"seed", options.seed},  {"trials", options.trials}, {"failures", names},
                   {"json", args.json_out}, {"csv", args.csv_out},      {"csv_resources", args.csv_resources},
                   {"memory", args.memory}};
  const analysis::ShardRange range = analysis::shard_range(shard->index, shard->count, options.trials);
  const analysis::PreparedScenario prepared(s);
  const analysis::StudySamples samples =
      analysis::simulate_trials(s, prepared.history, prepared.graph, failures, options, range.begin, range.end);
  part.payload = analysis::samples_payload(samples);
  return part;
}

int run_shard(const RunArgs& args, const models::Scenario& s, const std::vector<std::size_t>& failures,
              const analysis::StudyOptions& options) {
  const auto shard = shard_of(args.shard);
  if (!shard) return kExitBadInput;
  const auto part = run_part(args, s, failures, options, *shard);
  if (!part) return kExitBadInput;
  const analysis::ShardRange range = analysis::shard_range(shard->index, shard->count, options.trials);
  const std::string path = args.part_out.empty() ? default_part_path(args.file, *shard) : args.part_out;
  if (!write_part(path, *part)) return kExitOutput;
  const std::string trials_text = range.end == range.begin ? std::string("no trials")
                                  : fmt::format("trials {} to {}", count_text(range.begin), count_text(range.end - 1));
  std::cout << fmt::format("Shard {} of {} of {}: {} of {} (numbered from 0; {} here) of {} failure{}; part written to {}.\n"
                           "Merge every part with: drsim merge PARTS... [-o DIR]\n",
                           shard->index, shard->count, args.file, trials_text, count_text(options.trials),
                           count_text(range.end - range.begin), failures.size(),
                           failures.size() == 1 ? "" : "s", path);
  return kExitOk;
}

std::optional<analysis::Part> sweep_part(const std::string& file, const VariantRunArgs& args, const PreparedSweep& p,
                                         const analysis::Shard& shard_) {
  const analysis::Shard* shard = &shard_;
  std::string sweep_text, base_text;
  if (const std::string err = scenarios::read_input_file(file, sweep_text); !err.empty()) {
    std::cerr << fmt::format("{}: {}\n", file, err);
    return std::nullopt;
  }
  if (const std::string err = scenarios::read_input_file(p.spec.base_path, base_text); !err.empty()) {
    std::cerr << fmt::format("{}: {}\n", p.spec.base_path, err);
    return std::nullopt;
  }
  analysis::Part part;
  part.command = "sweep";
  part.version = std::string(analysis::kDrsimVersion);
  part.shard = shard->index;
  part.shards = shard->count;
  part.inputs.push_back(analysis::input_of("sweep", file, std::move(sweep_text)));
  part.inputs.push_back(analysis::input_of("base", p.spec.base_path, std::move(base_text)));
  part.settings = sweep_settings(args, p.options);
  const std::size_t n = p.variants.size();
  const analysis::ShardRange range = analysis::shard_range(shard->index, shard->count, n);
  const analysis::ComparisonResult shape = analysis::comparison_shape(p.variants, p.options);
  analysis::SeriesStore store(n);
  analysis::run_variants(p.variants, shape, p.options, range.begin, range.end, store);
  part.payload = analysis::series_payload(store, range.begin, range.end, p.options.trials);
  return part;
}

int sweep_shard(const std::string& file, const VariantRunArgs& args, const PreparedSweep& p) {
  const auto shard = shard_of(args.shard);
  if (!shard) return kExitBadInput;
  const auto part = sweep_part(file, args, p, *shard);
  if (!part) return kExitBadInput;
  const std::size_t n = p.variants.size();
  const analysis::ShardRange range = analysis::shard_range(shard->index, shard->count, n);
  const std::string path = args.part_out.empty() ? default_part_path(file, *shard) : args.part_out;
  if (!write_part(path, *part)) return kExitOutput;
  const std::string which = range.end == range.begin ? std::string("no variants")
                            : fmt::format("variants {} to {}", count_text(range.begin), count_text(range.end - 1));
  std::cout << fmt::format("Shard {} of {} of {}: {} of {} (numbered from 0, the base first; {} here), {} trials each; "
                           "part written to {}.\nMerge every part with: drsim merge PARTS... [-o DIR]\n",
                           shard->index, shard->count, file, which, count_text(n), count_text(range.end - range.begin),
                           count_text(p.options.trials), path);
  return kExitOk;
}

namespace {

// Checks that MPI runs this process; else says how to start it.
bool check_mpi() {
  if (!mpi_built()) {
    std::cerr << "--mpi: this drsim was built without MPI; build it with cmake -DDRSIM_MPI=ON (Open MPI, "
                 "docs/scale-out.md), or split the work with --shard K/N and drsim merge\n";
    return false;
  }
  return true;
}

// Rank 0 merges the gathered parts; every rank returns rank 0's status. On stderr, rank 0 says
// how the work was balanced: each rank's compute time (`compute_s`, its part made) and the
// merge's.
int merge_on_root(const std::optional<analysis::Part>& mine, unsigned threads, double compute_s) {
  // A rank whose part could not be made (its input cannot be read there) cannot take part.
  if (!mine) abort_all_ranks(kExitBadInput);
  const auto merge_start = std::chrono::steady_clock::now();
  const std::vector<double> times = gather_values_on_root(compute_s);
  RootInbox inbox(analysis::encode_part(*mine));
  int status = kExitOk;
  if (mpi_rank() == 0) {
    // Each rank's part is received when the merge reaches it, and released once folded.
    PartSource source{inbox.ranks(), [&](std::size_t r, std::string& error) {
                        return analysis::decode_part(inbox.take(r), fmt::format("rank {}", r), error);
                      }};
    status = merge_parts(source, MergeArgs{{}, "", threads});
    inbox.drain();
  }
  if (mpi_rank() == 0 && status == kExitOk) {
    std::vector<double> sorted = times;
    std::sort(sorted.begin(), sorted.end());
    double mean = 0;
    for (const double t : times) mean += t / static_cast<double>(times.size());
    std::cerr << fmt::format("MPI: {} ranks; each rank's share took {:.2f} to {:.2f} s (median {:.2f} s, the slowest "
                             "{:.0f}% above the mean); rank 0 received and merged the parts in {:.2f} s\n",
                             times.size(), sorted.front(), sorted.back(), sorted[sorted.size() / 2],
                             mean > 0 ? 100.0 * (sorted.back() / mean - 1.0) : 0.0,
                             std::chrono::duration<double>(std::chrono::steady_clock::now() - merge_start).count());
  }
  return share_status(status);
}

double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

analysis::Shard rank_shard() {
  return {static_cast<std::uint64_t>(mpi_rank()) + 1, static_cast<std::uint64_t>(mpi_size())};
}

}  // namespace

int run_mpi(const RunArgs& args, const models::Scenario& s, const std::vector<std::size_t>& failures,
            const analysis::StudyOptions& options) {
  if (!check_mpi()) return kExitBadInput;
  const auto start = std::chrono::steady_clock::now();
  const auto part = run_part(args, s, failures, options, rank_shard());
  return merge_on_root(part, args.threads, seconds_since(start));
}

int sweep_mpi(const std::string& file, const VariantRunArgs& args, const PreparedSweep& p) {
  if (!check_mpi()) return kExitBadInput;
  const auto start = std::chrono::steady_clock::now();
  const auto part = sweep_part(file, args, p, rank_shard());
  return merge_on_root(part, args.threads, seconds_since(start));
}

int merge(const MergeArgs& args) {
  PartSource source{args.parts.size(),
                    [&](std::size_t i, std::string& error) { return analysis::read_part(args.parts[i], error); }};
  return merge_parts(source, args);
}

int merge_parts(PartSource& source, const MergeArgs& args) {
  if (source.count == 0) {
    std::cerr << "drsim merge: no parts given\n";
    return kExitBadInput;
  }
  auto first = read_from_this_build(source, 0);
  if (!first) return kExitBadInput;
  if (first->command == "run") return merge_run(*first, source, args);
  // A sweep's parts are small (per-trial series of its variants): they are read together.
  std::vector<analysis::Part> parts;
  parts.push_back(std::move(*first));
  for (std::size_t i = 1; i < source.count; ++i) {
    auto p = read_from_this_build(source, i);
    if (!p) return kExitBadInput;
    parts.push_back(std::move(*p));
  }
  if (const std::string err = analysis::check_parts_agree(parts); !err.empty()) {
    std::cerr << err << '\n';
    return kExitBadInput;
  }
  if (parts.front().command != "sweep") {
    std::cerr << fmt::format("{}: a part of drsim {}, which this build cannot merge\n", parts.front().file,
                             parts.front().command);
    return kExitBadInput;
  }
  if (!make_out_dir(args)) return kExitOutput;
  return merge_sweep(parts, args);
}

}  // namespace drsim::cli
