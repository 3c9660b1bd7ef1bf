#pragma once
// Text forms of durations and instants in scenario files and in output.
//
// Durations are integer milliseconds. Input accepts
//   * short form: one or more <number><unit> parts with units d, h, m, s, ms in decreasing
//     order, each at most once: "90s", "15m", "4h", "7d", "1h30m", "500ms", "2d12h";
//   * ISO-8601: "PT1H30M", "P1DT2H", "P2W", "PT0.5S" (days are 24 h; years and months are
//     rejected because their length depends on the calendar).
// A fraction is allowed on the last part only, and only when the result is a whole number
// of milliseconds ("1.5h", "PT0.5S"; not "PT0.0001S"). A bare number is an error: units are
// never guessed. Negative durations are not accepted.
//
// None of these functions throw; errors come back as a message saying what was expected.
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

#include "sim/time.hpp"

namespace drsim::models {

std::variant<sim::Duration, std::string> parse_duration(std::string_view text);

// ISO-8601 / RFC 3339 instant, "2026-03-10T14:20:00Z", optionally with fractional seconds
// (at most millisecond precision) and with an offset instead of Z ("...T16:20:00+02:00").
// Seconds may be left out ("2026-03-10T14:20Z"). Returns ms since 1970-01-01T00:00:00Z.
std::variant<std::int64_t, std::string> parse_instant_unix_ms(std::string_view text);

// Human-readable duration, one rule everywhere (docs/reports.md, "Durations"): from an hour up,
// every unit down to the minute, so the text is exact to the minute ("4h05m", "2h", "1d",
// "1d02h", "1d00h30m"); below an hour, minutes and seconds ("5m", "1m30s", exact to the
// second); below a minute, seconds and milliseconds ("45s", "1s005ms", "350ms"). Units after
// the last non-zero one are left out; the zero units between are written, zero-padded. What is
// below the last unit shown is truncated: at most 59 s from an hour up, under 1 s below it.
// Negative values get a leading '-'.
std::string format_duration(sim::Duration d);

// "2026-01-20T14:07:00Z", with ".123" only when the milliseconds are not zero.
std::string format_instant(std::int64_t unix_ms);

// An RDS-style daily window "03:00-03:30" -> {start, end} in minutes since midnight.
// The end may be earlier than the start (the window wraps midnight); they must differ.
std::variant<std::pair<int, int>, std::string> parse_time_window(std::string_view text);

// A time of day "09:00" (UTC in every AWS field that takes one) -> minutes since midnight.
std::variant<int, std::string> parse_time_of_day(std::string_view text);

}  // namespace drsim::models
