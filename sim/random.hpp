#pragma once
// Counter-based random streams keyed by (seed, trial, entity, purpose).
//
// A stream is a pure function of its key and a draw counter, so a stream's draws never depend
// on which other streams exist, on the order streams are created or used, or on which thread,
// shard or MPI rank runs a trial. That gives identical results for any thread count or split,
// and common random numbers across what-if variants of the same trial.
//
// The generator is Random123's Philox4x64-10 (Salmon et al., "Parallel random numbers: as easy
// as 1, 2, 3", SC'11; it passes TestU01's BigCrush), the counter-based generator made for
// exactly this (docs/decisions.md): the identity goes into the counter as it is, with no hashing
// of ours — counter (trial, entity, purpose, block), key (seed, 0) — and each block of the
// counter gives four 64-bit outputs. Distinct identities are distinct counters, and Philox is a
// keyed bijection of its counter, so no two streams share a block.
#include <array>
#include <cstdint>

#include <Random123/philox.h>

namespace drsim::sim {

class RandomStream {
 public:
  RandomStream(std::uint64_t seed, std::uint64_t trial, std::uint64_t entity, std::uint64_t purpose) noexcept
      : RandomStream(prefix(seed, trial), entity, purpose) {}

  // The (seed, trial) part of the key, the same for every stream of a trial (TrialKey holds it).
  struct Prefix {
    std::uint64_t seed, trial;
  };
  static Prefix prefix(std::uint64_t seed, std::uint64_t trial) noexcept { return {seed, trial}; }
  RandomStream(Prefix p, std::uint64_t entity, std::uint64_t purpose) noexcept
      : counter_{{p.trial, entity, purpose, 0}}, key_{{p.seed, 0}} {}

  // Next 64 uniformly distributed bits: the next word of the current block, a new block (the
  // counter's last word + 1) every four draws.
  std::uint64_t next_u64() noexcept {
    if (used_ == kWordsPerBlock) {
      block_ = kPhilox(counter_, key_);
      ++counter_.v[3];
      used_ = 0;
    }
    return block_.v[used_++];
  }

  // Uniform in the open interval (0, 1): the 53-bit grid shifted by half a step, so
  // neither 0 nor 1 can occur and log(u), 1/u are always finite.
  double uniform01() noexcept {
    return (static_cast<double>(next_u64() >> 11) + 0.5) * 0x1.0p-53;
  }

  double uniform(double lo, double hi) noexcept { return lo + (hi - lo) * uniform01(); }

  // Standard normal by Box-Muller from two fresh draws of this stream. The second
  // variate of the pair is discarded rather than cached, so a stream's state is only its
  // counter and copies of a stream always continue identically.
  double normal() noexcept;

  // Exponential with the given mean (inverse transform).
  double exponential(double mean) noexcept;

 private:
  using Philox = r123::Philox4x64_R<10>;
  static constexpr Philox kPhilox{};
  static constexpr unsigned kWordsPerBlock = 4;

  Philox::ctr_type counter_;
  Philox::key_type key_;
  Philox::ctr_type block_{};
  unsigned used_ = kWordsPerBlock;  // no block drawn yet
};

}  // namespace drsim::sim
