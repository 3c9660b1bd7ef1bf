#pragma once
// The sub-commands of drsim. Each returns the process exit status: 0 success, 2 bad input
// (the message is already on stderr), 1 an output that could not be written.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace drsim::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitOutput = 1;
inline constexpr int kExitBadInput = 2;

struct RunArgs {
  std::string file;
  std::vector<std::string> failures;  // empty: all
  std::optional<std::uint64_t> seed, trials;
  unsigned threads = 1;
  std::string json_out, csv_out;
  std::string html_out;        // the self-contained HTML report (analysis/html_report.hpp)
  bool csv_resources = false;  // --csv gets one row per trial x resource instead
  bool strict = false;         // warnings are errors
  std::string shard;           // "K/N" or "auto": run only that share of the trials, write a part
  std::string part_out;        // where the part goes (default: FILE's stem + .part-K-of-N.drsim)
  bool mpi = false;            // under mpirun: one shard per rank, merged on rank 0
  std::uint64_t memory = std::uint64_t{4} << 30;  // bytes for exact samples; above it, sketches
};
int validate(const std::string& file, bool strict);
int run(const RunArgs& args);
int walkthrough(const std::string& file, const std::string& failure, std::optional<std::uint64_t> seed, std::uint64_t trial);
int graph(const std::string& file, const std::string& out, bool expand_fleets);
struct GenerateArgs {
  std::uint64_t resources = 1000;
  std::uint32_t regions = 2;
  std::uint64_t seed = 1;
  std::uint64_t trials = 1000;
  std::string out;
};
int generate(const GenerateArgs& args);

// Shared by `compare` and `sweep`: how the variants are run and where the outputs go.
struct VariantRunArgs {
  std::vector<std::string> failures;  // empty: all of the base's
  std::optional<std::uint64_t> seed, trials;
  unsigned threads = 1;
  std::uint32_t bootstrap = 1000;
  std::string json_out, csv_out, html_out;
  bool strict = false;
  std::string shard, part_out;  // sweep only: run that share of the variants, write a part
  bool mpi = false;             // sweep only: under mpirun, one shard per rank, merged on rank 0
};
int compare(const std::vector<std::string>& files, const VariantRunArgs& args);
int sweep(const std::string& file, const VariantRunArgs& args);
struct StrategyArgs {
  double warm_running = 0.25;
  bool keep_declaration = false;
  std::string save_dir;  // write each derived scenario here, to run, walk through or edit
};
int strategies(const std::string& file, const VariantRunArgs& args, const StrategyArgs& strategy);

// Puts the parts written by sharded runs or sweeps back together: the outputs the unsharded
// command would have written, byte for byte (docs/scale-out.md).
struct MergeArgs {
  std::vector<std::string> parts;
  std::string out_dir;  // where the files go, under the names the sharded command was given
  unsigned threads = 1;
  std::string part_out;        // --part: the parts are adjacent shards, merged into this one part
  bool show_warnings = false;  // a sweep's variants' warnings (shards showed theirs already)
};
int merge(const MergeArgs& args);

struct ExamArgs {
  std::string file;  // a question's file, or a folder of them
  std::optional<std::string> answer;
  bool reveal = false;
  unsigned threads = 1;
};
int exam(const ExamArgs& args);

}  // namespace drsim::cli
