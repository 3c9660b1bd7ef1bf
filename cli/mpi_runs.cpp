// `run --mpi` and `sweep --mpi` (docs/scale-out.md): each rank computes the share of shard
// rank + 1 of P and the results come together on rank 0, which alone writes, so the outputs
// are the single process's byte for byte for any P.
//
// A run's samples fold across the ranks as a binary tree, in ceil(log2 P) steps, rather than
// one part at a time on rank 0: rank 0 then merges log2 P blocks instead of P - 1 parts. A
// sweep's parts are small (per-trial series) and are merged on rank 0 as `drsim merge` does.
#include <algorithm>
#include <chrono>
#include <iostream>

#include <fmt/format.h>

#include "analysis/part_file.hpp"
#include "analysis/progress.hpp"
#include "analysis/study_parts.hpp"
#include "cli/command_helpers.hpp"
#include "cli/commands.hpp"
#include "cli/mpi_transport.hpp"
#include "cli/run_merge.hpp"

namespace drsim::cli {
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

double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

analysis::Shard rank_shard() {
  return {static_cast<std::uint64_t>(mpi_rank()) + 1, static_cast<std::uint64_t>(mpi_size())};
}

// "each rank's share took 1.20 to 1.31 s (median 1.25 s, the slowest 4% above the mean)"
std::string balance_text(const std::vector<double>& times) {
  std::vector<double> sorted = times;
  std::sort(sorted.begin(), sorted.end());
  double mean = 0;
  for (const double t : times) mean += t / static_cast<double>(times.size());
  return fmt::format("each rank's share took {:.2f} to {:.2f} s (median {:.2f} s, the slowest {:.0f}% above the mean)",
                     sorted.front(), sorted.back(), sorted[sorted.size() / 2],
                     mean > 0 ? 100.0 * (sorted.back() / mean - 1.0) : 0.0);
}

// Rank 0 checks every rank's part header against its own (same build, inputs by SHA-256,
// settings, shard count), so that a rank with a stale copy of the scenario is named before any
// samples move. Collective; every rank returns rank 0's verdict.
int check_headers(const analysis::Part& mine) {
  int status = kExitOk;
  RootInbox inbox(analysis::encode_part(mine, analysis::InputText::omitted));
  if (mpi_rank() == 0) {
    for (std::size_t r = 1; r < inbox.ranks() && status == kExitOk; ++r) {
      std::string error;
      const auto header =
          analysis::decode_part(inbox.take(r), fmt::format("rank {}", r), error, analysis::InputText::omitted);
      const std::string err = header ? analysis::check_part_agrees(mine, *header) : error;
      if (!err.empty()) {
        std::cerr << err << '\n';
        status = kExitBadInput;
      }
    }
    inbox.drain();
  }
  return share_status(status);
}

// Rank r's block grows by folding in its partners' blocks: at step d = 1, 2, 4, ... the ranks
// with r mod 2d = d send what they hold to rank r - d and are done, and the ranks with
// r mod 2d = 0 receive from r + d when there is such a rank. Rank 0 ends with every trial, the
// others with nothing. Sketches merge by integer counts and rows are placed by trial number, so
// the result does not depend on P or on the order of the steps. A block that cannot be folded
// stops the fold on its way up: the reason travels to rank 0 in place of samples, and every
// rank still sends and receives, so none is left waiting.
std::optional<analysis::StudySamples> fold_over_ranks(const models::Scenario& s, const RunSettings& run,
                                                      analysis::StudySamples mine) {
  const int rank = mpi_rank(), size = mpi_size();
  std::string failure;  // why this rank's block cannot go on, once it cannot
  for (int d = 1; d < size; d *= 2) {
    if (rank % (2 * d) == d) {
      Block out;
      if (failure.empty()) {
        out.bytes = nlohmann::json::to_cbor(analysis::samples_payload(mine));
      } else {
        out.failed = true;
        out.bytes.assign(failure.begin(), failure.end());
      }
      mine = {};
      send_block(rank - d, out);
      return std::nullopt;
    }
    if (rank % (2 * d) != 0 || rank + d >= size) continue;
    const int from = rank + d;
    Block in = receive_block(from);
    if (!failure.empty()) continue;
    if (in.failed) {
      failure.assign(in.bytes.begin(), in.bytes.end());
      continue;
    }
    // Rank `from` holds shards from + 1 .. min(from + d, size).
    analysis::Part span;
    span.shard = static_cast<std::uint64_t>(from) + 1;
    span.last_shard = static_cast<std::uint64_t>(std::min(from + d, size));
    span.shards = static_cast<std::uint64_t>(size);
    const std::string who = fmt::format("rank {} ({})", from, analysis::shard_label(span));
    nlohmann::json payload = nlohmann::json::from_cbor(in.bytes, true, false);
    in = {};
    std::string error;
    std::optional<analysis::StudySamples> block;
    if (payload.is_discarded()) error = "/payload: not CBOR";
    else block = analysis::samples_from_payload(payload, s, error);
    payload = nullptr;
    if (block) error = check_block(run, *block, analysis::part_range(span, run.trials), analysis::shard_label(span));
    analysis::SampleFold fold(mine.begin, block ? block->end : mine.end);
    if (error.empty()) {
      fold.add(std::move(mine));
      error = fold.mismatch(*block);
      if (!error.empty() && !error.starts_with("/payload")) error = "/payload" + error;
    }
    if (!error.empty()) {
      failure = fmt::format("{}: {}", who, error);
      continue;
    }
    fold.add(std::move(*block));
    mine = fold.finish();
  }
  if (!failure.empty()) {
    std::cerr << failure << '\n';  // rank 0: the others have sent theirs
    return std::nullopt;
  }
  return mine;
}

// Rank 0 merges the gathered parts of a sweep; every rank returns rank 0's status. On stderr,
// rank 0 says how the work was balanced.
int merge_sweep_on_root(const std::optional<analysis::Part>& mine, unsigned threads, double compute_s) {
  // A rank whose part could not be made (its input cannot be read there) cannot take part.
  if (!mine) abort_all_ranks(kExitBadInput);
  const auto merge_start = std::chrono::steady_clock::now();
  const std::vector<double> times = gather_values_on_root(compute_s);
  RootInbox inbox(analysis::encode_part(*mine));
  int status = kExitOk;
  if (mpi_rank() == 0) {
    // Each rank's part is received when the merge reaches it, and released once merged.
    PartSource source{inbox.ranks(), [&](std::size_t r, std::string& error) {
                        return analysis::decode_part(inbox.take(r), fmt::format("rank {}", r), error);
                      }};
    MergeArgs args;
    args.threads = threads;
    args.show_warnings = true;  // the ranks built their own variants without a word
    status = merge_parts(source, args);
    inbox.drain();
  }
  if (mpi_rank() == 0 && status == kExitOk)
    std::cerr << fmt::format("MPI: {} ranks; {}; rank 0 received and merged the parts in {:.2f} s\n", times.size(),
                             balance_text(times), seconds_since(merge_start));
  return share_status(status);
}

}  // namespace

int run_mpi(const RunArgs& args, const models::Scenario& s, const std::vector<std::size_t>& failures,
            const analysis::StudyOptions& options) {
  if (!check_mpi()) return kExitBadInput;
  const auto start = std::chrono::steady_clock::now();
  auto share = run_share(args, s, failures, options, rank_shard());
  // A rank whose scenario cannot be read again cannot take part, and the others would wait.
  if (!share) abort_all_ranks(kExitBadInput);
  const double compute_s = seconds_since(start);
  share->header.file = fmt::format("rank {}", mpi_rank());
  if (const int status = check_headers(share->header); status != kExitOk) return status;

  const auto fold_start = std::chrono::steady_clock::now();
  const auto run = read_run_settings(share->header.file, share->header.settings, s, share->header.inputs[0].path);
  if (!run) abort_all_ranks(kExitBadInput);  // the settings were made here: cannot happen
  std::optional<analysis::StudySamples> all = fold_over_ranks(s, *run, std::move(share->samples));
  const double fold_s = seconds_since(fold_start);
  const std::vector<double> times = gather_values_on_root(compute_s);
  int status = kExitOk;
  if (mpi_rank() == 0) {
    status = kExitBadInput;
    if (all) {
      const auto finish_start = std::chrono::steady_clock::now();
      status = finish_run(s, *run, std::move(*all), args.threads, "");
      int levels = 0;
      while ((1 << levels) < mpi_size()) ++levels;
      if (status == kExitOk)
        std::cerr << fmt::format("MPI: {} ranks; {}; the samples folded across the ranks in {} step{} and reached rank 0 "
                                 "{:.2f} s after its own share; rank 0 wrote the summary and outputs in {:.2f} s\n",
                                 times.size(), balance_text(times), levels, levels == 1 ? "" : "s", fold_s,
                                 seconds_since(finish_start));
    }
  }
  return share_status(status);
}

int sweep_mpi(const std::string& file, const VariantRunArgs& args) {
  if (!check_mpi()) return kExitBadInput;
  const auto start = std::chrono::steady_clock::now();
  const analysis::Shard shard = rank_shard();
  // Each rank builds the base and its own variants; no rank waits for one that could not.
  const auto prepared = prepare_sweep(file, args, std::nullopt, std::nullopt, false,
                                      ShardSpan{shard.index, shard.index, shard.count});
  const int status = worst_status(prepared ? kExitOk : kExitBadInput);
  if (status != kExitOk) {
    // Only rank 0 speaks: it builds every variant to say what one process would have said.
    if (mpi_rank() == 0 && prepared && prepare_sweep(file, args, std::nullopt, std::nullopt, true))
      std::cerr << fmt::format("{}: another rank could not build its share of the variants (its copy of the files "
                               "differs or cannot be read there); nothing was run\n",
                               file);
    return status;
  }
  analysis::ProgressBar progress(stderr);
  prepared->options.progress = &progress;
  const auto part = sweep_part(file, args, *prepared, shard);
  return merge_sweep_on_root(part, args.threads, seconds_since(start));
}

}  // namespace drsim::cli
