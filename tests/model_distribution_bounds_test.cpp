// Distribution bounds hold every draw: draws are rounded to whole seconds, so a bound that is
// not a whole second is rounded outward (the window proofs of JobBounds rely on it).
#include <doctest/doctest.h>

#include "models/distribution.hpp"

using namespace drsim;
using models::Distribution;

TEST_CASE("Distribution bounds include the rounding of draws to whole seconds") {
  // uniform [1.4 s, 90.6 s]: a draw of 90.55 s prints as 91 s and one of 1.45 s as 1 s, so the
  // bounds are 1 s and 91 s; whole-second bounds stay as they are.
  const Distribution u = Distribution::uniform(1400, 90600);
  CHECK(u.lower_bound() == 1000);
  CHECK(u.upper_bound() == 91000);
  CHECK(Distribution::uniform(60000, 180000).upper_bound() == 180000);
  const Distribution t = Distribution::triangular(500, 700, 1500);
  CHECK(t.lower_bound() == 0);
  CHECK(t.upper_bound() == 2000);
  CHECK(Distribution::triangular(700, 700, 700).upper_bound() == 700);  // degenerate: the value itself
  std::int64_t lo = u.upper_bound(), hi = u.lower_bound();
  for (std::uint64_t i = 0; i < 20000; ++i) {
    sim::RandomStream rng(1, i, 0, 0);
    const std::int64_t v = u.sample(rng);
    lo = std::min(lo, v);
    hi = std::max(hi, v);
    sim::RandomStream rng2(2, i, 0, 0);
    const std::int64_t w = t.sample(rng2);
    CHECK(w >= t.lower_bound());
    CHECK(w <= t.upper_bound());
  }
  CHECK(lo >= u.lower_bound());
  CHECK(hi <= u.upper_bound());
  CHECK(hi == 91000);  // 20,000 draws reach the last second
}
