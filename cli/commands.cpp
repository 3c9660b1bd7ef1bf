#include "cli/commands.hpp"
#include "cli/command_helpers.hpp"

#include <filesystem>
#include <iostream>
#include <memory>
#include <sstream>

#include <fmt/format.h>

#include "analysis/atomic_file.hpp"
#include "analysis/comparison_html.hpp"
#include "analysis/html_report.hpp"
#include "models/fleet_graph.hpp"
#include "analysis/comparison.hpp"
#include "analysis/comparison_report.hpp"
#include "analysis/decision.hpp"
#include "analysis/sensitivity.hpp"
#include "analysis/strategy_report.hpp"
#include "analysis/reports.hpp"
#include "analysis/study.hpp"
#include "analysis/walkthrough.hpp"
#include "models/duration_text.hpp"
#include "models/requires_graph.hpp"
#include "scenarios/did_you_mean.hpp"
#include "scenarios/generator.hpp"
#include "scenarios/loader.hpp"
#include "scenarios/sweep.hpp"
#include "scenarios/strategies.hpp"
#include "scenarios/sweep_variants.hpp"

namespace drsim::cli {

// Loads and reports: errors, then warnings, each on stderr. With `strict`, a warning is an
// error: the plan it names cannot work as intended, so nothing is run.
std::optional<models::Scenario> load(const std::string& file, bool strict) {
  scenarios::LoadResult r = scenarios::load_scenario_file(file);
  for (const auto& d : r.errors) std::cerr << scenarios::to_string(d) << '\n';
  for (const auto& d : r.warnings) std::cerr << scenarios::to_string(d) << '\n';
  // The loader already says how many errors it did not list, so no total here.
  if (!r.errors.empty()) {
    std::cerr << fmt::format("{}: invalid scenario; nothing was run\n", file);
    return std::nullopt;
  }
  if (strict && !r.warnings.empty()) {
    const bool one = r.warnings.size() == 1;
    std::cerr << fmt::format("{}: --strict: {} {} as errors; nothing was run\n", file, r.warnings.size(),
                             one ? "warning counts" : "warnings count");
    return std::nullopt;
  }
  return std::move(r.scenario);
}

std::optional<std::size_t> find_failure(const models::Scenario& s, const std::string& name) {
  if (auto i = s.find_failure(name)) return i;
  std::vector<std::string_view> names;
  for (const auto& f : s.failures) names.push_back(f.name);
  std::string all;
  for (const auto n : names) all += (all.empty() ? "" : ", ") + std::string(n);
  std::cerr << fmt::format("{}: --failure: no failure named \"{}\"; expected one of: {}{}\n", s.source, name, all,
                           scenarios::did_you_mean(name, names));
  return std::nullopt;
}

bool write(const std::string& path, const std::string& content) {
  const std::string err = analysis::write_file_atomically(path, content);
  if (err.empty()) return true;
  std::cerr << err << '\n';
  return false;
}

namespace {

// Writes the comparison's outputs: the text on stdout, the JSON and CSV where asked; with the
// decision of a sweep's objective, and the Pareto fronts, first.
int report_comparison(const analysis::ComparisonResult& result, const VariantRunArgs& args,
                      const scenarios::SweepSpec* spec = nullptr, const std::string& out_dir = "") {
  std::optional<analysis::Decision> decision;
  if (spec && spec->objective) decision = analysis::decide(result, *spec->objective);
  const auto fronts = analysis::pareto_fronts(result);
  const auto sensitivity = spec ? analysis::sensitivity(result, *spec, args.bootstrap) : std::vector<analysis::Sensitivity>{};
  std::string answer = analysis::render_decision_text(result, decision, fronts);
  if (spec) answer += analysis::render_sensitivity_text(result, *spec, sensitivity);
  std::cout << analysis::render_comparison_text(result, answer);
  bool ok = true;
  if (!args.json_out.empty()) {
    nlohmann::ordered_json j = analysis::comparison_json(result);
    j["decision"] = analysis::decision_json(result, decision, fronts);
    if (spec) j["sensitivity"] = analysis::sensitivity_json(result, *spec, sensitivity);
    ok &= write(output_path(args.json_out, out_dir), j.dump(2) + "\n");
  }
  if (!args.csv_out.empty()) ok &= write(output_path(args.csv_out, out_dir), analysis::comparison_csv(result));
  if (!args.html_out.empty())
    ok &= write(output_path(args.html_out, out_dir),
                analysis::render_comparison_html(result, spec ? "drsim sweep: " + result.variants.front() + " and its variants"
                                                              : std::string("drsim compare"),
                                                 answer, fronts));
  return ok ? kExitOk : kExitOutput;
}

// The failures of the base that are to be compared; an unknown name is reported.
bool check_failures(const models::Scenario& base, const std::vector<std::string>& names) {
  for (const std::string& name : names)
    if (!find_failure(base, name)) return false;
  return true;
}

// A variant's name from its file: the file name without ".json", or the whole path when two
// files share a name.
std::vector<std::string> variant_names(const std::vector<std::string>& files) {
  auto stem = [](const std::string& path) {
    std::string n = path.substr(path.find_last_of('/') + 1);
    if (n.size() > 5 && n.ends_with(".json")) n.resize(n.size() - 5);
    return n;
  };
  std::vector<std::string> names;
  for (const auto& f : files) names.push_back(stem(f));
  for (std::size_t i = 0; i < names.size(); ++i)
    for (std::size_t j = 0; j < names.size(); ++j)
      if (i != j && stem(files[i]) == stem(files[j])) names[i] = files[i];
  return names;
}

}  // namespace

int compare(const std::vector<std::string>& files, const VariantRunArgs& args) {
  std::vector<models::Scenario> scenarios;
  bool ok = true;
  for (const auto& file : files) {
    auto s = load(file, args.strict);
    if (!s) {
      ok = false;
      continue;
    }
    scenarios.push_back(std::move(*s));
  }
  if (!ok) return kExitBadInput;
  if (!check_failures(scenarios[0], args.failures)) return kExitBadInput;
  const std::vector<std::string> names = variant_names(files);
  std::vector<analysis::VariantInput> variants;
  for (std::size_t i = 0; i < scenarios.size(); ++i) variants.push_back({names[i], {}, &scenarios[i]});
  analysis::ComparisonOptions opt;
  opt.seed = args.seed.value_or(scenarios[0].seed);
  opt.trials = args.trials.value_or(scenarios[0].trials);
  opt.threads = args.threads;
  opt.bootstrap = args.bootstrap;
  opt.failures = args.failures;
  analysis::ProgressBar progress(stderr);
  opt.progress = &progress;
  return report_comparison(analysis::compare_variants(variants, opt), args);
}

std::unique_ptr<PreparedSweep> prepare_sweep(const std::string& file, const VariantRunArgs& args,
                                             const std::optional<std::string>& sweep_text,
                                             const std::optional<std::string>& base_text, bool show_warnings,
                                             std::optional<ShardSpan> only) {
  scenarios::SweepLoad loaded = sweep_text ? scenarios::load_sweep_text(*sweep_text, file) : scenarios::load_sweep_file(file);
  for (const auto& d : loaded.errors) std::cerr << scenarios::to_string(d) << '\n';
  if (!loaded.spec) {
    std::cerr << fmt::format("{}: invalid sweep; nothing was run\n", file);
    return nullptr;
  }
  auto p = std::make_unique<PreparedSweep>();
  p->spec = std::move(*loaded.spec);
  p->spec.base_text = base_text;
  const scenarios::SweepSpec& spec = p->spec;
  std::function<std::pair<std::size_t, std::size_t>(std::size_t)> built_range;
  if (only)
    built_range = [span = *only](std::size_t count) {
      return std::pair<std::size_t, std::size_t>(analysis::shard_range(span.first, span.count, count).begin,
                                                 analysis::shard_range(span.last, span.count, count).end);
    };
  p->build = scenarios::build_sweep_variants(spec, args.threads, built_range);
  for (const auto& d : p->build.errors) std::cerr << scenarios::to_string(d) << '\n';
  if (show_warnings)
    for (const auto& d : p->build.warnings) std::cerr << scenarios::to_string(d) << '\n';
  if (!p->build.errors.empty()) {
    std::cerr << fmt::format("{}: a variant is invalid; nothing was run\n", file);
    return nullptr;
  }
  if (args.strict && !p->build.warnings.empty()) {
    std::cerr << fmt::format("{}: --strict: warnings count as errors; nothing was run\n", file);
    return nullptr;
  }
  const models::Scenario& base = p->build.variants[0].scenario;
  std::vector<std::string> failures = args.failures.empty() ? spec.failures : args.failures;
  if (!check_failures(base, failures)) return nullptr;
  if (spec.objective)
    if (const std::string err = analysis::check_objective(base, failures, *spec.objective); !err.empty()) {
      std::cerr << fmt::format("{}:{}\n", file, err);
      return nullptr;
    }
  p->variants = analysis::inputs_of(p->build.variants);
  analysis::ComparisonOptions& opt = p->options;
  opt.seed = args.seed ? *args.seed : spec.seed.value_or(base.seed);
  opt.trials = args.trials ? *args.trials : spec.trials.value_or(base.trials);
  opt.threads = args.threads;
  opt.bootstrap = args.bootstrap;
  opt.failures = failures;
  return p;
}

int report_sweep(const PreparedSweep& p, analysis::ComparisonResult& result, const VariantRunArgs& args,
                 const std::string& out_dir) {
  const scenarios::SweepSpec& spec = p.spec;
  result.sweep = spec.echo;
  std::cout << fmt::format("Sweep {}{}: {} design over {} parameters, {} named variants: {} variants with the base.\n",
                           spec.source, spec.name.empty() ? "" : " (" + spec.name + ")", scenarios::to_string(spec.design),
                           spec.parameters.size(), spec.variants.size(), p.variants.size());
  return report_comparison(result, args, &spec, out_dir);
}

int sweep(const std::string& file, const VariantRunArgs& args) {
  // A shard or rank builds its own variants only (and the base).
  if (!args.shard.empty()) return sweep_sharded(file, args);
  if (args.mpi) return sweep_mpi(file, args);
  const auto prepared = prepare_sweep(file, args, std::nullopt, std::nullopt, true);
  if (!prepared) return kExitBadInput;
  analysis::ProgressBar progress(stderr);
  prepared->options.progress = &progress;
  analysis::ComparisonResult result = analysis::compare_variants(prepared->variants, prepared->options);
  return report_sweep(*prepared, result, args, "");
}

int strategies(const std::string& file, const VariantRunArgs& args, const StrategyArgs& strategy) {
  auto base = load(file, args.strict);
  if (!base) return kExitBadInput;
  if (!check_failures(*base, args.failures)) return kExitBadInput;
  // The file loaded, so it is JSON that parses.
  std::string text;
  if (const std::string err = scenarios::read_input_file(file, text); !err.empty()) {
    std::cerr << fmt::format("{}: {}\n", file, err);
    return kExitBadInput;
  }
  const auto document = nlohmann::ordered_json::parse(text, nullptr, false);
  scenarios::StrategyOptions options;
  options.warm_running = strategy.warm_running;
  options.keep_declaration = strategy.keep_declaration;
  scenarios::StrategyDerivation derivation = scenarios::derive_strategies(document, *base, options);
  for (const auto& d : derivation.errors) std::cerr << scenarios::to_string(d) << '\n';
  if (!derivation.errors.empty()) return kExitBadInput;
  std::vector<models::Scenario> built;
  for (const auto& d : derivation.strategies) {
    scenarios::LoadResult r = scenarios::load_scenario_json(d.document, fmt::format("{} ({})", file, to_string(d.strategy)));
    for (const auto& e : r.errors) std::cerr << scenarios::to_string(e) << '\n';
    if (!r.scenario) {
      std::cerr << fmt::format("{}: the derived {} scenario is invalid; nothing was run\n", file, to_string(d.strategy));
      return kExitBadInput;
    }
    built.push_back(std::move(*r.scenario));
  }
  if (!strategy.save_dir.empty()) {
    std::string stem = file.substr(file.find_last_of('/') + 1);
    if (stem.size() > 5 && stem.ends_with(".json")) stem.resize(stem.size() - 5);
    for (const auto& d : derivation.strategies) {
      const std::string path =
          fmt::format("{}/{}-{}.json", strategy.save_dir, stem, scenarios::file_slug(d.strategy));
      if (!write(path, d.document.dump(2) + "\n")) return kExitOutput;
    }
  }
  analysis::ComparisonOptions opt;
  opt.seed = args.seed.value_or(base->seed);
  opt.trials = args.trials.value_or(base->trials);
  opt.threads = args.threads;
  opt.bootstrap = args.bootstrap;
  opt.failures = args.failures;
  analysis::ProgressBar progress(stderr);
  opt.progress = &progress;
  const analysis::StrategyStudy study =
      analysis::study_strategies(base->name, std::move(derivation.strategies), built, opt);
  std::cout << analysis::render_strategies_text(study);
  bool ok = true;
  if (!args.json_out.empty()) ok &= write(args.json_out, analysis::strategies_json(study).dump(2) + "\n");
  if (!args.csv_out.empty()) ok &= write(args.csv_out, analysis::comparison_csv(study.comparison));
  if (!args.html_out.empty())
    ok &= write(args.html_out,
                analysis::render_comparison_html(study.comparison, "drsim strategies: " + study.scenario,
                                                 analysis::render_strategies_text(study),
                                                 analysis::pareto_fronts(study.comparison)));
  return ok ? kExitOk : kExitOutput;
}

int validate(const std::string& file, bool strict) {
  const auto s = load(file, strict);
  if (!s) return kExitBadInput;
  const std::size_t rules = s->backup_rules.size();
  std::size_t native = s->snapshot_policies.size() + s->ami_copies.size();
  for (const auto& c : s->continuous_backups) native += !c.implicit;
  std::cout << fmt::format("{}: valid — scenario \"{}\": {} Regions, {} resources, {} backup rules, {} native protections, "
                           "{} replications, {} applications, {} failures\n",
                           file, s->name, s->regions.size(), s->resources.size(), rules, native, s->replications.size(),
                           s->applications.size(), s->failures.size());
  return kExitOk;
}

int run(const RunArgs& args) {
  const auto s = load(args.file, args.strict);
  if (!s) return kExitBadInput;
  std::vector<std::size_t> failures;
  for (const std::string& name : args.failures) {
    const auto f = find_failure(*s, name);
    if (!f) return kExitBadInput;
    failures.push_back(*f);
  }
  if (failures.empty())
    for (std::size_t f = 0; f < s->failures.size(); ++f) failures.push_back(f);

  analysis::StudyOptions opt;
  opt.seed = args.seed.value_or(s->seed);
  opt.trials = args.trials.value_or(s->trials);
  opt.threads = args.threads;
  opt.keep_trial_rows = !args.csv_out.empty() && !args.csv_resources;
  opt.keep_resource_samples = !args.csv_out.empty() && args.csv_resources;
  const analysis::MemoryPlan memory = analysis::plan_memory(*s, failures, opt.trials, args.memory);
  opt.sketch = memory.sketch;
  if (memory.sketch && opt.keep_resource_samples) {
    std::cerr << fmt::format("--csv-resources: one row per trial and resource needs every sample, {} for this study, "
                             "above the memory budget of {}; raise --memory or leave out --csv-resources\n",
                             analysis::memory_bytes_text(memory.exact_bytes), analysis::memory_bytes_text(memory.budget_bytes));
    return kExitBadInput;
  }
  analysis::ProgressBar progress(stderr);
  opt.progress = &progress;
  if (!args.shard.empty()) return run_shard(args, *s, failures, opt);
  if (args.mpi) return run_mpi(args, *s, failures, opt);
  const analysis::PreparedScenario prepared(*s);
  analysis::StudyResult result = analysis::run_study(*s, prepared.history, prepared.graph, failures, opt);
  result.memory = memory;

  return report_run(*s, result, {args.json_out, args.csv_out, args.csv_resources, args.html_out, args.file}, "", prepared);
}

int report_run(const models::Scenario& s, const analysis::StudyResult& result, const RunOutputs& outputs,
               const std::string& out_dir, const analysis::PreparedScenario& prepared) {
  const models::CostEstimate cost = models::estimate_monthly_cost(s);
  std::cout << analysis::render_text_report(s, result, cost);
  bool ok = true;
  if (!outputs.json.empty())
    ok &= write(output_path(outputs.json, out_dir), analysis::results_json(s, result, cost).dump(2) + "\n");
  if (!outputs.csv.empty()) {
    const std::string path = output_path(outputs.csv, out_dir);
    const std::string err = outputs.csv_resources
                                ? analysis::write_stream_atomically(path, [&](std::ostream& os) { analysis::write_resource_csv(os, s, result); })
                                : analysis::write_file_atomically(path, analysis::results_csv(s, result));
    if (!err.empty()) std::cerr << err << '\n';
    ok &= err.empty();
  }
  if (!outputs.html.empty())
    ok &= write(output_path(outputs.html, out_dir),
                analysis::render_html_report(s, result, cost, {.scenario_file = outputs.scenario_file, .prepared = &prepared}));
  return ok ? kExitOk : kExitOutput;
}

std::string output_path(const std::string& given, const std::string& out_dir) {
  if (out_dir.empty()) return given;
  return (std::filesystem::path(out_dir) / std::filesystem::path(given).filename()).string();
}

int walkthrough(const std::string& file, const std::string& failure, std::optional<std::uint64_t> seed, std::uint64_t trial) {
  const auto s = load(file);
  if (!s) return kExitBadInput;
  std::size_t f = 0;
  if (!failure.empty()) {
    const auto found = find_failure(*s, failure);
    if (!found) return kExitBadInput;
    f = *found;
  }
  std::cout << analysis::render_walkthrough(*s, f, seed.value_or(s->seed), trial);
  return kExitOk;
}

int graph(const std::string& file, const std::string& out, bool expand_fleets) {
  const auto s = load(file);
  if (!s) return kExitBadInput;
  const models::RequiresGraph g(*s);
  const std::vector<sim::Duration> weight = g.nominal_restore_weights();
  const auto path = g.critical_path(weight);
  std::ostringstream dot;
  if (expand_fleets) {
    g.write_dot(dot, path, [&](models::ResourceIndex r) {
      return weight[r] > 0 ? "restore ~" + models::format_duration(weight[r]) : std::string{};
    });
  } else {
    // A fleet is one node: its members' longest nominal restore, and the critical path
    // through it if any member is on it.
    models::FleetGraph(*s).write_dot(dot, models::groups_of_path(*s, path),
                                     [&](std::uint32_t group) { return models::restore_note(*s, group, weight); });
  }
  if (out.empty()) {
    std::cout << dot.str();
    return kExitOk;
  }
  return write(out, dot.str()) ? kExitOk : kExitOutput;
}

int generate(const GenerateArgs& args) {
  scenarios::GeneratorOptions opt;
  opt.resources = args.resources;
  opt.regions = args.regions;
  opt.seed = args.seed;
  opt.trials = args.trials;
  if (const std::string err = scenarios::check(opt); !err.empty()) {
    std::cerr << "drsim generate: " << err << '\n';
    return kExitBadInput;
  }
  const std::string text = scenarios::generate_scenario_json(opt);
  if (args.out.empty()) {
    std::cout << text;
    return kExitOk;
  }
  return write(args.out, text) ? kExitOk : kExitOutput;
}

}  // namespace drsim::cli
