#include "models/duration_text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <limits>
#include <optional>

namespace drsim::models {
namespace {

// Exact intermediate arithmetic for fractions ("PT0.5S"): value * unit can exceed 64 bits
// before the division brings it back. __extension__ keeps -Wpedantic quiet about __int128.
__extension__ typedef __int128 Wide;

constexpr std::string_view kDurationHint =
    "expected a duration with units like \"90s\", \"15m\", \"4h\", \"1h30m\" or ISO-8601 \"PT1H30M\"";
constexpr std::string_view kInstantHint =
    "expected an ISO-8601 instant like \"2026-03-10T14:20:00Z\" or \"2026-03-10T16:20:00+02:00\"";
constexpr std::string_view kWindowHint = "expected a daily window \"hh:mm-hh:mm\" like \"03:00-03:30\"";

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
char to_upper(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c; }

// A character quoted for a message; bytes outside printable ASCII are shown as hex.
std::string quoted(char c) {
  const auto u = static_cast<unsigned char>(c);
  if (u >= 0x20 && u < 0x7f) return fmt::format("'{}'", c);
  return fmt::format("byte 0x{:02x}", u);
}

std::string duration_error(std::string_view problem, std::string_view text) {
  return fmt::format("{} in \"{}\"; {}", problem, text, kDurationHint);
}

// One <number><unit> part of a duration. Units are listed from largest to smallest, so a
// unit's index doubles as its rank for the "decreasing order" rule.
struct Unit {
  std::string_view name;
  sim::Duration ms;
};

constexpr std::array<Unit, 5> kShortUnits = {
    {{"d", sim::kDay}, {"h", sim::kHour}, {"m", sim::kMinute}, {"s", sim::kSecond}, {"ms", 1}}};
constexpr std::array<Unit, 2> kIsoDateUnits = {{{"W", 7 * sim::kDay}, {"D", sim::kDay}}};
constexpr std::array<Unit, 3> kIsoTimeUnits = {{{"H", sim::kHour}, {"M", sim::kMinute}, {"S", sim::kSecond}}};

struct Number {
  std::string_view whole;
  std::string_view fraction;  // without trailing zeros
  bool has_fraction = false;
};

// Reads digits [ ('.' | ',') digits ] at pos. Returns false (pos unmoved) without a leading digit.
bool read_number(std::string_view s, std::size_t& pos, bool comma_ok, Number& n) {
  const std::size_t start = pos;
  while (pos < s.size() && is_digit(s[pos])) ++pos;
  if (pos == start) return false;
  n.whole = s.substr(start, pos - start);
  if (pos + 1 < s.size() && (s[pos] == '.' || (comma_ok && s[pos] == ',')) && is_digit(s[pos + 1])) {
    const std::size_t f = ++pos;
    while (pos < s.size() && is_digit(s[pos])) ++pos;
    std::string_view frac = s.substr(f, pos - f);
    while (!frac.empty() && frac.back() == '0') frac.remove_suffix(1);
    n.fraction = frac;
    n.has_fraction = true;
  }
  return true;
}

// n * unit_ms added to total; an error message when too large or not whole milliseconds.
std::optional<std::string> accumulate(const Number& n, sim::Duration unit_ms, Wide& total,
                                      std::string_view text) {
  constexpr Wide kMax = std::numeric_limits<sim::Duration>::max();
  Wide whole = 0;
  for (char c : n.whole) {
    whole = whole * 10 + (c - '0');
    if (whole > kMax) return duration_error("value too large", text);
  }
  total += whole * unit_ms;
  if (!n.fraction.empty()) {
    // A fraction that survives trailing-zero removal with more than 12 digits can never be
    // a whole number of ms for units up to a week (their 2- and 5-powers are too small).
    if (n.fraction.size() > 12) return duration_error("not a whole number of milliseconds", text);
    Wide frac = 0;
    Wide scale = 1;
    for (char c : n.fraction) {
      frac = frac * 10 + (c - '0');
      scale *= 10;
    }
    const Wide scaled = frac * unit_ms;
    if (scaled % scale != 0) return duration_error("not a whole number of milliseconds", text);
    total += scaled / scale;
  }
  if (total > kMax) return duration_error("value too large", text);
  return std::nullopt;
}

// Parses "<number><unit>" parts from `units` (largest first, each at most once) at pos,
// while a digit follows. ISO designators are single case-insensitive letters, so "1H30M"
// splits into H and M; `calendar_letters` are ISO designators refused for having no fixed
// length. `had_fraction` carries across calls: only the very last part may have a fraction.
// Returns the number of parts read.
template <std::size_t N>
std::variant<int, std::string> read_parts(std::string_view s, std::size_t& pos,
                                          const std::array<Unit, N>& units, bool iso,
                                          std::string_view calendar_letters, bool& had_fraction,
                                          Wide& total) {
  int parts = 0;
  std::size_t next_rank = 0;  // units before this index are used up or skipped
  while (pos < s.size() && is_digit(s[pos])) {
    if (had_fraction) return duration_error("a fraction is only allowed in the last part", s);
    Number n;
    read_number(s, pos, iso, n);
    const std::size_t unit_start = pos;
    while (pos < s.size() && is_alpha(s[pos])) ++pos;
    if (iso && pos > unit_start) pos = unit_start + 1;
    const std::string_view unit = s.substr(unit_start, pos - unit_start);
    if (unit.empty()) {
      if (unit_start == s.size() && parts == 0 && !iso) {
        return fmt::format("\"{}\" has no unit (units are never guessed); {}", s, kDurationHint);
      }
      if (unit_start == s.size()) return duration_error(fmt::format("missing unit after \"{}\"", n.whole), s);
      return duration_error(fmt::format("unexpected {}", quoted(s[unit_start])), s);
    }
    std::size_t rank = N;
    for (std::size_t i = 0; i < N; ++i) {
      if (iso ? to_upper(unit[0]) == units[i].name[0] : unit == units[i].name) rank = i;
    }
    if (rank == N) {
      if (!iso) return duration_error(fmt::format("unknown unit \"{}\"", unit), s);
      if (calendar_letters.find(to_upper(unit[0])) != std::string_view::npos) {
        return duration_error("years and months have no fixed length (use days, e.g. \"P30D\")", s);
      }
      return duration_error(fmt::format("unexpected {}", quoted(unit[0])), s);
    }
    if (rank < next_rank)
      return duration_error("units must go from largest to smallest, each at most once", s);
    next_rank = rank + 1;
    if (auto err = accumulate(n, units[rank].ms, total, s)) return *err;
    had_fraction = n.has_fraction;
    ++parts;
  }
  return parts;
}

std::variant<sim::Duration, std::string> parse_iso_duration(std::string_view text) {
  Wide total = 0;
  bool had_fraction = false;
  std::size_t pos = 1;  // after 'P'
  auto date_parts = read_parts(text, pos, kIsoDateUnits, true, "YM", had_fraction, total);
  if (auto* err = std::get_if<std::string>(&date_parts)) return *err;
  int parts = std::get<int>(date_parts);
  if (pos < text.size() && to_upper(text[pos]) == 'T') {
    ++pos;
    auto time_parts = read_parts(text, pos, kIsoTimeUnits, true, "", had_fraction, total);
    if (auto* err = std::get_if<std::string>(&time_parts)) return *err;
    if (std::get<int>(time_parts) == 0)
      return duration_error("expected hours, minutes or seconds after 'T'", text);
    parts += std::get<int>(time_parts);
  }
  if (pos < text.size()) return duration_error(fmt::format("unexpected {}", quoted(text[pos])), text);
  if (parts == 0) return duration_error("no duration after 'P'", text);
  return static_cast<sim::Duration>(total);
}

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
constexpr std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

struct Civil {
  std::int64_t year;
  unsigned month;
  unsigned day;
};

constexpr Civil civil_from_days(std::int64_t z) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return Civil{static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2), m, d};
}

unsigned last_day_of_month(std::int64_t y, unsigned m) {
  static constexpr std::array<unsigned, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : kDays[m - 1];
}

// Reads exactly `width` digits at pos.
std::optional<int> fixed_digits(std::string_view s, std::size_t& pos, std::size_t width) {
  if (s.size() - pos < width) return std::nullopt;
  int v = 0;
  for (std::size_t i = 0; i < width; ++i) {
    if (!is_digit(s[pos + i])) return std::nullopt;
    v = v * 10 + (s[pos + i] - '0');
  }
  pos += width;
  return v;
}

bool take(std::string_view s, std::size_t& pos, char c) {
  if (pos < s.size() && to_upper(s[pos]) == c) {
    ++pos;
    return true;
  }
  return false;
}

}  // namespace

std::variant<sim::Duration, std::string> parse_duration(std::string_view text) {
  if (text.empty()) return fmt::format("empty text; {}", kDurationHint);
  if (text[0] == '-') return duration_error("durations can't be negative", text);
  if (text[0] == '+') return duration_error("unexpected '+'", text);
  if (to_upper(text[0]) == 'P') return parse_iso_duration(text);
  if (!is_digit(text[0])) {
    return duration_error(fmt::format("expected a number at the start, found {}", quoted(text[0])), text);
  }
  Wide total = 0;
  bool had_fraction = false;
  std::size_t pos = 0;
  auto parts = read_parts(text, pos, kShortUnits, false, "", had_fraction, total);
  if (auto* err = std::get_if<std::string>(&parts)) return *err;
  if (pos < text.size()) return duration_error(fmt::format("unexpected {}", quoted(text[pos])), text);
  return static_cast<sim::Duration>(total);
}

std::variant<std::int64_t, std::string> parse_instant_unix_ms(std::string_view text) {
  const auto fail = [&](std::string_view problem) {
    return fmt::format("{} in \"{}\"; {}", problem, text, kInstantHint);
  };
  std::size_t pos = 0;
  const auto year = fixed_digits(text, pos, 4);
  if (!year || !take(text, pos, '-')) return fail("expected a four-digit year and '-'");
  const auto month = fixed_digits(text, pos, 2);
  if (!month || !take(text, pos, '-')) return fail("expected a two-digit month and '-'");
  const auto day = fixed_digits(text, pos, 2);
  if (!day) return fail("expected a two-digit day");
  if (!take(text, pos, 'T')) return fail("expected 'T' between the date and the time");
  const auto hour = fixed_digits(text, pos, 2);
  if (!hour || !take(text, pos, ':')) return fail("expected a two-digit hour and ':'");
  const auto minute = fixed_digits(text, pos, 2);
  if (!minute) return fail("expected two-digit minutes");
  std::optional<int> second = 0;
  const bool has_seconds = take(text, pos, ':');
  if (has_seconds) {
    second = fixed_digits(text, pos, 2);
    if (!second) return fail("expected two-digit seconds");
  }
  int millis = 0;
  if (has_seconds && take(text, pos, '.')) {  // a fraction belongs to the seconds only
    const std::size_t start = pos;
    while (pos < text.size() && is_digit(text[pos])) ++pos;
    const std::string_view frac = text.substr(start, pos - start);
    if (frac.empty()) return fail("expected digits after '.'");
    for (std::size_t i = 0; i < 3; ++i) millis = millis * 10 + (i < frac.size() ? frac[i] - '0' : 0);
    for (std::size_t i = 3; i < frac.size(); ++i) {
      if (frac[i] != '0') return fail("more than millisecond precision");
    }
  }
  std::int64_t offset_minutes = 0;
  if (!take(text, pos, 'Z')) {
    if (pos >= text.size() || (text[pos] != '+' && text[pos] != '-')) {
      return fail("expected 'Z' or an offset like +02:00 after the time");
    }
    const int sign = text[pos] == '-' ? -1 : 1;
    ++pos;
    const auto oh = fixed_digits(text, pos, 2);
    if (!oh || !take(text, pos, ':')) return fail("expected an offset like +02:00");
    const auto om = fixed_digits(text, pos, 2);
    if (!om) return fail("expected an offset like +02:00");
    if (*oh > 23 || *om > 59) return fail("offset out of range");
    offset_minutes = sign * (*oh * 60 + *om);
  }
  if (pos != text.size()) return fail(fmt::format("unexpected {} after the instant", quoted(text[pos])));

  if (*month < 1 || *month > 12) return fail(fmt::format("month {:02} out of range 01-12", *month));
  const unsigned last = last_day_of_month(*year, static_cast<unsigned>(*month));
  if (*day < 1 || static_cast<unsigned>(*day) > last) {
    return fail(fmt::format("day {:02} out of range 01-{} for {:04}-{:02}", *day, last, *year, *month));
  }
  if (*hour > 23) return fail(fmt::format("hour {:02} out of range 00-23", *hour));
  if (*minute > 59) return fail(fmt::format("minute {:02} out of range 00-59", *minute));
  if (*second > 59) return fail(fmt::format("second {:02} out of range 00-59", *second));

  const std::int64_t days =
      days_from_civil(*year, static_cast<unsigned>(*month), static_cast<unsigned>(*day));
  return days * sim::kDay + *hour * sim::kHour + *minute * sim::kMinute + *second * sim::kSecond + millis -
         offset_minutes * sim::kMinute;
}

std::string format_duration(sim::Duration d) {
  // The magnitude as unsigned, so that the most negative value has one too.
  const std::uint64_t mag =
      d < 0 ? std::uint64_t{0} - static_cast<std::uint64_t>(d) : static_cast<std::uint64_t>(d);
  if (mag == 0) return "0s";
  struct Shown {
    const char* suffix;
    std::uint64_t ms;
    int width;  // digits when shown after a larger unit
  };
  static constexpr std::array<Shown, 5> kUnits = {{{"d", sim::kDay, 0},
                                                   {"h", sim::kHour, 2},
                                                   {"m", sim::kMinute, 2},
                                                   {"s", sim::kSecond, 2},
                                                   {"ms", 1, 3}}};
  std::size_t top = 0;
  while (mag < kUnits[top].ms) ++top;
  // From an hour up, every unit down to the minute (exact to the minute); below an hour, the
  // two largest units (minutes and seconds: exact to the second; seconds and milliseconds).
  const std::size_t last = kUnits[top].ms >= sim::kHour ? 2 : std::min<std::size_t>(top + 1, kUnits.size() - 1);
  // Zero units at the end are left out; zero units between shown ones are written ("1d00h30m").
  std::size_t shown_to = top;
  for (std::size_t i = top + 1; i <= last; ++i)
    if (mag % kUnits[i - 1].ms / kUnits[i].ms != 0) shown_to = i;
  std::string out = d < 0 ? "-" : "";
  out += fmt::format("{}{}", mag / kUnits[top].ms, kUnits[top].suffix);
  for (std::size_t i = top + 1; i <= shown_to; ++i)
    out += fmt::format("{:0{}}{}", mag % kUnits[i - 1].ms / kUnits[i].ms, kUnits[i].width, kUnits[i].suffix);
  return out;
}

std::string format_instant(std::int64_t unix_ms) {
  // Floor division written so that it cannot overflow at the int64 extremes.
  std::int64_t days = unix_ms / sim::kDay;
  std::int64_t ms_of_day = unix_ms % sim::kDay;
  if (ms_of_day < 0) {
    ms_of_day += sim::kDay;
    --days;
  }
  const Civil c = civil_from_days(days);
  const std::int64_t h = ms_of_day / sim::kHour;
  const std::int64_t m = ms_of_day % sim::kHour / sim::kMinute;
  const std::int64_t s = ms_of_day % sim::kMinute / sim::kSecond;
  const std::int64_t ms = ms_of_day % sim::kSecond;
  std::string out = fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}", c.year, c.month, c.day, h, m, s);
  if (ms != 0) out += fmt::format(".{:03}", ms);
  out += 'Z';
  return out;
}

std::variant<std::pair<int, int>, std::string> parse_time_window(std::string_view text) {
  const auto fail = [&](std::string_view problem) {
    return fmt::format("{} in \"{}\"; {}", problem, text, kWindowHint);
  };
  std::size_t pos = 0;
  std::array<int, 2> minutes{};
  for (std::size_t i = 0; i < 2; ++i) {
    if (i == 1 && !take(text, pos, '-')) return fail("expected '-' between the start and the end");
    const auto h = fixed_digits(text, pos, 2);
    if (!h || !take(text, pos, ':')) return fail("expected a two-digit hour and ':'");
    const auto m = fixed_digits(text, pos, 2);
    if (!m) return fail("expected two-digit minutes");
    if (*h > 23) return fail(fmt::format("hour {:02} out of range 00-23", *h));
    if (*m > 59) return fail(fmt::format("minute {:02} out of range 00-59", *m));
    minutes[i] = *h * 60 + *m;
  }
  if (pos != text.size()) return fail(fmt::format("unexpected {} after the window", quoted(text[pos])));
  if (minutes[0] == minutes[1]) return fail("the window is empty (start equals end)");
  return std::pair<int, int>{minutes[0], minutes[1]};
}

std::variant<int, std::string> parse_time_of_day(std::string_view text) {
  std::size_t pos = 0;
  const auto h = fixed_digits(text, pos, 2);
  if (!h || !take(text, pos, ':')) return fmt::format("expected \"hh:mm\" (UTC), e.g. \"09:00\", in \"{}\"", text);
  const auto m = fixed_digits(text, pos, 2);
  if (!m || pos != text.size()) return fmt::format("expected \"hh:mm\" (UTC), e.g. \"09:00\", in \"{}\"", text);
  if (*h > 23) return fmt::format("hour {:02} out of range 00-23 in \"{}\"", *h, text);
  if (*m > 59) return fmt::format("minute {:02} out of range 00-59 in \"{}\"", *m, text);
  return *h * 60 + *m;
}

}  // namespace drsim::models
