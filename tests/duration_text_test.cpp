// Text forms of durations, instants and daily windows in scenario files and output.
#include "models/duration_text.hpp"

#include <doctest/doctest.h>

#include <cstdint>
#include <limits>
#include <string>
#include <utility>
#include <variant>

namespace {

namespace sim = drsim::sim;
using drsim::models::format_duration;
using drsim::models::format_instant;
using drsim::models::parse_duration;
using drsim::models::parse_instant_unix_ms;
using drsim::models::parse_time_window;

sim::Duration duration(const char* text) {
  auto parsed = parse_duration(text);
  if (auto* err = std::get_if<std::string>(&parsed)) FAIL_CHECK(text << ": " << *err);
  REQUIRE(std::holds_alternative<sim::Duration>(parsed));
  return std::get<sim::Duration>(parsed);
}

std::string duration_error(const char* text) {
  auto parsed = parse_duration(text);
  REQUIRE(std::holds_alternative<std::string>(parsed));
  return std::get<std::string>(parsed);
}

std::int64_t instant(const char* text) {
  auto parsed = parse_instant_unix_ms(text);
  if (auto* err = std::get_if<std::string>(&parsed)) FAIL_CHECK(text << ": " << *err);
  REQUIRE(std::holds_alternative<std::int64_t>(parsed));
  return std::get<std::int64_t>(parsed);
}

bool contains(const std::string& text, const char* part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("duration_text: short durations") {
  CHECK(duration("90s") == 90 * sim::kSecond);
  CHECK(duration("15m") == 15 * sim::kMinute);
  CHECK(duration("4h") == 4 * sim::kHour);
  CHECK(duration("7d") == 7 * sim::kDay);
  CHECK(duration("1h30m") == 90 * sim::kMinute);
  CHECK(duration("500ms") == 500);
  CHECK(duration("2d12h") == 60 * sim::kHour);
  CHECK(duration("1m5ms") == sim::kMinute + 5);
  CHECK(duration("1d2h3m4s5ms") == sim::kDay + 2 * sim::kHour + 3 * sim::kMinute + 4 * sim::kSecond + 5);
  CHECK(duration("0s") == 0);
  CHECK(duration("1.5h") == 90 * sim::kMinute);
  CHECK(duration("0.25s") == 250);
}

TEST_CASE("duration_text: ISO-8601 durations") {
  CHECK(duration("PT1H30M") == 90 * sim::kMinute);
  CHECK(duration("P1DT2H") == 26 * sim::kHour);
  CHECK(duration("P1D") == sim::kDay);
  CHECK(duration("P2W") == 14 * sim::kDay);
  CHECK(duration("PT0.5S") == 500);
  CHECK(duration("PT0,5S") == 500);
  CHECK(duration("PT0.001S") == 1);
  CHECK(duration("PT1.5H") == 90 * sim::kMinute);
  CHECK(duration("PT45S") == 45 * sim::kSecond);
  CHECK(duration("pt15m") == 15 * sim::kMinute);
  CHECK(duration("P1DT1M") == sim::kDay + sim::kMinute);  // M after T is minutes
}

TEST_CASE("duration_text: duration errors say what was expected") {
  const std::string expected =
      "expected a duration with units like \"90s\", \"15m\", \"4h\", \"1h30m\" or ISO-8601 \"PT1H30M\"";
  for (const char* bad : {"90",
                          "5x",
                          "",
                          "-5m",
                          "h",
                          "P",
                          "PT",
                          "P1Y",
                          "P1M",
                          "PT0.0001S",
                          "30m1h",
                          "1h1h",
                          "1.5h30m",
                          "P1.5DT2H",
                          "1h30",
                          "99999999999999999999d",
                          " 5m",
                          "5m ",
                          "1H",
                          "+5m",
                          "1,5h",
                          "5 m",
                          "P1H",
                          "PT1D",
                          "1.h",
                          ".5h",
                          "0.5ms",
                          "P1DT",
                          "9223372036854775807d"}) {
    CAPTURE(bad);
    CHECK(contains(duration_error(bad), expected.c_str()));
  }
  CHECK(contains(duration_error("90"), "has no unit"));
  CHECK(contains(duration_error("5x"), "unknown unit \"x\""));
  CHECK(contains(duration_error("-5m"), "can't be negative"));
  CHECK(contains(duration_error("h"), "expected a number"));
  CHECK(contains(duration_error("P1M"), "no fixed length"));
  CHECK(contains(duration_error("PT0.0001S"), "whole number of milliseconds"));
  CHECK(contains(duration_error("30m1h"), "largest to smallest"));
  CHECK(contains(duration_error("1.5h30m"), "fraction is only allowed in the last part"));
  CHECK(contains(duration_error("99999999999999999999d"), "too large"));
}

TEST_CASE("duration_text: format_duration") {
  CHECK(format_duration(0) == "0s");
  CHECK(format_duration(45 * sim::kSecond) == "45s");
  CHECK(format_duration(59 * sim::kSecond) == "59s");
  CHECK(format_duration(5 * sim::kMinute) == "5m");
  CHECK(format_duration(14'700'000) == "4h05m");
  CHECK(format_duration(sim::kDay) == "1d");
  CHECK(format_duration(26 * sim::kHour) == "1d02h");
  // From an hour up, every unit to the minute: 1d 1h 1m 1s is 1d01h01m (the second truncated).
  CHECK(format_duration(90'061'000) == "1d01h01m");
  // 24h30m: the zero hour is written, so nothing is silently dropped (issue 10).
  CHECK(format_duration(24 * sim::kHour + 30 * sim::kMinute) == "1d00h30m");
  CHECK(format_duration(sim::kHour + 59 * sim::kSecond) == "1h");  // under a minute below: truncated
  CHECK(format_duration(3 * sim::kDay + 5 * sim::kMinute) == "3d00h05m");
  CHECK(format_duration(2 * sim::kHour) == "2h");
  CHECK(format_duration(90 * sim::kSecond) == "1m30s");
  CHECK(format_duration(3 * sim::kMinute + 7 * sim::kSecond) == "3m07s");
  CHECK(format_duration(350) == "350ms");
  CHECK(format_duration(1005) == "1s005ms");
  CHECK(format_duration(400 * sim::kDay + 3 * sim::kHour) == "400d03h");
  CHECK(format_duration(-14'700'000) == "-4h05m");
  CHECK(format_duration(std::numeric_limits<sim::Duration>::min()).front() == '-');
  // 2^63 - 1 ms = 106751991167 d 7 h 12 min 55.807 s.
  CHECK(format_duration(std::numeric_limits<sim::Duration>::max()) == "106751991167d07h12m");
}

TEST_CASE("duration_text: instants") {
  CHECK(instant("2026-03-10T14:20:00Z") == 1'773'152'400'000);
  CHECK(instant("2026-03-10T16:20:00+02:00") == 1'773'152'400'000);
  CHECK(instant("2026-03-10T09:50:00-04:30") == 1'773'152'400'000);
  CHECK(instant("2026-03-10T14:20Z") == 1'773'152'400'000);
  CHECK(instant("2026-03-10T14:20:00.250Z") == 1'773'152'400'250);
  CHECK(instant("2026-03-10T14:20:00.5Z") == 1'773'152'400'500);
  CHECK(instant("2026-03-10T14:20:00.123000Z") == 1'773'152'400'123);
  CHECK(instant("2028-02-29T00:00:00Z") == 1'835'395'200'000);
  CHECK(instant("2000-02-29T00:00:00Z") == 951'782'400'000);
  CHECK(instant("1970-01-01T00:00:00Z") == 0);
  CHECK(instant("1969-12-31T23:59:59.999Z") == -1);

  for (const char* bad : {"",
                          "2026-03-10",
                          "2026-03-10T14:20:00",
                          "2026-03-10T14:20:00Zjunk",
                          "2026-03-10 14:20:00Z",
                          "2026-13-01T00:00:00Z",
                          "2026-00-01T00:00:00Z",
                          "2026-04-31T00:00:00Z",
                          "2026-02-29T00:00:00Z",
                          "2100-02-29T00:00:00Z",
                          "2026-03-10T24:00:00Z",
                          "2026-03-10T14:60:00Z",
                          "2026-03-10T14:20:60Z",
                          "2026-3-10T14:20:00Z",
                          "2026-03-10T14:20:00.Z",
                          "2026-03-10T14:20:00.1234Z",
                          "2026-03-10T14:20:00+2:00",
                          "2026-03-10T14:20:00+0200",
                          "2026-03-10T14:20.5Z",
                          "2026-03-10T14:20:00+24:00",
                          "1773152400000",
                          "now"}) {
    CAPTURE(bad);
    auto parsed = parse_instant_unix_ms(bad);
    REQUIRE(std::holds_alternative<std::string>(parsed));
    CHECK(contains(std::get<std::string>(parsed), "expected an ISO-8601 instant"));
  }
  CHECK(contains(std::get<std::string>(parse_instant_unix_ms("2026-02-29T00:00:00Z")),
                 "day 29 out of range 01-28"));
}

TEST_CASE("duration_text: format_instant") {
  CHECK(format_instant(0) == "1970-01-01T00:00:00Z");
  CHECK(format_instant(1'768'918'020'000) == "2026-01-20T14:07:00Z");
  CHECK(format_instant(1'768'918'020'123) == "2026-01-20T14:07:00.123Z");
  CHECK(format_instant(1'768'918'020'005) == "2026-01-20T14:07:00.005Z");
  CHECK(format_instant(-1) == "1969-12-31T23:59:59.999Z");
  CHECK(format_instant(1'835'395'200'000) == "2028-02-29T00:00:00Z");
  for (const char* text : {"2026-03-10T14:20:00Z", "2000-02-29T23:59:59.999Z", "1999-12-31T00:00:00.010Z"}) {
    CHECK(format_instant(instant(text)) == text);
  }
  // The extremes format without overflow.
  CHECK(!format_instant(std::numeric_limits<std::int64_t>::min()).empty());
  CHECK(!format_instant(std::numeric_limits<std::int64_t>::max()).empty());
}

TEST_CASE("duration_text: backup windows") {
  using Window = std::pair<int, int>;
  CHECK(std::get<Window>(parse_time_window("03:00-03:30")) == Window{180, 210});
  CHECK(std::get<Window>(parse_time_window("23:30-00:30")) == Window{1410, 30});  // wraps midnight
  CHECK(std::get<Window>(parse_time_window("00:00-23:59")) == Window{0, 1439});
  for (const char* bad : {"03:00-03:00", "3:00-03:30", "24:00-01:00", "03:60-04:00", "03:00", "03:00-03:30x",
                          "03:00 - 03:30", "", "0300-0330"}) {
    CAPTURE(bad);
    auto parsed = parse_time_window(bad);
    REQUIRE(std::holds_alternative<std::string>(parsed));
    CHECK(contains(std::get<std::string>(parsed), "expected a daily window \"hh:mm-hh:mm\""));
  }
}
