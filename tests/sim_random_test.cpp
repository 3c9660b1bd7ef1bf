// RandomStream: a pure function of (seed, trial, entity, purpose) and the draw index.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <set>
#include <vector>

#include <Random123/philox.h>

#include "sim/random.hpp"

using drsim::sim::RandomStream;

namespace {

std::vector<std::uint64_t> draws(RandomStream s, int n) {
  std::vector<std::uint64_t> out;
  for (int i = 0; i < n; ++i) out.push_back(s.next_u64());
  return out;
}

}  // namespace

TEST_CASE("random: the same key gives the same sequence, and copies continue alike") {
  RandomStream a(1, 2, 3, 4);
  RandomStream b(1, 2, 3, 4);
  for (int i = 0; i < 100; ++i) CHECK(a.next_u64() == b.next_u64());
  RandomStream c = a;
  CHECK(draws(a, 50) == draws(c, 50));
  (void)a.normal();
  RandomStream d = a;
  CHECK(a.normal() == d.normal());  // no hidden cached variate
  CHECK(a.uniform01() == d.uniform01());
}

TEST_CASE("random: Random123's published Philox4x64-10 answers, and the stream's layout over them") {
  // Random123's known-answer vectors (kat_vectors, "philox4x64 10"): the generator itself.
  using Philox = r123::Philox4x64_R<10>;
  const Philox philox;
  const Philox::ctr_type zero_ctr{{0, 0, 0, 0}};
  const Philox::key_type zero_key{{0, 0}};
  const auto zero = philox(zero_ctr, zero_key);
  CHECK(zero.v[0] == 0x16554d9eca36314cull);
  CHECK(zero.v[1] == 0xdb20fe9d672d0fdcull);
  CHECK(zero.v[2] == 0xd7e772cee186176bull);
  CHECK(zero.v[3] == 0x7e68b68aec7ba23bull);
  const Philox::ctr_type pi_ctr{{0x243f6a8885a308d3ull, 0x13198a2e03707344ull, 0xa4093822299f31d0ull, 0x082efa98ec4e6c89ull}};
  const Philox::key_type pi_key{{0x452821e638d01377ull, 0xbe5466cf34e90c6cull}};
  const auto pi = philox(pi_ctr, pi_key);
  CHECK(pi.v[0] == 0xa528f45403e61d95ull);
  CHECK(pi.v[1] == 0x38c72dbd566e9788ull);
  CHECK(pi.v[2] == 0xa5a1610e72fd18b5ull);
  CHECK(pi.v[3] == 0x57bd43b5e52b7fe6ull);

  // The stream of (seed 0, trial 0, entity 0, purpose 0) is counter (0, 0, 0, block), key
  // (0, 0): its first four draws are the all-zero vector's answer.
  RandomStream s(0, 0, 0, 0);
  CHECK(draws(s, 4) == std::vector<std::uint64_t>{0x16554d9eca36314cull, 0xdb20fe9d672d0fdcull,
                                                   0xd7e772cee186176bull, 0x7e68b68aec7ba23bull});
  // Draws 5..8 are block 1: counter (0, 0, 0, 1).
  RandomStream t(0, 0, 0, 0);
  for (int i = 0; i < 4; ++i) (void)t.next_u64();
  const auto block1 = philox(Philox::ctr_type{{0, 0, 0, 1}}, zero_key);
  CHECK(draws(t, 4) == std::vector<std::uint64_t>{block1.v[0], block1.v[1], block1.v[2], block1.v[3]});
  // (seed 2024, trial 7, entity 42, purpose 3) is counter (7, 42, 3, 0), key (2024, 0).
  RandomStream u(2024, 7, 42, 3);
  const auto first = philox(Philox::ctr_type{{7, 42, 3, 0}}, Philox::key_type{{2024, 0}});
  CHECK(u.next_u64() == first.v[0]);
}

TEST_CASE("random: every key word matters, including its position") {
  std::set<std::vector<std::uint64_t>> seen;
  const std::uint64_t keys[][4] = {
      {0, 0, 0, 0}, {1, 0, 0, 0}, {0, 1, 0, 0}, {0, 0, 1, 0}, {0, 0, 0, 1},
      {1, 2, 0, 0}, {2, 1, 0, 0}, {0, 0, 1, 2}, {0, 0, 2, 1}, {7, 0, 0, 7},
      {~0ull, 0, 0, 0}, {0, 0, 0, ~0ull},
  };
  for (const auto& k : keys) seen.insert(draws(RandomStream(k[0], k[1], k[2], k[3]), 4));
  CHECK(seen.size() == std::size(keys));
  // Neighbouring entities give unrelated streams, not shifted copies of one another.
  std::set<std::uint64_t> firsts;
  for (std::uint64_t e = 0; e < 10'000; ++e) {
    for (std::uint64_t v : draws(RandomStream(9, 1, e, 0), 8)) firsts.insert(v);
  }
  CHECK(firsts.size() == 80'000);
}

TEST_CASE("random: draws do not depend on the order streams are created or used") {
  RandomStream a1(5, 1, 10, 0);
  RandomStream b1(5, 1, 11, 0);
  std::vector<std::uint64_t> a_seq, b_seq;
  for (int i = 0; i < 64; ++i) a_seq.push_back(a1.next_u64());
  for (int i = 0; i < 64; ++i) b_seq.push_back(b1.next_u64());

  RandomStream b2(5, 1, 11, 0);  // created first this time
  RandomStream a2(5, 1, 10, 0);
  std::vector<std::uint64_t> a_mix, b_mix;
  for (int i = 0; i < 64; ++i) {  // interleaved, with unrelated streams in between
    b_mix.push_back(b2.next_u64());
    RandomStream(5, 2, 10, 0).next_u64();
    a_mix.push_back(a2.next_u64());
  }
  CHECK(a_mix == a_seq);
  CHECK(b_mix == b_seq);
}

TEST_CASE("random: uniform01 lies in (0, 1) with the right mean and variance") {
  RandomStream s(3, 0, 0, 0);
  constexpr int n = 200'000;
  double sum = 0;
  double sum_sq = 0;
  double lo = 1;
  double hi = 0;
  for (int i = 0; i < n; ++i) {
    const double u = s.uniform01();
    REQUIRE(u > 0.0);
    REQUIRE(u < 1.0);
    sum += u;
    sum_sq += u * u;
    lo = std::min(lo, u);
    hi = std::max(hi, u);
  }
  const double mean = sum / n;
  const double var = sum_sq / n - mean * mean;
  // Standard errors: 0.00065 for the mean, 0.00019 for the variance; allow ~6 of them.
  CHECK(mean == doctest::Approx(0.5).epsilon(0.008));
  CHECK(var == doctest::Approx(1.0 / 12.0).epsilon(0.015));
  CHECK(lo < 1e-4);
  CHECK(hi > 1 - 1e-4);
}

TEST_CASE("random: uniform01 has no visible lag-1 correlation and balanced bits") {
  RandomStream s(4, 0, 0, 0);
  constexpr int n = 100'000;
  double prev = s.uniform01();
  double sum_xy = 0;
  int ones[64] = {};
  for (int i = 0; i < n; ++i) {
    const double u = s.uniform01();
    sum_xy += (prev - 0.5) * (u - 0.5);
    prev = u;
    const std::uint64_t w = s.next_u64();
    for (int b = 0; b < 64; ++b) ones[b] += static_cast<int>((w >> b) & 1);
  }
  const double corr = sum_xy / n / (1.0 / 12.0);
  CHECK(std::abs(corr) < 0.02);  // standard error ~0.0032
  for (int b = 0; b < 64; ++b) {
    CHECK(std::abs(ones[b] - n / 2) < 1200);  // standard error ~158
  }
}

TEST_CASE("random: neighbouring streams are uncorrelated") {
  constexpr int n = 20'000;
  double sum_xy = 0;
  for (int e = 0; e < n; ++e) {
    RandomStream a(8, 0, static_cast<std::uint64_t>(e), 0);
    RandomStream b(8, 0, static_cast<std::uint64_t>(e) + 1, 0);
    sum_xy += (a.uniform01() - 0.5) * (b.uniform01() - 0.5);
  }
  CHECK(std::abs(sum_xy / n / (1.0 / 12.0)) < 0.04);  // standard error ~0.007
}

TEST_CASE("random: uniform, normal and exponential have the right moments") {
  RandomStream s(6, 1, 2, 3);
  constexpr int n = 200'000;
  double su = 0, sn = 0, sn2 = 0, se = 0;
  for (int i = 0; i < n; ++i) {
    const double u = s.uniform(-2.0, 6.0);
    REQUIRE(u > -2.0);
    REQUIRE(u < 6.0);
    su += u;
    const double z = s.normal();
    REQUIRE(std::isfinite(z));
    sn += z;
    sn2 += z * z;
    const double x = s.exponential(3.0);
    REQUIRE(x > 0.0);
    REQUIRE(std::isfinite(x));
    se += x;
  }
  CHECK(su / n == doctest::Approx(2.0).epsilon(0.01));  // se 0.0052
  CHECK(std::abs(sn / n) < 0.015);                      // se 0.0022
  CHECK(sn2 / n == doctest::Approx(1.0).epsilon(0.02)); // se 0.0032
  CHECK(se / n == doctest::Approx(3.0).epsilon(0.015)); // se 0.0067 (0.22 %)
}
