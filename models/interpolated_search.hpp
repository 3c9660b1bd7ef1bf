#pragma once
// std::lower_bound over a range sorted by an instant that grows about evenly (the firings of
// a schedule, the copy waits that follow schedules): one interpolated guess lands on or near
// the answer, a gallop from it brackets the answer, and bisection finishes inside the
// bracket. The answer is std::lower_bound's; a lookup into a range far larger than the cache
// reads a few neighbouring entries instead of missing at every bisection step.
#include <algorithm>
#include <cstddef>
#include <iterator>

#include "sim/time.hpp"

namespace drsim::models {

// Where in a range of `n` entries keyed from `first_key` to `last_key` (both inclusive) the
// first entry at or after `t` should be, for first_key < t <= last_key: in [1, n - 1].
inline std::ptrdiff_t interpolated_guess(std::ptrdiff_t n, sim::Time t, sim::Time first_key, sim::Time last_key) {
  const double share = static_cast<double>(t - first_key) / static_cast<double>(last_key - first_key);
  return std::clamp<std::ptrdiff_t>(static_cast<std::ptrdiff_t>(share * static_cast<double>(n - 1)), 1, n - 1);
}

// The first entry of [first, last) whose key(entry) >= t. `first_key` and `last_key` are the
// keys of the first and last entries (callers that keep them save two reads).
template <class It, class Key>
It interpolated_lower_bound(It first, It last, sim::Time t, Key key, sim::Time first_key, sim::Time last_key) {
  const std::ptrdiff_t n = last - first;
  if (n == 0 || t <= first_key) return first;
  if (t > last_key) return last;
  auto before = [&](const auto& entry, sim::Time at) { return key(entry) < at; };
  // first_key < t <= last_key: the answer is in [1, n - 1].
  if (n <= 16) return std::lower_bound(first + 1, last, t, before);
  const std::ptrdiff_t guess = interpolated_guess(n, t, first_key, last_key);
  // A schedule at a fixed rate puts the answer at the guess or next to it: walk a step or two
  // (the answer a has key(a - 1) < t <= key(a)) before galloping.
  std::ptrdiff_t near = guess;
  // (key(first[0]) < t <= key(first[n - 1]) keeps `near` in [1, n - 1].)
  for (int walk = 0; walk < 3; ++walk) {
    if (key(first[near - 1]) >= t) --near;
    else if (key(first[near]) < t) ++near;
    else return first + near;
  }
  std::ptrdiff_t lo = 1, hi = n - 1;  // the answer is in [lo, hi]
  std::ptrdiff_t step = 4;
  if (key(first[guess]) < t) {
    std::ptrdiff_t below = guess;
    while (below + step < n && key(first[below + step]) < t) {
      below += step;
      step *= 2;
    }
    lo = below + 1;
    hi = std::min(n - 1, below + step);
  } else {
    std::ptrdiff_t above = guess;
    while (above - step >= 1 && key(first[above - step]) >= t) {
      above -= step;
      step *= 2;
    }
    hi = above;
    lo = std::max<std::ptrdiff_t>(1, above - step + 1);
  }
  return std::lower_bound(first + lo, first + hi, t, before);
}

}  // namespace drsim::models
