#pragma once
// What the commands share: loading with diagnostics on stderr, finding a failure by name,
// writing outputs atomically, and the outputs of a run (also written by a merge of its parts).
#include <optional>
#include <string>

#include "analysis/study.hpp"
#include "models/scenario.hpp"

namespace drsim::cli {

// Loads and reports errors, then warnings, on stderr; with `strict` a warning is an error.
std::optional<models::Scenario> load(const std::string& file, bool strict = false);
// The failure's index, or nullopt after naming the choices on stderr.
std::optional<std::size_t> find_failure(const models::Scenario& s, const std::string& name);
// Writes atomically; false after saying why on stderr.
bool write(const std::string& path, const std::string& content);

struct RunOutputs {
  std::string json, csv;       // as given to `run` (empty: not asked for)
  bool csv_resources = false;
};
// The summary on stdout and the files asked for; `out_dir` non-empty puts each file there
// under its own name (a merge writes what the sharded runs were asked for).
int report_run(const models::Scenario& s, const analysis::StudyResult& result, const RunOutputs& outputs,
               const std::string& out_dir);
std::string output_path(const std::string& given, const std::string& out_dir);

struct RunArgs;
// `run --shard`: the share of the trials, written as a part instead of the outputs.
int run_shard(const RunArgs& args, const models::Scenario& s, const std::vector<std::size_t>& failures,
              const analysis::StudyOptions& options);

}  // namespace drsim::cli
