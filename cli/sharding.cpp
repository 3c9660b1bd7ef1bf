// `--shard` and `drsim merge`: a study or sweep split into parts that merge, byte for byte,
// into what the unsharded command writes (docs/scale-out.md).
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include <fmt/format.h>

#include "analysis/atomic_file.hpp"
#include "analysis/part_file.hpp"
#include "analysis/progress.hpp"
#include "analysis/shard.hpp"
#include "analysis/study_parts.hpp"
#include "analysis/sweep_parts.hpp"
#include "analysis/version.hpp"
#include "cli/command_helpers.hpp"
#include "cli/commands.hpp"
#include "cli/run_merge.hpp"
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

bool check_settings_shape(const nlohmann::json& set) {
  return set.is_object() && set.contains("failures") && set["failures"].is_array() && set.contains("json") &&
         set["json"].is_string() && set.contains("csv") && set["csv"].is_string() && set.contains("csv_resources") &&
         set["csv_resources"].is_boolean() && set.contains("memory") && set["memory"].is_number_unsigned() &&
         set.contains("html") && set["html"].is_string();
}

// The lowest and highest shard among `parts`, as the range of one merged part.
analysis::Part range_header(const std::vector<analysis::Part>& parts) {
  analysis::Part out;
  const analysis::Part& first = parts.front();
  out.command = first.command;
  out.version = first.version;
  out.shards = first.shards;
  out.shard = first.shards;
  out.last_shard = 1;
  for (const analysis::Part& p : parts) {
    out.shard = std::min(out.shard, p.shard);
    out.last_shard = std::max(out.last_shard, p.last_shard);
  }
  out.inputs = first.inputs;
  out.settings = first.settings;
  return out;
}

int write_merged_part(analysis::Part& merged, const std::string& path, const std::string& what) {
  if (!write_part(path, merged)) return kExitOutput;
  std::cout << fmt::format("Merged {} of {} ({}) into one part, {}.\nMerge it with the other parts: drsim merge "
                           "PARTS... [-o DIR]\n",
                           analysis::shard_label(merged), merged.inputs.front().path, what, path);
  return kExitOk;
}

// A run's parts folded one at a time: each is checked against the first as it arrives, its
// samples are placed and it is released, so memory stays at the result plus one part
// (docs/scale-out.md). Shards given twice or missing are found once every part is in. With
// `--part`, the parts are adjacent shards and their fold is written as one part.
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
  const auto run = read_run_settings(first.file, first.settings, s, first.inputs[0].path);
  if (!run) return kExitBadInput;
  // Over the whole study's trials: a merged part's range is known once every part is in.
  analysis::SampleFold fold(0, run->trials);
  std::string error;
  auto fold_part = [&](analysis::Part& p) {
    auto samples = analysis::samples_from_payload(p.payload, s, error);
    if (!samples) {
      std::cerr << fmt::format("{}: {}\n", p.file, error);
      return false;
    }
    p.payload = nullptr;
    std::string wrong = check_block(*run, *samples, analysis::part_range(p, run->trials), analysis::shard_label(p));
    if (wrong.empty()) wrong = fold.mismatch(*samples);
    if (!wrong.empty()) {
      std::cerr << fmt::format("{}: {}\n", p.file, wrong.starts_with("/payload") ? wrong : "/payload" + wrong);
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
  const bool partial = !args.part_out.empty();
  if (const std::string err = analysis::check_parts_agree(headers, !partial); !err.empty()) {
    std::cerr << err << '\n';
    return kExitBadInput;
  }
  if (partial) {
    analysis::Part merged = range_header(headers);
    const analysis::ShardRange range = analysis::part_range(merged, run->trials);
    merged.payload = analysis::samples_payload(fold.finish(range.begin, range.end));
    return write_merged_part(merged, args.part_out,
                             range.end == range.begin ? std::string("no trials")
                                                      : fmt::format("trials {} to {}", count_text(range.begin),
                                                                    count_text(range.end - 1)));
  }
  if (!make_out_dir(args)) return kExitOutput;
  return finish_run(s, *run, fold.finish(), args.threads, args.out_dir);
}

// The settings a sweep's outputs depend on, resolved (so a merge needs nothing else).
nlohmann::json sweep_settings(const VariantRunArgs& args, const analysis::ComparisonOptions& opt) {
  return {{"seed", opt.seed},       {"trials", opt.trials},      {"bootstrap", opt.bootstrap}, {"failures", opt.failures},
          {"strict", args.strict},  {"json", args.json_out},     {"csv", args.csv_out},
          {"html", args.html_out}};
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
                  set["csv"].is_string() && set.contains("html") && set["html"].is_string();
  if (!ok) {
    std::cerr << fmt::format("{}: {}\n", first.file,
                             error.empty() ? "/settings: expected seed, trials, bootstrap, failures, strict, json, csv and html" : error);
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
  args.html_out = set["html"].get<std::string>();
  args.threads = margs.threads;
  // A merged part needs only its own variants built (and the base); the outputs need them all.
  const bool partial = !margs.part_out.empty();
  const analysis::Part range = range_header(parts);
  const auto prepared =
      prepare_sweep(first.inputs[0].path, args, first.inputs[0].text, first.inputs[1].text, margs.show_warnings,
                    partial ? std::optional<ShardSpan>(ShardSpan{range.shard, range.last_shard, range.shards}) : std::nullopt);
  if (!prepared) {
    std::cerr << fmt::format("{}: the sweep it carries does not build in this drsim\n", first.file);
    return kExitBadInput;
  }
  analysis::ComparisonResult result = analysis::comparison_shape(prepared->variants, prepared->options);
  analysis::SeriesStore store(prepared->variants.size());
  for (analysis::Part& p : parts) {
    const analysis::ShardRange variants = analysis::part_range(p, prepared->variants.size());
    if (!analysis::series_from_payload(p.payload, result, trials, variants.begin, variants.end, store, error)) {
      std::cerr << fmt::format("{}: {}\n", p.file, error);
      return kExitBadInput;
    }
    p.payload = nullptr;
  }
  if (partial) {
    analysis::Part merged = range;
    const analysis::ShardRange variants = analysis::part_range(merged, prepared->variants.size());
    merged.payload = analysis::series_payload(store, variants.begin, variants.end, trials);
    return write_merged_part(merged, margs.part_out,
                             variants.end == variants.begin ? std::string("no variants")
                                                            : fmt::format("variants {} to {}", count_text(variants.begin),
                                                                          count_text(variants.end - 1)));
  }
  if (!make_out_dir(margs)) return kExitOutput;
  analysis::finish_comparison(result, store, prepared->options);
  return report_sweep(*prepared, result, args, margs.out_dir);
}

}  // namespace

std::optional<RunSettings> read_run_settings(const std::string& file, const nlohmann::json& set, const models::Scenario& s,
                                             const std::string& scenario_file) {
  RunSettings run;
  std::string error;
  if (!analysis::read_count(set, "seed", UINT64_MAX, run.seed, "/settings", error) ||
      !analysis::read_count(set, "trials", 10'000'000, run.trials, "/settings", error) || !check_settings_shape(set)) {
    std::cerr << fmt::format("{}: {}\n", file,
                             error.empty() ? "/settings: expected seed, trials, failures, json, csv, csv_resources, html and memory"
                                           : error);
    return std::nullopt;
  }
  for (const auto& name : set["failures"]) {
    const auto f = name.is_string() ? s.find_failure(name.get<std::string>()) : std::nullopt;
    if (!f) {
      std::cerr << fmt::format("{}: /settings/failures: {} is not a failure of the scenario\n", file, name.dump());
      return std::nullopt;
    }
    run.failures.push_back(*f);
  }
  run.memory = analysis::plan_memory(s, run.failures, run.trials, set["memory"].get<std::uint64_t>());
  run.json = set["json"].get<std::string>();
  run.csv = set["csv"].get<std::string>();
  run.csv_resources = set["csv_resources"].get<bool>();
  run.html = set["html"].get<std::string>();
  run.scenario_file = scenario_file;
  return run;
}

std::string check_block(const RunSettings& run, const analysis::StudySamples& block, analysis::ShardRange want,
                        const std::string& shards) {
  bool same_failures = block.failures.size() == run.failures.size();
  for (std::size_t i = 0; same_failures && i < run.failures.size(); ++i)
    same_failures = block.failures[i].failure == run.failures[i];
  if (block.seed != run.seed || block.trials != run.trials || block.begin != want.begin || block.end != want.end ||
      !same_failures)
    return fmt::format("/payload: expected trials {} to {} of {} ({}) of the failures in its settings, seed {}", want.begin,
                       want.end, run.trials, shards, run.seed);
  if (block.sketch != run.memory.sketch)
    return fmt::format("/payload/sketch: expected {} for this study and memory budget", run.memory.sketch);
  return "";
}

int finish_run(const models::Scenario& s, const RunSettings& run, analysis::StudySamples&& samples, unsigned threads,
               const std::string& out_dir) {
  analysis::StudyOptions opt;
  opt.seed = run.seed;
  opt.trials = run.trials;
  opt.threads = threads;
  opt.keep_resource_samples = !run.csv.empty() && run.csv_resources;
  opt.keep_trial_rows = !run.csv.empty() && !opt.keep_resource_samples;
  opt.sketch = run.memory.sketch;
  const analysis::PreparedScenario prepared(s);
  analysis::StudyResult result = analysis::summarise_study(s, prepared.history, prepared.graph, std::move(samples), opt);
  result.memory = run.memory;
  return report_run(s, result, {run.json, run.csv, run.csv_resources, run.html, run.scenario_file}, out_dir, prepared);
}

std::optional<RunShare> run_share(const RunArgs& args, const models::Scenario& s, const std::vector<std::size_t>& failures,
                                  const analysis::StudyOptions& options, const analysis::Shard& shard) {
  std::string text;
  if (const std::string err = scenarios::read_input_file(args.file, text); !err.empty()) {
    std::cerr << fmt::format("{}: {}\n", args.file, err);
    return std::nullopt;
  }
  RunShare share;
  analysis::Part& part = share.header;
  part.command = "run";
  part.version = std::string(analysis::kDrsimVersion);
  part.shard = part.last_shard = shard.index;
  part.shards = shard.count;
  part.inputs.push_back(analysis::input_of("scenario", args.file, std::move(text)));
  nlohmann::json names = nlohmann::json::array();
  for (std::size_t f : failures) names.push_back(s.failures[f].name);
  // Every setting the merged outputs depend on; threads are not among them.
  part.settings = {{"seed", options.seed},  {"trials", options.trials}, {"failures", names},
                   {"json", args.json_out}, {"csv", args.csv_out},      {"csv_resources", args.csv_resources},
                   {"html", args.html_out}, {"memory", args.memory}};
  const analysis::ShardRange range = analysis::shard_range(shard.index, shard.count, options.trials);
  const analysis::PreparedScenario prepared(s);
  share.samples = analysis::simulate_trials(s, prepared.history, prepared.graph, failures, options, range.begin, range.end);
  return share;
}

int run_shard(const RunArgs& args, const models::Scenario& s, const std::vector<std::size_t>& failures,
              const analysis::StudyOptions& options) {
  const auto shard = shard_of(args.shard);
  if (!shard) return kExitBadInput;
  auto share = run_share(args, s, failures, options, *shard);
  if (!share) return kExitBadInput;
  share->header.payload = analysis::samples_payload(share->samples);
  share->samples = {};
  const analysis::ShardRange range = analysis::shard_range(shard->index, shard->count, options.trials);
  const std::string path = args.part_out.empty() ? default_part_path(args.file, *shard) : args.part_out;
  if (!write_part(path, share->header)) return kExitOutput;
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
                                         const analysis::Shard& shard) {
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
  part.shard = part.last_shard = shard.index;
  part.shards = shard.count;
  part.inputs.push_back(analysis::input_of("sweep", file, std::move(sweep_text)));
  part.inputs.push_back(analysis::input_of("base", p.spec.base_path, std::move(base_text)));
  part.settings = sweep_settings(args, p.options);
  const std::size_t n = p.variants.size();
  const analysis::ShardRange range = analysis::shard_range(shard.index, shard.count, n);
  const analysis::ComparisonResult shape = analysis::comparison_shape(p.variants, p.options);
  analysis::SeriesStore store(n);
  analysis::run_variants(p.variants, shape, p.options, range.begin, range.end, store);
  part.payload = analysis::series_payload(store, range.begin, range.end, p.options.trials);
  return part;
}

namespace {

int sweep_shard(const std::string& file, const VariantRunArgs& args, const PreparedSweep& p, const analysis::Shard& shard) {
  const auto part = sweep_part(file, args, p, shard);
  if (!part) return kExitBadInput;
  const std::size_t n = p.variants.size();
  const analysis::ShardRange range = analysis::shard_range(shard.index, shard.count, n);
  const std::string path = args.part_out.empty() ? default_part_path(file, shard) : args.part_out;
  if (!write_part(path, *part)) return kExitOutput;
  const std::string which = range.end == range.begin ? std::string("no variants")
                            : fmt::format("variants {} to {}", count_text(range.begin), count_text(range.end - 1));
  std::cout << fmt::format("Shard {} of {} of {}: {} of {} (numbered from 0, the base first; {} here), {} trials each; "
                           "part written to {}.\nMerge every part with: drsim merge PARTS... [-o DIR]\n",
                           shard.index, shard.count, file, which, count_text(n), count_text(range.end - range.begin),
                           count_text(p.options.trials), path);
  return kExitOk;
}

}  // namespace

int sweep_sharded(const std::string& file, const VariantRunArgs& args) {
  const auto shard = shard_of(args.shard);
  if (!shard) return kExitBadInput;
  const auto prepared =
      prepare_sweep(file, args, std::nullopt, std::nullopt, true, ShardSpan{shard->index, shard->index, shard->count});
  if (!prepared) return kExitBadInput;
  analysis::ProgressBar progress(stderr);
  prepared->options.progress = &progress;
  return sweep_shard(file, args, *prepared, *shard);
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
  if (const std::string err = analysis::check_parts_agree(parts, args.part_out.empty()); !err.empty()) {
    std::cerr << err << '\n';
    return kExitBadInput;
  }
  if (parts.front().command != "sweep") {
    std::cerr << fmt::format("{}: a part of drsim {}, which this build cannot merge\n", parts.front().file,
                             parts.front().command);
    return kExitBadInput;
  }
  return merge_sweep(parts, args);
}

}  // namespace drsim::cli
