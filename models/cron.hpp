#pragma once
// AWS cron schedules, as written in AWS Backup `ScheduleExpression` and EventBridge rules:
//
//   cron(minutes hours day-of-month month day-of-week year)      e.g. "cron(0 5 ? * * *)"
//
//   minutes 0-59, hours 0-23, day-of-month 1-31, month 1-12 or JAN-DEC,
//   day-of-week 1-7 or SUN-SAT (1 = SUN), year 1970-2199. Names are case-insensitive.
//   Every field takes `*`, values, `a-b` ranges, `,` lists and `/` steps (`0/15`, `*/5`,
//   `10-50/10`); a range whose start is after its end wraps around (`FRI-MON`, `22-2`) except
//   in the year field. Day fields add: `?` (no constraint; exactly one of day-of-month and
//   day-of-week must be `?`, as AWS requires), `L` (day-of-month: last day of the month;
//   day-of-week: alone it means 7/SAT, `5L` is the last Thursday of the month), `15W` (the
//   weekday nearest the 15th, never crossing into another month: a Saturday 1st moves to
//   Monday 3rd, a Sunday 31st to Friday 29th), `LW` (last weekday of the month) and `3#2`
//   (second Tuesday of the month, 1-5). A `W` day the month does not have (31W in April)
//   does not fire that month, like a plain 31.
//   The expression may be given bare (the six fields) or wrapped as `cron(...)`.
//
// Time zones: fields are matched against wall-clock time in the bound IANA zone (UTC when
// the zone is empty, "UTC" or "Etc/UTC"). Daylight-saving transitions:
//   * a local time that does not exist (spring-forward gap) fires at the first instant after
//     the gap, e.g. 02:30 on 2026-03-08 in America/New_York fires at 03:00 EDT = 07:00Z;
//   * an ambiguous local time (fall-back overlap) fires once, at its first occurrence (the
//     earlier UTC instant), e.g. 01:30 on 2026-11-01 in America/New_York fires at
//     01:30 EDT = 05:30Z only;
//   * several local times that land on the same instant (02:00, 02:30 and 03:00 on a
//     spring-forward day) fire once.
// Zone rules come from the system tz database (/usr/share/zoneinfo). Its compiled files list
// explicit transitions only up to 2037; later instants use the last listed offset.
//
// A CronSchedule is a few bitsets plus a zone pointer and is cheap to copy. Parsing never
// throws: every problem comes back as a CronError naming the 0-based column in the text.
#include <bitset>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "sim/time.hpp"

namespace date {
class time_zone;
}

namespace drsim::models {

struct CronError {
  std::string message;  // what was expected, e.g. "minutes field: value 75 out of range 0-59"
  std::size_t column;   // 0-based offset into the expression text where the problem is
};

class CronSchedule {
 public:
  // Parses `expression` and binds `time_zone` (empty, "UTC" or "Etc/UTC" mean UTC).
  // `epoch_unix_ms` is the wall-clock instant (ms since 1970-01-01T00:00:00Z) of simulation
  // time 0. An unknown zone gives CronError{"unknown time zone \"X\"", 0}.
  static std::variant<CronSchedule, CronError> parse(std::string_view expression, std::string_view time_zone,
                                                     std::int64_t epoch_unix_ms);

  // First firing instant strictly after t (simulation ms), or sim::kNever if there is none
  // up to the end of year 2199.
  sim::Time next_after(sim::Time t) const;

  // Appends every firing instant in [from, to) to `out`, in increasing order.
  void fire_times(sim::Time from, sim::Time to, std::vector<sim::Time>& out) const;

  // True when the minutes field names more than one minute, so that the schedule fires
  // more than once in some hour (AWS Backup rules run at most hourly).
  bool fires_more_than_hourly() const;

  // The expression as given (surrounding whitespace removed).
  const std::string& text() const { return text_; }

  // A short description such as "every 4 hours at minute 0, every day (UTC)".
  std::string describe() const;

 private:
  CronSchedule() = default;

  // The days of the given month that fire (bit d = day d), with all day rules applied.
  std::uint32_t matching_days(int year, unsigned month) const;
  // Walks firing instants (unix ms) strictly after `after_unix_ms`, in order and without
  // repeats, calling `emit` until it returns false or the year range ends.
  template <class Emit>
  void walk(std::int64_t after_unix_ms, Emit&& emit) const;

  std::string text_;
  const date::time_zone* zone_ = nullptr;  // nullptr = UTC
  std::int64_t epoch_unix_ms_ = 0;

  std::uint64_t minutes_ = 0;  // bit m, 0-59
  std::uint32_t hours_ = 0;    // bit h, 0-23
  std::uint16_t months_ = 0;   // bit m, 1-12
  std::bitset<230> years_;     // bit y - 1970

  // Day-of-month rules (used when day-of-week is `?`).
  bool dom_any_ = false;              // the field is `?`
  std::uint32_t dom_days_ = 0;        // bit d, 1-31
  std::uint32_t dom_nearest_wd_ = 0;  // bit d for `dW`
  bool dom_last_ = false;             // `L`
  bool dom_last_weekday_ = false;     // `LW`

  // Day-of-week rules (used when day-of-month is `?`); weekday bits 0 = SUN .. 6 = SAT.
  bool dow_any_ = false;          // the field is `?`
  std::uint8_t dow_days_ = 0;     // plain weekdays
  std::uint8_t dow_last_ = 0;     // `dL`: last such weekday of the month
  std::uint8_t dow_nth_[7] = {};  // `d#n`: bit n-1 of dow_nth_[d] for the n-th, n 1-5
};

}  // namespace drsim::models
