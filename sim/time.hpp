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

}  // namespace drsim::sim
