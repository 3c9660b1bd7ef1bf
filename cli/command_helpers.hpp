#pragma once
// What the commands share: loading with diagnostics on stderr, finding a failure by name,
// writing outputs atomically, and the outputs of a run (also written by a merge of its parts).
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "analysis/comparison.hpp"
#include "analysis/part_file.hpp"
#include "analysis/shard.hpp"
#include "analysis/study.hpp"
#include "scenarios/sweep.hpp"
#include "scenarios/sweep_variants.hpp"
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
  std::string html;            // as given to `run` (empty: not asked for)
  std::string scenario_file;   // as given to `run`: the HTML report's walkthrough commands name it
};
// The summary on stdout and the files asked for; `out_dir` non-empty puts each file there
// under its own name (a merge writes what the sharded runs were asked for).
// `prepared` is what the study derived from the scenario, reused by the HTML report.
int report_run(const models::Scenario& s, const analysis::StudyResult& result, const RunOutputs& outputs,
               const std::string& out_dir, const analysis::PreparedScenario& prepared);
std::string output_path(const std::string& given, const std::string& out_dir);

struct RunArgs;
struct VariantRunArgs;
// `run --shard`: the share of the trials, written as a part instead of the outputs.
int run_shard(const RunArgs& args, const models::Scenario& s, const std::vector<std::size_t>& failures,
              const analysis::StudyOptions& options);

// A sweep file loaded, its variants built and checked, and the comparison's options: what both
// `sweep` and a merge of its parts start from. The texts, when given, stand in for the files
// (a merge has them from the parts, whose shards showed the warnings already).
struct PreparedSweep {
  scenarios::SweepSpec spec;
  scenarios::SweepBuild build;
  std::vector<analysis::VariantInput> variants;  // point into build
  analysis::ComparisonOptions options;
};
// Which variants a sweep builds: those of shards first..last of `count` (numbered from 1), and
// the base, whose series every variant's differences need. The others keep their names and
// parameters but no scenario; a merge builds them all.
struct ShardSpan {
  std::uint64_t first = 1, last = 1, count = 1;
};
std::unique_ptr<PreparedSweep> prepare_sweep(const std::string& file, const VariantRunArgs& args,
                                             const std::optional<std::string>& sweep_text,
                                             const std::optional<std::string>& base_text, bool show_warnings,
                                             std::optional<ShardSpan> only = std::nullopt);
// The sweep's heading, the comparison on stdout and the files asked for (under out_dir).
int report_sweep(const PreparedSweep& p, analysis::ComparisonResult& result, const VariantRunArgs& args,
                 const std::string& out_dir);
// `sweep --shard`: the share of the variants (built alone), written as a part.
int sweep_sharded(const std::string& file, const VariantRunArgs& args);
// The part of shard `shard` of a sweep prepared with (at least) that shard's variants.
std::optional<analysis::Part> sweep_part(const std::string& file, const VariantRunArgs& args, const PreparedSweep& p,
                                         const analysis::Shard& shard);

// `run --mpi` and `sweep --mpi`: each rank its shard, rank 0 the merge (cli/mpi_transport.hpp).
int run_mpi(const RunArgs& args, const models::Scenario& s, const std::vector<std::size_t>& failures,
            const analysis::StudyOptions& options);
int sweep_mpi(const std::string& file, const VariantRunArgs& args);

// The parts of one merge, each read when the merge reaches it (from a file, or from the bytes
// gathered from an MPI rank), so that a run's merge holds one part's samples at a time beside
// the result. `read` returns nullopt with `error` ("FILE: what is wrong").
struct PartSource {
  std::size_t count = 0;
  std::function<std::optional<analysis::Part>(std::size_t index, std::string& error)> read;
};

struct MergeArgs;
// Checks the parts belong together and writes the merged outputs.
int merge_parts(PartSource& source, const MergeArgs& args);

}  // namespace drsim::cli
