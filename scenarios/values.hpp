#pragma once
// Readers for the scenario format's value types ("Values" in scenario-format.md):
// durations with units, ISO-8601 instants, and distributions of either.
#include <cstdint>
#include <optional>

#include "models/distribution.hpp"
#include "scenarios/json_reader.hpp"
#include "sim/time.hpp"

namespace drsim::scenarios {

// "2026-01-01T00:00:00Z": simulation time 0 when the scenario names no epoch.
inline constexpr std::int64_t kDefaultEpochUnixMs = 1'767'225'600'000;

enum class ValueKind { duration, instant };

// A duration string with units ("15m", "1h30m", "PT1H30M"). A bare number is an error:
// units are never guessed.
std::optional<sim::Duration> read_duration(const Node& n);

// An ISO-8601 instant, as simulation time (ms since the epoch); before the epoch is an error.
std::optional<sim::Time> read_instant(const Node& n, std::int64_t epoch_unix_ms);

// A fixed value or {"uniform": [lo, hi]}, {"triangular": [min, mode, max]},
// {"lognormal": {"p50": v, "p90": v}}, {"exponential": {"mean": v}}, with ordered parameters
// (lo <= hi, min <= mode <= max, p90 > p50 > 0, mean > 0).
// For instants, uniform and triangular take instants; lognormal and exponential describe a
// time after the epoch, so their parameters may be given as instants or as durations
// counted from the epoch ({"exponential": {"mean": "60d"}}).
std::optional<models::Distribution> read_distribution(const Node& n, ValueKind kind, std::int64_t epoch_unix_ms);

}  // namespace drsim::scenarios
