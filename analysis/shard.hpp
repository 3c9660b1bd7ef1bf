#pragma once
// Which share of a study or sweep this process computes: `--shard K/N` (1 <= K <= N), or
// `--shard auto` from the array-job variables of Slurm (SLURM_ARRAY_TASK_ID, _COUNT, _MIN) or
// AWS Batch (AWS_BATCH_JOB_ARRAY_INDEX, AWS_BATCH_JOB_ARRAY_SIZE; the index starts at 0).
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace drsim::analysis {

struct Shard {
  std::uint64_t index = 1;  // K, from 1
  std::uint64_t count = 1;  // N
};

inline constexpr std::uint64_t kMaxShards = 1'000'000;

using EnvironmentLookup = std::function<const char*(const char*)>;

// nullopt with `error` ("--shard: ...", saying what was expected and what was found).
std::optional<Shard> parse_shard(std::string_view text, const EnvironmentLookup& environment, std::string& error);

}  // namespace drsim::analysis
