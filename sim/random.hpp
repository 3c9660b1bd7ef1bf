#pragma once
// Counter-based random streams keyed by (seed, trial, entity, purpose).
//
// A stream is a pure function of its key and a draw counter: the i-th draw is
// mix(key, i). Nothing is shared between streams, so a stream's draws never depend on
// which other streams exist, on the order streams are created or used, or on which
// thread or worker runs a trial. That gives identical results for any thread count or
// shard split, and common random numbers across what-if variants of the same trial.
//
// Why this construction (see random.cpp for the mixers):
// - The key is built by chaining a bijective 64-bit finalizer over the four words
//   (h = fmix(h ^ word)). For a fixed prefix each step is a bijection of the next word, so
//   two distinct keys collide only by a ~2^-64 accident, not by structure such as
//   (trial 1, entity 2) vs (trial 2, entity 1) or seed + i aliasing.
// - A draw runs two strong finalizer rounds: a SplitMix64 step on the Weyl sequence
//   key0 + i * golden (SplitMix64 passes BigCrush/PractRand), then a second round keyed
//   by an independent key1. Plain SplitMix64 streams whose keys differ by a multiple of
//   the Weyl increment would be shifted copies of one another; the second keyed round
//   removes that structure, so equal intermediate values in two streams are isolated
//   coincidences rather than aligned runs.
#include <cstdint>

namespace drsim::sim {

class RandomStream {
 public:
  // Inline: a trial constructs one stream per random draw (one per job of a history).
  RandomStream(std::uint64_t seed, std::uint64_t trial, std::uint64_t entity, std::uint64_t purpose) noexcept
      : RandomStream(prefix(seed, trial), entity, purpose) {}

  // The (seed, trial) part of the key, the same for every draw of a trial: a trial computes
  // it once (TrialKey) and each stream of the trial starts from it.
  struct Prefix {
    std::uint64_t h;
  };
  static Prefix prefix(std::uint64_t seed, std::uint64_t trial) noexcept {
    // Chain a bijective finalizer over the words; distinct odd constants per position keep
    // a zero word from being a fixed point and make the word order matter.
    const std::uint64_t h = mix_a(seed ^ 0x6a09e667f3bcc909ull);
    return {mix_a(h ^ trial ^ 0xbb67ae8584caa73bull)};
  }
  RandomStream(Prefix p, std::uint64_t entity, std::uint64_t purpose) noexcept {
    std::uint64_t h = mix_a(p.h ^ entity ^ 0x3c6ef372fe94f82bull);
    h = mix_a(h ^ purpose ^ 0xa54ff53a5f1d36f1ull);
    key0_ = h;
    // An independent second key for the output round: a different mixer of the same state.
    key1_ = mix_b(h ^ 0x510e527fade682d1ull);
  }

  // Next 64 uniformly distributed bits.
  std::uint64_t next_u64() noexcept {
    const std::uint64_t z = mix_a(key0_ + counter_ * kGolden);
    ++counter_;
    return mix_b(z ^ key1_);
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
  static constexpr std::uint64_t kGolden = 0x9e3779b97f4a7c15ull;  // 2^64 / golden ratio

  // SplitMix64 finalizer (Stafford's Mix13).
  static std::uint64_t mix_a(std::uint64_t z) noexcept {
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }
  // MurmurHash3 fmix64: a different bijective finalizer, so the two rounds do not share
  // structure.
  static std::uint64_t mix_b(std::uint64_t z) noexcept {
    z = (z ^ (z >> 33)) * 0xff51afd7ed558ccdull;
    z = (z ^ (z >> 33)) * 0xc4ceb9fe1a85ec53ull;
    return z ^ (z >> 33);
  }

  std::uint64_t key0_;
  std::uint64_t key1_;
  std::uint64_t counter_ = 0;
};

}  // namespace drsim::sim
