// AWS cron schedules: parsing, firing times (values worked out by hand from a calendar),
// time zones with daylight-saving transitions, and error columns.
#include "models/cron.hpp"

#include <date/tz.h>
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <iterator>
#include <random>
#include <string>
#include <variant>
#include <vector>

#include "models/duration_text.hpp"

namespace {

using drsim::models::CronError;
using drsim::models::CronSchedule;
using drsim::models::format_instant;
namespace sim = drsim::sim;

std::int64_t unix_ms(const char* text) {
  auto parsed = drsim::models::parse_instant_unix_ms(text);
  REQUIRE(std::holds_alternative<std::int64_t>(parsed));
  return std::get<std::int64_t>(parsed);
}

// Schedules in these tests use epoch 0, so simulation time equals unix ms.
CronSchedule schedule(const char* expression, const char* zone = "") {
  auto parsed = CronSchedule::parse(expression, zone, 0);
  if (auto* err = std::get_if<CronError>(&parsed)) FAIL_CHECK(expression << ": " << err->message);
  REQUIRE(std::holds_alternative<CronSchedule>(parsed));
  return std::get<CronSchedule>(parsed);
}

CronError error_of(const char* expression, const char* zone = "") {
  auto parsed = CronSchedule::parse(expression, zone, 0);
  REQUIRE(std::holds_alternative<CronError>(parsed));
  return std::get<CronError>(parsed);
}

std::string next(const CronSchedule& s, const char* after) {
  const sim::Time t = s.next_after(unix_ms(after));
  return t == sim::kNever ? "never" : format_instant(t);
}

// The first `n` firings strictly after `after`, via repeated next_after.
std::vector<std::string> firings(const CronSchedule& s, const char* after, int n) {
  std::vector<std::string> out;
  sim::Time t = unix_ms(after);
  for (int i = 0; i < n; ++i) {
    t = s.next_after(t);
    if (t == sim::kNever) break;
    out.push_back(format_instant(t));
  }
  return out;
}

using Strings = std::vector<std::string>;

}  // namespace

TEST_CASE("cron: every 4 hours and daily") {
  const auto every4 = schedule("cron(0 0/4 * * ? *)");
  CHECK(firings(every4, "2026-01-01T00:00:00Z", 3) ==
        Strings{"2026-01-01T04:00:00Z", "2026-01-01T08:00:00Z", "2026-01-01T12:00:00Z"});
  CHECK(next(every4, "2026-01-01T23:59:59.999Z") == "2026-01-02T00:00:00Z");

  std::vector<sim::Time> out;
  every4.fire_times(unix_ms("2026-01-01T00:00:00Z"), unix_ms("2026-01-02T00:00:00Z"), out);
  REQUIRE(out.size() == 6);  // [from, to): 00:00 included, next day's 00:00 not
  CHECK(format_instant(out.front()) == "2026-01-01T00:00:00Z");
  CHECK(format_instant(out.back()) == "2026-01-01T20:00:00Z");

  const auto daily = schedule("cron(0 5 ? * * *)");
  CHECK(firings(daily, "2026-01-01T05:00:00Z", 2) == Strings{"2026-01-02T05:00:00Z", "2026-01-03T05:00:00Z"});
  CHECK(next(daily, "2026-01-01T04:59:00Z") == "2026-01-01T05:00:00Z");
  CHECK(daily.text() == "cron(0 5 ? * * *)");
}

TEST_CASE("cron: bare fields, lists, ranges and steps") {
  const auto s = schedule("10-50/10 9 * * ? *");
  CHECK(firings(s, "2026-01-01T09:00:00Z", 6) == Strings{"2026-01-01T09:10:00Z", "2026-01-01T09:20:00Z",
                                                         "2026-01-01T09:30:00Z", "2026-01-01T09:40:00Z",
                                                         "2026-01-01T09:50:00Z", "2026-01-02T09:10:00Z"});
  CHECK(next(schedule("*/20 * * * ? *"), "2026-01-01T00:41:00Z") == "2026-01-01T01:00:00Z");
  CHECK(firings(schedule("0 6,18 * * ? *"), "2026-01-01T07:00:00Z", 2) ==
        Strings{"2026-01-01T18:00:00Z", "2026-01-02T06:00:00Z"});
  // A backwards range wraps around midnight.
  CHECK(firings(schedule("0 22-1 * * ? *"), "2026-01-01T12:00:00Z", 4) ==
        Strings{"2026-01-01T22:00:00Z", "2026-01-01T23:00:00Z", "2026-01-02T00:00:00Z",
                "2026-01-02T01:00:00Z"});
  // Day-of-month step: 1/10 is the 1st, 11th, 21st and 31st.
  CHECK(firings(schedule("0 0 1/10 * ? *"), "2026-01-01T00:00:00Z", 4) ==
        Strings{"2026-01-11T00:00:00Z", "2026-01-21T00:00:00Z", "2026-01-31T00:00:00Z",
                "2026-02-01T00:00:00Z"});
}

TEST_CASE("cron: names for months and days, case-insensitive") {
  // 2026-01-02 is a Friday; the next weekday 08:00 after Friday 09:00 is Monday the 5th.
  const auto weekdays = schedule("cron(0 8 ? * MON-FRI *)");
  CHECK(next(weekdays, "2026-01-02T09:00:00Z") == "2026-01-05T08:00:00Z");
  CHECK(next(weekdays, "2026-01-02T07:00:00Z") == "2026-01-02T08:00:00Z");
  CHECK(next(schedule("cron(0 8 ? * mon-fri *)"), "2026-01-02T09:00:00Z") == "2026-01-05T08:00:00Z");
  CHECK(next(schedule("cron(0 8 ? * 2-6 *)"), "2026-01-02T09:00:00Z") == "2026-01-05T08:00:00Z");
  // 1 = SUN: 2026-01-04 is a Sunday.
  CHECK(next(schedule("cron(0 8 ? * 1 *)"), "2026-01-01T00:00:00Z") == "2026-01-04T08:00:00Z");
  CHECK(next(schedule("cron(0 8 ? * SUN *)"), "2026-01-01T00:00:00Z") == "2026-01-04T08:00:00Z");

  const auto half_yearly = schedule("cron(0 0 1 JAN,jul ? *)");
  CHECK(firings(half_yearly, "2026-01-01T00:00:00Z", 2) ==
        Strings{"2026-07-01T00:00:00Z", "2027-01-01T00:00:00Z"});
}

TEST_CASE("cron: last day of the month") {
  const auto s = schedule("cron(0 12 L * ? *)");
  CHECK(next(s, "2026-01-01T00:00:00Z") == "2026-01-31T12:00:00Z");
  CHECK(next(s, "2026-02-01T00:00:00Z") == "2026-02-28T12:00:00Z");
  CHECK(next(s, "2028-02-01T00:00:00Z") == "2028-02-29T12:00:00Z");  // leap year
  CHECK(next(s, "2026-04-01T00:00:00Z") == "2026-04-30T12:00:00Z");
  // L alone in day-of-week is SAT (the 3rd is the first Saturday of 2026).
  CHECK(next(schedule("cron(0 12 ? * L *)"), "2026-01-01T00:00:00Z") == "2026-01-03T12:00:00Z");
}

TEST_CASE("cron: nearest weekday W and LW") {
  const auto w15 = schedule("cron(0 9 15W * ? *)");
  CHECK(next(w15, "2026-08-01T00:00:00Z") == "2026-08-14T09:00:00Z");  // 15th SAT -> FRI 14th
  CHECK(next(w15, "2026-02-01T00:00:00Z") == "2026-02-16T09:00:00Z");  // 15th SUN -> MON 16th
  CHECK(next(w15, "2026-04-01T00:00:00Z") == "2026-04-15T09:00:00Z");  // 15th WED stays

  const auto w1 = schedule("cron(0 9 1W * ? *)");
  CHECK(next(w1, "2026-07-31T00:00:00Z") == "2026-08-03T09:00:00Z");  // 1st SAT -> MON 3rd, not July 31st
  CHECK(next(w1, "2026-01-31T00:00:00Z") == "2026-02-02T09:00:00Z");  // 1st SUN -> MON 2nd

  const auto w31 = schedule("cron(0 9 31W * ? *)");
  CHECK(next(w31, "2026-05-01T00:00:00Z") == "2026-05-29T09:00:00Z");  // 31st SUN -> FRI 29th
  CHECK(next(w31, "2026-04-01T00:00:00Z") == "2026-05-29T09:00:00Z");  // April has no 31st

  const auto lw = schedule("cron(0 9 LW * ? *)");
  CHECK(next(lw, "2026-01-01T00:00:00Z") == "2026-01-30T09:00:00Z");  // 31st SAT -> FRI 30th
  CHECK(next(lw, "2026-02-01T00:00:00Z") == "2026-02-27T09:00:00Z");  // 28th SAT -> FRI 27th
  CHECK(next(lw, "2026-03-01T00:00:00Z") == "2026-03-31T09:00:00Z");  // 31st TUE
  CHECK(next(lw, "2026-05-01T00:00:00Z") == "2026-05-29T09:00:00Z");  // 31st SUN -> FRI 29th
}

TEST_CASE("cron: nth and last weekday of the month") {
  const auto third_friday = schedule("cron(0 10 ? * 6#3 *)");
  CHECK(firings(third_friday, "2026-01-01T00:00:00Z", 2) ==
        Strings{"2026-01-16T10:00:00Z", "2026-02-20T10:00:00Z"});
  CHECK(next(schedule("cron(0 10 ? * FRI#3 *)"), "2026-01-01T00:00:00Z") == "2026-01-16T10:00:00Z");

  // Fifth Friday: February, March and April 2026 have only four.
  CHECK(next(schedule("cron(0 10 ? * 6#5 *)"), "2026-02-01T00:00:00Z") == "2026-05-29T10:00:00Z");

  const auto last_thursday = schedule("cron(0 10 ? * 5L *)");
  CHECK(firings(last_thursday, "2026-01-01T00:00:00Z", 2) ==
        Strings{"2026-01-29T10:00:00Z", "2026-02-26T10:00:00Z"});
  CHECK(next(schedule("cron(0 10 ? * THUL *)"), "2026-01-01T00:00:00Z") == "2026-01-29T10:00:00Z");
}

TEST_CASE("cron: year field and schedules that never fire") {
  const auto s = schedule("cron(0 0 1 1 ? 2027-2028)");
  CHECK(firings(s, "2026-01-01T00:00:00Z", 3) == Strings{"2027-01-01T00:00:00Z", "2028-01-01T00:00:00Z"});
  CHECK(next(schedule("cron(0 0 1 1 ? 2026/2)"), "2026-01-01T00:00:00Z") == "2028-01-01T00:00:00Z");
  CHECK(next(schedule("cron(0 0 1 1 ? 2199)"), "2199-01-01T00:00:00Z") == "never");
  CHECK(next(schedule("cron(0 0 1 1 ? *)"), "2300-01-01T00:00:00Z") == "never");

  const auto feb30 = schedule("cron(0 0 30 FEB ? *)");
  CHECK(feb30.next_after(0) == sim::kNever);
  std::vector<sim::Time> out;
  feb30.fire_times(0, sim::kNever, out);
  CHECK(out.empty());

  // Extreme times neither overflow nor fire.
  const auto daily = schedule("cron(0 5 ? * * *)");
  CHECK(daily.next_after(sim::kNever) == sim::kNever);
  CHECK(next(daily, "1900-01-01T00:00:00Z") == "1970-01-01T05:00:00Z");
  CHECK(format_instant(daily.next_after(INT64_MIN)) == "1970-01-01T05:00:00Z");
}

TEST_CASE("cron: epoch shifts simulation time") {
  const std::int64_t epoch = unix_ms("2026-01-01T00:00:00Z");
  auto parsed = CronSchedule::parse("cron(0 5 ? * * *)", "", epoch);
  REQUIRE(std::holds_alternative<CronSchedule>(parsed));
  const auto& s = std::get<CronSchedule>(parsed);
  CHECK(s.next_after(0) == 5 * sim::kHour);
  CHECK(s.next_after(5 * sim::kHour) == sim::kDay + 5 * sim::kHour);
  CHECK(s.next_after(-sim::kDay) == -sim::kDay + 5 * sim::kHour);
  std::vector<sim::Time> out;
  s.fire_times(0, 3 * sim::kDay, out);
  CHECK(out ==
        std::vector<sim::Time>{5 * sim::kHour, sim::kDay + 5 * sim::kHour, 2 * sim::kDay + 5 * sim::kHour});
}

TEST_CASE("cron: named time zones") {
  const auto ny = schedule("cron(0 5 ? * * *)", "America/New_York");
  CHECK(next(ny, "2026-01-15T00:00:00Z") == "2026-01-15T10:00:00Z");  // EST, UTC-5
  CHECK(next(ny, "2026-07-15T00:00:00Z") == "2026-07-15T09:00:00Z");  // EDT, UTC-4

  // Day fields are local too: 23:00 on the 1st in New York is 04:00Z on the 2nd.
  CHECK(next(schedule("cron(0 23 1 * ? *)", "America/New_York"), "2026-01-01T00:00:00Z") ==
        "2026-01-02T04:00:00Z");

  const auto london = schedule("cron(0 9 ? * * *)", "Europe/London");
  CHECK(next(london, "2026-01-15T00:00:00Z") == "2026-01-15T09:00:00Z");  // GMT
  CHECK(next(london, "2026-07-15T00:00:00Z") == "2026-07-15T08:00:00Z");  // BST

  for (const char* utc : {"", "UTC", "Etc/UTC"}) {
    CHECK(next(schedule("cron(0 5 ? * * *)", utc), "2026-07-15T00:00:00Z") == "2026-07-15T05:00:00Z");
  }
}

TEST_CASE("cron: spring-forward gap fires at the end of the gap") {
  // 2026-03-08 in New York: 02:00 EST jumps to 03:00 EDT (07:00Z); 02:30 does not exist.
  const auto s = schedule("cron(30 2 ? * * *)", "America/New_York");
  CHECK(firings(s, "2026-03-07T00:00:00Z", 3) ==
        Strings{"2026-03-07T07:30:00Z",    // 02:30 EST
                "2026-03-08T07:00:00Z",    // 03:00 EDT, first instant after the gap
                "2026-03-09T06:30:00Z"});  // 02:30 EDT

  // 02:00, 02:30 and 03:00 all land on 07:00Z that day: one firing, then 03:30.
  const auto several = schedule("cron(0,30 2-3 ? * * *)", "America/New_York");
  std::vector<sim::Time> out;
  several.fire_times(unix_ms("2026-03-08T05:00:00Z"), unix_ms("2026-03-08T09:00:00Z"), out);
  REQUIRE(out.size() == 2);
  CHECK(format_instant(out[0]) == "2026-03-08T07:00:00Z");
  CHECK(format_instant(out[1]) == "2026-03-08T07:30:00Z");

  // Europe/London 2026-03-29: 01:00 GMT jumps to 02:00 BST at 01:00Z.
  CHECK(next(schedule("cron(30 1 ? * * *)", "Europe/London"), "2026-03-29T00:00:00Z") ==
        "2026-03-29T01:00:00Z");
}

TEST_CASE("cron: fall-back overlap fires once, at the first occurrence") {
  // 2026-11-01 in New York: 02:00 EDT falls back to 01:00 EST (06:00Z); 01:30 happens twice.
  const auto s = schedule("cron(30 1 ? * * *)", "America/New_York");
  CHECK(firings(s, "2026-10-31T12:00:00Z", 2) == Strings{"2026-11-01T05:30:00Z",    // 01:30 EDT only
                                                         "2026-11-02T06:30:00Z"});  // 01:30 EST
  // Asked during the second 01:xx hour, the first occurrence is already past.
  CHECK(next(s, "2026-11-01T06:10:00Z") == "2026-11-02T06:30:00Z");

  // Every 30 minutes over the overlap: 01:00 and 01:30 fire once each (EDT), then 02:00 EST.
  std::vector<sim::Time> out;
  schedule("cron(0/30 * ? * * *)", "America/New_York")
      .fire_times(unix_ms("2026-11-01T04:30:00Z"), unix_ms("2026-11-01T07:01:00Z"), out);
  Strings got;
  for (auto t : out) got.push_back(format_instant(t));
  CHECK(got == Strings{"2026-11-01T04:30:00Z", "2026-11-01T05:00:00Z", "2026-11-01T05:30:00Z",
                       "2026-11-01T07:00:00Z"});
}

TEST_CASE("cron: daylight-saving rules agree with date::choose::earliest") {
  // An independent reference: every local minute of 2026 that the minutes/hours fields
  // select, mapped with choose::earliest (first occurrence; a gap time maps to the end of
  // the gap), deduplicated.
  const sim::Time from = unix_ms("2026-01-02T00:00:00Z");
  const sim::Time to = unix_ms("2026-12-30T00:00:00Z");
  for (const char* zone_name : {"America/New_York", "Europe/London", "Australia/Lord_Howe",
                                "Australia/Sydney", "Pacific/Chatham", "America/Santiago", "Asia/Kolkata"}) {
    const auto* zone = date::locate_zone(zone_name);
    struct Case {
      const char* expression;
      int first_minute;
      int minute_step;
      std::vector<int> hours;  // empty = every hour
    };
    for (const auto& c :
         {Case{"cron(0/15 * ? * * *)", 0, 15, {}}, Case{"cron(30 0-3 ? * * *)", 30, 60, {0, 1, 2, 3}},
          Case{"cron(45 1,2 ? * * *)", 45, 60, {1, 2}}}) {
      CAPTURE(zone_name);
      CAPTURE(c.expression);
      std::vector<sim::Time> reference;
      const auto first_day = date::local_days{date::year{2026} / 1 / 1};
      for (auto day = first_day; day < first_day + date::days{365}; day += date::days{1}) {
        for (int h = 0; h < 24; ++h) {
          if (!c.hours.empty() && std::find(c.hours.begin(), c.hours.end(), h) == c.hours.end()) continue;
          for (int m = c.first_minute; m < 60; m += c.minute_step) {
            const auto local = day + std::chrono::hours{h} + std::chrono::minutes{m};
            const auto sys = zone->to_sys(local, date::choose::earliest);
            const sim::Time t =
                std::chrono::duration_cast<std::chrono::milliseconds>(sys.time_since_epoch()).count();
            if (t < from || t >= to) continue;
            if (reference.empty() || t > reference.back()) reference.push_back(t);
          }
        }
      }
      std::vector<sim::Time> got;
      schedule(c.expression, zone_name).fire_times(from, to, got);
      CHECK(got == reference);
    }
  }
}

TEST_CASE("cron: fire_times matches repeated next_after") {
  for (const char* zone : {"", "America/New_York", "Europe/London", "Australia/Lord_Howe"}) {
    for (const char* expr : {"cron(*/7 0-3 ? * * *)", "cron(15 1,2 ? * SUN-MON *)", "cron(0 0/6 LW * ? *)"}) {
      CAPTURE(zone);
      CAPTURE(expr);
      const auto s = schedule(expr, zone);
      const sim::Time from = unix_ms("2026-01-01T00:00:00Z");
      const sim::Time to = unix_ms("2027-01-01T00:00:00Z");
      std::vector<sim::Time> bulk;
      s.fire_times(from, to, bulk);
      std::vector<sim::Time> stepped;
      for (sim::Time t = s.next_after(from - 1); t < to; t = s.next_after(t)) stepped.push_back(t);
      CHECK(bulk == stepped);
      CHECK(!bulk.empty());
    }
  }
}

TEST_CASE("cron: describe") {
  CHECK(schedule("cron(0 0/4 * * ? *)").describe() == "every 4 hours at minute 0, every day (UTC)");
  CHECK(schedule("cron(0 5 ? * * *)", "America/New_York").describe() ==
        "at 05:00, every day (America/New_York)");
  CHECK(schedule("cron(0 12 L * ? *)").describe() == "at 12:00, on the last day of the month (UTC)");
  CHECK(schedule("cron(0 8 ? * MON-FRI *)").describe() == "at 08:00, on MON-FRI (UTC)");
  CHECK(schedule("cron(0 10 ? * 6#3 2027)").describe() ==
        "at 10:00, on the 3rd FRI of the month, year 2027 (UTC)");
  CHECK(schedule("cron(0/15 9-17 ? JAN-MAR MON-FRI *)", "Europe/London").describe() ==
        "every 15 minutes during hour 9-17, on MON-FRI in JAN-MAR (Europe/London)");
  CHECK(schedule("cron(30 6,18 1,15 * ? *)").describe() == "at 06:30, 18:30, on day 1,15 of the month (UTC)");
  CHECK(schedule("cron(* * * * ? *)").describe() == "every minute, every day (UTC)");
}

TEST_CASE("cron: errors name the column") {
  struct Case {
    const char* expression;
    std::size_t column;
    const char* message_part;
  };
  const Case cases[] = {
      {"cron(0 5 * * * *)", 13, "you can't specify the Day-of-month and Day-of-week fields"},
      {"cron(0 5 1 * MON *)", 13, "you can't specify the Day-of-month and Day-of-week fields"},
      {"cron(0 5 ? * ? *)", 13, "can't both be '?'"},
      {"cron(0 5 ? * *)", 14, "expected 6 fields"},
      {"cron(0 5 ? * * * *)", 17, "expected 6 fields"},
      {"0 5 ? * *", 9, "expected 6 fields"},
      {"cron(75 5 ? * * *)", 5, "minutes field: value 75 out of range 0-59"},
      {"cron(0 24 ? * * *)", 7, "hours field: value 24 out of range 0-23"},
      {"cron(0 5 32 * ? *)", 9, "day-of-month field: value 32 out of range 1-31"},
      {"cron(0 5 ? 13 * *)", 11, "month field: value 13 out of range 1-12"},
      {"cron(0 5 ? * 8 *)", 13, "day-of-week field: value 8 out of range 1-7"},
      {"cron(0 5 ? * * 2200)", 15, "year field: value 2200 out of range 1970-2199"},
      {"0/0 5 ? * * *", 2, "minutes field: step 0 out of range 1-59"},
      {"cron(0 5 ? FOO * *)", 11, "month field: unknown name \"FOO\""},
      {"cron(0 5 ? * MONDAY *)", 13, "day-of-week field: unknown name \"MONDAY\""},
      {"cron(L 5 ? * * *)", 5, "minutes field: 'L' is only allowed"},
      {"cron(0 5 ? * 1#6 *)", 15, "week number 6 after '#' out of range 1-5"},
      {"cron(0 5 ? 1#2 * *)", 12, "month field: '#' is only allowed in the day-of-week field"},
      {"cron(0 5 1W,? * ? *)", 12, "'?' must be the whole field"},
      {"cron(? 5 1 * ? *)", 5, "'?' is only allowed in the day-of-month or day-of-week field"},
      {"cron(0 5 ? * * 2030-2020)", 15, "years do not wrap around"},
      {"cron(0 5 ? * * *", 16, "expected ')'"},
      {"cron(0 5,, ? * * *)", 9, "hours field: expected a number 0-23"},
      {"cron(0 5- ? * * *)", 9, "hours field: expected a number 0-23, found end of field"},
      {"cron(0 5 ? * * *) x", 19, "expected ')'"},
      {"hello", 5, "expected 6 fields"},
      {"", 0, "expected 6 fields"},
      {"rate(5 minutes)", 0, "rate(...) is not a cron expression"},
      {"cron(x 5 ? * * *)", 5, "minutes field: expected a number 0-59, found \"x\""},
      {"cron(0 5 ? * * *))", 16, "year field: unexpected ')'"},
      {"  cron(75 5 ? * * *)", 7, "out of range"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.expression);
    const auto err = error_of(c.expression);
    CHECK(err.column == c.column);
    CHECK_MESSAGE(err.message.find(c.message_part) != std::string::npos, err.message);
  }
}

TEST_CASE("cron: unknown time zone") {
  const auto err = error_of("cron(0 5 ? * * *)", "Mars/Olympus_Mons");
  CHECK(err.message == "unknown time zone \"Mars/Olympus_Mons\"");
  CHECK(err.column == 0);
  CHECK(error_of("cron(0 5 ? * * *)", "../../etc/passwd").column == 0);
}

TEST_CASE("cron: random input never throws") {
  // Text built from cron's own alphabet reaches deep into the parser; anything that parses
  // must also evaluate without trouble.
  const std::string alphabet = "0123456789*?/-,#LW LWMONFRIJANSUN ()cron\t\x80\xff";
  std::mt19937 rng(12345);
  int parsed = 0;
  for (int i = 0; i < 20000; ++i) {
    std::string text = i % 2 == 0 ? "cron(" : "";
    const int length = static_cast<int>(rng() % 24);
    for (int k = 0; k < length; ++k) text += alphabet[rng() % alphabet.size()];
    if (i % 2 == 0) text += ')';
    std::variant<CronSchedule, CronError> result = CronError{};
    CHECK_NOTHROW(result = CronSchedule::parse(text, "", 0));
    if (auto* s = std::get_if<CronSchedule>(&result)) {
      ++parsed;
      const sim::Time t = s->next_after(0);
      CHECK(t > 0);
      (void)s->describe();
    } else {
      CHECK(std::get<CronError>(result).column <= text.size());
    }
  }
  // Valid shapes with random pieces, so that most parse: one day field is always '?'.
  const char* times[] = {"*", "0", "5", "*/5", "0/7", "1-3", "10-50/10", "22-2", "L"};
  const char* days_of_month[] = {"*", "1", "L", "LW", "15W", "1W", "31W", "1/10", "29-3"};
  const char* months[] = {"*", "FEB", "JAN,JUL", "2-4", "NOV-FEB", "*/5"};
  const char* days_of_week[] = {"*", "L", "2#3", "6L", "MON-FRI", "FRI-MON", "1#5", "SAT/3"};
  const char* years[] = {"*", "2026-2030", "2027", "2026/50", "1970"};
  const auto pick = [&](const auto& options) { return std::string(options[rng() % std::size(options)]); };
  for (int i = 0; i < 5000; ++i) {
    const bool by_weekday = rng() % 2 == 0;
    const std::string text = "cron(" + pick(times) + " " + pick(times) + " " +
                             (by_weekday ? "?" : pick(days_of_month)) + " " + pick(months) + " " +
                             (by_weekday ? pick(days_of_week) : "?") + " " + pick(years) + ")";
    std::variant<CronSchedule, CronError> result = CronError{};
    CHECK_NOTHROW(result = CronSchedule::parse(text, "America/New_York", 0));
    if (auto* s = std::get_if<CronSchedule>(&result)) {
      ++parsed;
      const sim::Time from = unix_ms("2026-01-01T00:00:00Z");
      const sim::Time t = s->next_after(from);
      CHECK(t > from);
      if (t != sim::kNever) CHECK(s->next_after(t) > t);
    }
  }
  CHECK(parsed > 100);
}
