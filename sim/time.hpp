#pragma once
// Simulation time: integer milliseconds since the scenario epoch. No floating-point time
// anywhere, so equal instants compare exactly and a run is a pure function of its inputs.
#include <cstdint>
#include <limits>

namespace drsim::sim {

using Time = std::int64_t;      // instant, ms since the scenario epoch
using Duration = std::int64_t;  // span, ms

inline constexpr Duration kMillisecond = 1;
inline constexpr Duration kSecond = 1000;
inline constexpr Duration kMinute = 60 * kSecond;
inline constexpr Duration kHour = 60 * kMinute;
inline constexpr Duration kDay = 24 * kHour;

// "Never happens" / "no such instant": later than any real event.
inline constexpr Time kNever = std::numeric_limits<Time>::max();

// Rounds a value in [0, 2^63) to the nearest integer, halves away from zero: std::llround's
// result without the library call (every drawn duration is rounded). Exact: below 2^53 the
// fraction x - whole is computed exactly, above it every double is already whole.
inline std::int64_t round_nonnegative(double x) {
  const auto whole = static_cast<std::int64_t>(x);
  return whole + (x - static_cast<double>(whole) >= 0.5 ? 1 : 0);
}

}  // namespace drsim::sim
