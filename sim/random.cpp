#include "sim/random.hpp"

#include <cmath>
#include <numbers>

namespace drsim::sim {

RandomStream::RandomStream(std::uint64_t seed, std::uint64_t trial, std::uint64_t entity,
                           std::uint64_t purpose) noexcept {
  // Chain a bijective finalizer over the words; distinct odd constants per position keep
  // a zero word from being a fixed point and make the word order matter.
  std::uint64_t h = mix_a(seed ^ 0x6a09e667f3bcc909ull);
  h = mix_a(h ^ trial ^ 0xbb67ae8584caa73bull);
  h = mix_a(h ^ entity ^ 0x3c6ef372fe94f82bull);
  h = mix_a(h ^ purpose ^ 0xa54ff53a5f1d36f1ull);
  key0_ = h;
  // An independent second key for the output round: a different mixer of the same state.
  key1_ = mix_b(h ^ 0x510e527fade682d1ull);
}

double RandomStream::normal() noexcept {
  const double u1 = uniform01();
  const double u2 = uniform01();
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

double RandomStream::exponential(double mean) noexcept { return -mean * std::log(uniform01()); }

}  // namespace drsim::sim
