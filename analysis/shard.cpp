#include "analysis/shard.hpp"

#include <charconv>

#include <fmt/format.h>

namespace drsim::analysis {
namespace {

std::optional<std::uint64_t> whole_number(std::string_view text) {
  std::uint64_t v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc{} || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return v;
}

std::optional<Shard> checked(std::uint64_t k, std::uint64_t n, std::string_view from, std::string& error) {
  if (n == 0 || n > kMaxShards || k == 0 || k > n) {
    error = fmt::format("--shard: {} gives shard {} of {}; expected 1 <= K <= N <= {}", from, k, n, kMaxShards);
    return std::nullopt;
  }
  return Shard{k, n};
}

}  // namespace

std::optional<Shard> parse_shard(std::string_view text, const EnvironmentLookup& environment, std::string& error) {
  if (text == "auto") {
    auto number = [&](const char* name, std::optional<std::uint64_t>& out) {
      const char* v = environment(name);
      if (!v) return true;
      out = whole_number(v);
      if (!out) error = fmt::format("--shard auto: {}=\"{}\" is not a whole number", name, v);
      return out.has_value();
    };
    std::optional<std::uint64_t> id, count, min, index, size;
    if (!number("SLURM_ARRAY_TASK_ID", id) || !number("SLURM_ARRAY_TASK_COUNT", count) ||
        !number("SLURM_ARRAY_TASK_MIN", min) || !number("AWS_BATCH_JOB_ARRAY_INDEX", index) ||
        !number("AWS_BATCH_JOB_ARRAY_SIZE", size))
      return std::nullopt;
    if (id && count) {
      // Slurm numbers tasks as the --array range says (--array=1-8 gives 1..8): counted from
      // its minimum. A stepped range (--array=0-15:4) has gaps that no K/N can name.
      const std::uint64_t first = min.value_or(0);
      if (*id < first || *id - first >= *count) {
        error = fmt::format("--shard auto: SLURM_ARRAY_TASK_ID {} is not within {}..{} (SLURM_ARRAY_TASK_MIN and "
                            "_COUNT); use a contiguous --array range without a step",
                            *id, first, first + *count - 1);
        return std::nullopt;
      }
      return checked(*id - first + 1, *count, "Slurm's SLURM_ARRAY_TASK_ID", error);
    }
    if (index && size) return checked(*index + 1, *size, "AWS Batch's AWS_BATCH_JOB_ARRAY_INDEX", error);
    error = "--shard auto: expected SLURM_ARRAY_TASK_ID and SLURM_ARRAY_TASK_COUNT (a Slurm array job) or "
            "AWS_BATCH_JOB_ARRAY_INDEX and AWS_BATCH_JOB_ARRAY_SIZE (an AWS Batch array job) in the environment; "
            "found neither pair";
    return std::nullopt;
  }
  const auto slash = text.find('/');
  const auto k = slash == std::string_view::npos ? std::nullopt : whole_number(text.substr(0, slash));
  const auto n = slash == std::string_view::npos ? std::nullopt : whole_number(text.substr(slash + 1));
  if (!k || !n) {
    error = fmt::format("--shard: expected K/N (shard K of N, from 1: 2/8) or auto, found \"{}\"", text);
    return std::nullopt;
  }
  return checked(*k, *n, fmt::format("\"{}\"", text), error);
}

}  // namespace drsim::analysis
