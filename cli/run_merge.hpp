#pragma once
// What putting a run's trials back together needs, shared by `drsim merge` (parts read from
// files, cli/sharding.cpp) and `run --mpi` (blocks folded across the ranks, cli/mpi_runs.cpp):
// the settings a part carries, the check of a block of samples against them, and the summary
// and outputs once every trial is in.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "analysis/part_file.hpp"
#include "analysis/shard.hpp"
#include "analysis/study.hpp"
#include "models/scenario.hpp"

namespace drsim::cli {

struct RunArgs;

// A run's settings as its parts carry them, checked against the scenario.
struct RunSettings {
  std::uint64_t seed = 0, trials = 0;
  std::vector<std::size_t> failures;
  analysis::MemoryPlan memory;
  std::string json, csv;
  bool csv_resources = false;
  std::string html, scenario_file;
};
// nullopt once what is wrong is on stderr ("FILE: /settings/...").
// `scenario_file` is the scenario's path as the part names it.
std::optional<RunSettings> read_run_settings(const std::string& file, const nlohmann::json& settings,
                                             const models::Scenario& s, const std::string& scenario_file);

// "" when `block` holds trials `want` of the study in `run` (its seed, failures and memory
// mode); else what is wrong, from "/payload". `shards` names the shards it should be.
std::string check_block(const RunSettings& run, const analysis::StudySamples& block, analysis::ShardRange want,
                        const std::string& shards);

// The statistics of every trial, the summary on stdout and the files the run was asked for
// (under `out_dir` when it is not empty).
int finish_run(const models::Scenario& s, const RunSettings& run, analysis::StudySamples&& samples, unsigned threads,
               const std::string& out_dir);

// One shard of a run: its part without the samples (inputs, settings, which shard) and the
// samples of its trials. nullopt once the reason is on stderr (the file cannot be read again).
struct RunShare {
  analysis::Part header;
  analysis::StudySamples samples;
};
std::optional<RunShare> run_share(const RunArgs& args, const models::Scenario& s, const std::vector<std::size_t>& failures,
                                  const analysis::StudyOptions& options, const analysis::Shard& shard);

}  // namespace drsim::cli
