#include "models/cron.hpp"

#include <date/date.h>
#include <date/tz.h>
#include <fmt/format.h>

#include <array>
#include <bit>
#include <chrono>
#include <exception>
#include <limits>
#include <optional>
#include <utility>

namespace drsim::models {
namespace {

constexpr int kFirstYear = 1970;
constexpr int kLastYear = 2199;

enum FieldIndex : int { kMinutes, kHours, kDayOfMonth, kMonth, kDayOfWeek, kYear, kFieldCount };

struct FieldSpec {
  const char* name;
  int min;
  int max;
};

constexpr std::array<FieldSpec, kFieldCount> kSpecs = {{
    {"minutes", 0, 59},
    {"hours", 0, 23},
    {"day-of-month", 1, 31},
    {"month", 1, 12},
    {"day-of-week", 1, 7},
    {"year", kFirstYear, kLastYear},
}};

constexpr std::array<std::string_view, 12> kMonthNames = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN",
                                                          "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
constexpr std::array<std::string_view, 7> kDayNames = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};

constexpr const char* kFieldsHint = "minutes hours day-of-month month day-of-week year";

// ASCII-only classification: <cctype> is locale-dependent and undefined for negative chars.
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
char to_upper(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c; }

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (to_upper(a[i]) != to_upper(b[i])) return false;
  }
  return true;
}

// A character quoted for an error message; bytes outside printable ASCII are shown as hex.
std::string quote_char(char c) {
  const auto u = static_cast<unsigned char>(c);
  if (u >= 0x20 && u < 0x7f) return fmt::format("'{}'", c);
  return fmt::format("byte 0x{:02x}", u);
}

// Everything a field can say. Plain values are kept as bits (value - field min) so the
// year field's 230 values fit too; the day fields add their special forms.
struct ParsedField {
  std::bitset<230> values;
  bool question = false;
  bool last = false;                  // day-of-month `L`
  bool last_weekday = false;          // day-of-month `LW`
  std::uint32_t nearest = 0;          // day-of-month `dW`, bit d
  std::uint8_t weekday_last = 0;      // day-of-week `dL`, bit (d - 1)
  std::array<std::uint8_t, 7> nth{};  // day-of-week `d#n`, bit (n - 1) of nth[d - 1]
};

// Parses one whitespace-free field. Columns in errors are offsets into the whole expression.
class FieldParser {
 public:
  FieldParser(int field, std::string_view text, std::size_t column)
      : field_(field), spec_(kSpecs[static_cast<std::size_t>(field)]), s_(text), base_(column) {}

  std::optional<CronError> parse(ParsedField& out) {
    if (s_ == "?") {
      if (field_ == kDayOfMonth || field_ == kDayOfWeek) {
        out.question = true;
        return std::nullopt;
      }
      return fail(0, "'?' is only allowed in the day-of-month or day-of-week field");
    }
    while (true) {
      if (auto err = parse_item(out)) return err;
      if (pos_ == s_.size()) return std::nullopt;
      ++pos_;  // parse_item stops only at the end or at ','
    }
  }

 private:
  char peek() const { return pos_ < s_.size() ? s_[pos_] : '\0'; }
  bool at_item_end() const { return pos_ == s_.size() || s_[pos_] == ','; }

  CronError fail(std::size_t pos, std::string what) const {
    return CronError{fmt::format("{} field: {}", spec_.name, what), base_ + pos};
  }

  // What a value may look like in this field, for "expected ..." messages.
  std::string value_hint() const {
    if (field_ == kMonth) return "a month 1-12 or JAN-DEC";
    if (field_ == kDayOfWeek) return "a day 1-7 or SUN-SAT (1 = SUN)";
    return fmt::format("a number {}-{}", spec_.min, spec_.max);
  }

  std::string found_here() const {
    return pos_ == s_.size() ? std::string("end of field") : quote_char(s_[pos_]);
  }

  std::optional<CronError> expect_item_end() const {
    if (at_item_end()) return std::nullopt;
    return fail(pos_,
                fmt::format("unexpected {}; expected ',' or the end of the field", quote_char(s_[pos_])));
  }

  // Reads a run of digits at the cursor; nullopt (cursor unmoved) when there is none.
  // Values too long to matter are reported as out of range by the caller via `text`.
  std::optional<int> read_digits(std::string_view& text) {
    const std::size_t start = pos_;
    while (pos_ < s_.size() && is_digit(s_[pos_])) ++pos_;
    text = s_.substr(start, pos_ - start);
    if (text.empty()) return std::nullopt;
    if (text.size() > 6) return std::numeric_limits<int>::max();
    int v = 0;
    for (char c : text) v = v * 10 + (c - '0');
    return v;
  }

  // Reads a value (a number, or a three-letter name in the month/day-of-week fields).
  std::optional<CronError> read_value(int& value) {
    const std::size_t start = pos_;
    std::string_view digits;
    if (auto v = read_digits(digits)) {
      if (*v < spec_.min || *v > spec_.max) {
        return fail(start, fmt::format("value {} out of range {}-{}", digits, spec_.min, spec_.max));
      }
      value = *v;
      return std::nullopt;
    }
    if (is_alpha(peek())) {
      std::size_t end = pos_;
      while (end < s_.size() && is_alpha(s_[end])) ++end;
      std::string_view run = s_.substr(pos_, end - pos_);
      // `FRIL` is FRI followed by the `L` suffix, so a name is always exactly three letters.
      const bool named_field = field_ == kMonth || field_ == kDayOfWeek;
      if (named_field && run.size() >= 3 &&
          (run.size() == 3 || (field_ == kDayOfWeek && run.size() == 4 && to_upper(run[3]) == 'L'))) {
        const std::string_view name = run.substr(0, 3);
        if (field_ == kMonth) {
          for (std::size_t i = 0; i < kMonthNames.size(); ++i) {
            if (iequals(name, kMonthNames[i])) {
              value = static_cast<int>(i) + 1;
              pos_ += 3;
              return std::nullopt;
            }
          }
        } else {
          for (std::size_t i = 0; i < kDayNames.size(); ++i) {
            if (iequals(name, kDayNames[i])) {
              value = static_cast<int>(i) + 1;
              pos_ += 3;
              return std::nullopt;
            }
          }
        }
      }
      if (named_field) {
        return fail(start, fmt::format("unknown name \"{}\"; expected {}", run, value_hint()));
      }
      return fail(start, fmt::format("expected {}, found \"{}\"", value_hint(), run));
    }
    return fail(start, fmt::format("expected {}, found {}", value_hint(), found_here()));
  }

  // Reads the number after '/'.
  std::optional<CronError> read_step(int& step) {
    const std::size_t start = pos_;
    // Largest useful step: one that still reaches a second value of the field.
    const int limit = spec_.min == 0 ? spec_.max : spec_.max - spec_.min + 1;
    std::string_view digits;
    auto v = read_digits(digits);
    if (!v) return fail(start, fmt::format("expected a step 1-{} after '/', found {}", limit, found_here()));
    if (*v < 1 || *v > limit) {
      return fail(start, fmt::format("step {} out of range 1-{}", digits, limit));
    }
    step = *v;
    return std::nullopt;
  }

  // Adds lo..hi every `step`; a range with lo > hi wraps past the field maximum.
  std::optional<CronError> add_range(ParsedField& out, int lo, int hi, int step, std::size_t item_pos) {
    const int span = spec_.max - spec_.min + 1;
    int count = hi - lo + 1;
    if (lo > hi) {
      if (field_ == kYear) {
        return fail(item_pos, fmt::format("range {}-{} runs backwards; years do not wrap around", lo, hi));
      }
      count += span;
    }
    for (int i = 0; i < count; i += step) {
      int v = lo + i;
      if (v > spec_.max) v -= span;
      out.values.set(static_cast<std::size_t>(v - spec_.min));
    }
    return std::nullopt;
  }

  std::optional<CronError> parse_item(ParsedField& out) {
    const std::size_t item_pos = pos_;
    if (at_item_end()) {
      return fail(pos_, fmt::format("expected {} before {}", value_hint(), found_here()));
    }
    const char first = to_upper(peek());
    if (first == '?') {
      return fail(pos_, field_ == kDayOfMonth || field_ == kDayOfWeek
                            ? "'?' must be the whole field"
                            : "'?' is only allowed in the day-of-month or day-of-week field");
    }
    if (first == '#') return fail(pos_, "'#' must follow a day of the week, as in 3#2");
    if (first == 'W' && field_ != kDayOfWeek) {  // in day-of-week it may start WED
      return fail(pos_, field_ == kDayOfMonth ? "'W' must follow a day of the month, as in 15W"
                                              : "'W' is only allowed in the day-of-month field, as in 15W");
    }

    // `L` and `LW` on their own. No month or day name starts with L, so no ambiguity.
    if (first == 'L') {
      std::size_t end = pos_;
      while (end < s_.size() && is_alpha(s_[end])) ++end;
      const std::string_view run = s_.substr(pos_, end - pos_);
      if (iequals(run, "L") || iequals(run, "LW")) {
        const bool lw = run.size() == 2;
        if (field_ == kDayOfMonth) {
          (lw ? out.last_weekday : out.last) = true;
        } else if (field_ == kDayOfWeek && !lw) {
          out.values.set(6);  // `L` alone in day-of-week is the last day of the week, SAT
        } else if (lw) {
          return fail(pos_, "'LW' is only allowed in the day-of-month field");
        } else {
          return fail(pos_, "'L' is only allowed in the day-of-month or day-of-week field");
        }
        pos_ = end;
        if (!at_item_end() && peek() == '-') {
          return fail(pos_, "offsets from the last day (L-3) are not supported by AWS cron");
        }
        return expect_item_end();
      }
    }

    int lo = spec_.min;
    int hi = spec_.max;
    int step = 1;
    if (first == '*') {
      ++pos_;
      if (peek() == '/') {
        ++pos_;
        if (auto err = read_step(step)) return err;
      }
      if (auto err = expect_item_end()) return err;
      return add_range(out, lo, hi, step, item_pos);
    }

    int value = 0;
    if (auto err = read_value(value)) return err;
    const char suffix = to_upper(peek());
    if (suffix == 'W') {
      if (field_ != kDayOfMonth)
        return fail(pos_, "'W' is only allowed in the day-of-month field, as in 15W");
      ++pos_;
      out.nearest |= 1u << value;
      return expect_item_end();
    }
    if (suffix == 'L') {
      if (field_ != kDayOfWeek) {
        return fail(pos_, field_ == kDayOfMonth
                              ? "'L' must stand alone in the day-of-month field"
                              : "'L' is only allowed in the day-of-month or day-of-week field");
      }
      ++pos_;
      out.weekday_last |= static_cast<std::uint8_t>(1u << (value - 1));
      return expect_item_end();
    }
    if (suffix == '#') {
      if (field_ != kDayOfWeek) return fail(pos_, "'#' is only allowed in the day-of-week field, as in 3#2");
      ++pos_;
      const std::size_t n_pos = pos_;
      std::string_view digits;
      auto n = read_digits(digits);
      if (!n) return fail(n_pos, fmt::format("expected a week number 1-5 after '#', found {}", found_here()));
      if (*n < 1 || *n > 5)
        return fail(n_pos, fmt::format("week number {} after '#' out of range 1-5", digits));
      out.nth[static_cast<std::size_t>(value - 1)] |= static_cast<std::uint8_t>(1u << (*n - 1));
      return expect_item_end();
    }

    lo = value;
    hi = value;
    if (suffix == '-') {
      ++pos_;
      if (auto err = read_value(hi)) return err;
    }
    if (peek() == '/') {
      ++pos_;
      if (auto err = read_step(step)) return err;
      if (suffix != '-') hi = spec_.max;  // `a/n`: from a to the end of the field
    }
    if (auto err = expect_item_end()) return err;
    return add_range(out, lo, hi, step, item_pos);
  }

  int field_;
  FieldSpec spec_;
  std::string_view s_;
  std::size_t base_;
  std::size_t pos_ = 0;
};

// --- calendar helpers -------------------------------------------------------------------

constexpr std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

std::int64_t days_from_civil(int y, unsigned m, unsigned d) {
  return date::sys_days{date::year{y} / date::month{m} / date::day{d}}.time_since_epoch().count();
}

// Unix ms bounds of the search: before 1970-01-01 local (offsets are under 26 h) nothing can
// match, and after 2200-01-02 nothing can either.
constexpr std::int64_t kSearchStartUnixMs = -2 * sim::kDay;
const std::int64_t kSearchEndUnixMs = (days_from_civil(kLastYear + 1, 1, 2)) * sim::kDay;

bool add_checked(std::int64_t a, std::int64_t b, std::int64_t& out) {
  return !__builtin_add_overflow(a, b, &out);
}
bool sub_checked(std::int64_t a, std::int64_t b, std::int64_t& out) {
  return !__builtin_sub_overflow(a, b, &out);
}

// a + b clamped to the int64 range.
std::int64_t add_saturating(std::int64_t a, std::int64_t b) {
  std::int64_t r = 0;
  if (add_checked(a, b, r)) return r;
  return b > 0 ? std::numeric_limits<std::int64_t>::max() : std::numeric_limits<std::int64_t>::min();
}

// "0-5,10,20-22" from bits [lo, hi], each bit printed through `name`.
template <class Bits, class Name>
std::string list_bits(const Bits& has, int lo, int hi, Name&& name) {
  std::string out;
  for (int v = lo; v <= hi; ++v) {
    if (!has(v)) continue;
    int end = v;
    while (end + 1 <= hi && has(end + 1)) ++end;
    if (!out.empty()) out += ',';
    out += name(v);
    if (end > v) {
      out += end == v + 1 ? ',' : '-';
      out += name(end);
    }
    v = end;
  }
  return out;
}

// If bits [0, max] are exactly start, start+step, ... up to max with step > 1, the step.
int regular_step(std::uint64_t bits, int max, int& start) {
  if (bits == 0) return 0;
  start = std::countr_zero(bits);
  for (int step = 2; step <= max; ++step) {
    std::uint64_t want = 0;
    for (int v = start; v <= max; v += step) want |= std::uint64_t{1} << v;
    if (want == bits) return step;
  }
  return 0;
}

std::string ordinal(int n) {
  static constexpr std::array<const char*, 6> kWords = {"", "1st", "2nd", "3rd", "4th", "5th"};
  return kWords[static_cast<std::size_t>(n)];
}

}  // namespace

std::variant<CronSchedule, CronError> CronSchedule::parse(std::string_view expression,
                                                          std::string_view time_zone,
                                                          std::int64_t epoch_unix_ms) {
  // Trim, keeping track of where the body starts so columns refer to the caller's text.
  std::size_t begin = 0;
  std::size_t end = expression.size();
  while (begin < end && is_space(expression[begin])) ++begin;
  while (end > begin && is_space(expression[end - 1])) --end;
  std::size_t body_begin = begin;
  std::size_t body_end = end;
  const std::string_view trimmed = expression.substr(begin, end - begin);
  if (trimmed.size() >= 5 && iequals(trimmed.substr(0, 5), "rate(")) {
    return CronError{fmt::format("rate(...) is not a cron expression; expected cron({})", kFieldsHint),
                     begin};
  }
  if (trimmed.size() >= 5 && iequals(trimmed.substr(0, 5), "cron(")) {
    if (trimmed.back() != ')') {
      return CronError{"expected ')' closing \"cron(\" at the end of the expression", end};
    }
    body_begin = begin + 5;
    body_end = end - 1;
  }

  // Split into whitespace-separated fields, remembering each field's column.
  struct Piece {
    std::string_view text;
    std::size_t column;
  };
  std::array<Piece, kFieldCount> pieces{};
  std::size_t count = 0;
  for (std::size_t i = body_begin; i < body_end;) {
    if (is_space(expression[i])) {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < body_end && !is_space(expression[j])) ++j;
    if (count == kFieldCount) {
      return CronError{fmt::format("expected 6 fields ({}), found more", kFieldsHint), i};
    }
    pieces[count++] = Piece{expression.substr(i, j - i), i};
    i = j;
  }
  if (count < kFieldCount) {
    return CronError{fmt::format("expected 6 fields ({}), found {}", kFieldsHint, count), body_end};
  }

  std::array<ParsedField, kFieldCount> fields{};
  for (int f = 0; f < kFieldCount; ++f) {
    const auto& piece = pieces[static_cast<std::size_t>(f)];
    FieldParser parser(f, piece.text, piece.column);
    if (auto err = parser.parse(fields[static_cast<std::size_t>(f)])) return *err;
  }
  const auto& dom = fields[kDayOfMonth];
  const auto& dow = fields[kDayOfWeek];
  if (!dom.question && !dow.question) {
    return CronError{
        "you can't specify the Day-of-month and Day-of-week fields in the same cron expression; "
        "use '?' in one of them",
        pieces[kDayOfWeek].column};
  }
  if (dom.question && dow.question) {
    return CronError{"day-of-month and day-of-week can't both be '?'; give days in one of them",
                     pieces[kDayOfWeek].column};
  }

  CronSchedule s;
  s.text_ = std::string(trimmed);
  s.epoch_unix_ms_ = epoch_unix_ms;
  s.minutes_ = fields[kMinutes].values.to_ullong();
  s.hours_ = static_cast<std::uint32_t>(fields[kHours].values.to_ulong());
  s.months_ = static_cast<std::uint16_t>(fields[kMonth].values.to_ulong() << 1);
  s.years_ = fields[kYear].values;
  s.dom_any_ = dom.question;
  s.dom_days_ = static_cast<std::uint32_t>(dom.values.to_ulong() << 1);
  s.dom_nearest_wd_ = dom.nearest;
  s.dom_last_ = dom.last;
  s.dom_last_weekday_ = dom.last_weekday;
  s.dow_any_ = dow.question;
  s.dow_days_ = static_cast<std::uint8_t>(dow.values.to_ulong());
  s.dow_last_ = dow.weekday_last;
  for (std::size_t i = 0; i < 7; ++i) s.dow_nth_[i] = dow.nth[i];

  if (!(time_zone.empty() || time_zone == "UTC" || time_zone == "Etc/UTC")) {
    try {
      s.zone_ = date::locate_zone(std::string(time_zone));
      // Load the zone's rules now, so a damaged zone file fails here and not mid-run.
      (void)s.zone_->get_info(date::sys_seconds{});
    } catch (const std::exception&) {
      return CronError{fmt::format("unknown time zone \"{}\"", time_zone), 0};
    }
  }
  return s;
}

std::uint32_t CronSchedule::matching_days(int year, unsigned month) const {
  const date::year_month y_m{date::year{year}, date::month{month}};
  const auto last_day = static_cast<unsigned>((y_m / date::last).day());
  const unsigned first_weekday = date::weekday{date::sys_days{y_m / 1}}.c_encoding();  // 0 = SUN
  const auto weekday_of = [&](unsigned d) { return (first_weekday + d - 1) % 7; };
  const std::uint32_t valid = ((std::uint32_t{1} << last_day) - 1) << 1;  // bits 1..last_day

  std::uint32_t days = 0;
  if (dow_any_) {  // day-of-month rules
    days = dom_days_ & valid;
    if (dom_last_) days |= std::uint32_t{1} << last_day;
    if (dom_last_weekday_) {
      unsigned d = last_day;
      if (weekday_of(d) == 6) d -= 1;  // SAT -> FRI
      if (weekday_of(d) == 0) d -= 2;  // SUN -> FRI
      days |= std::uint32_t{1} << d;
    }
    for (std::uint32_t w = dom_nearest_wd_ & valid; w != 0; w &= w - 1) {
      const auto n = static_cast<unsigned>(std::countr_zero(w));
      unsigned d = n;
      // The nearest weekday, staying inside the month: SAT 1st -> MON 3rd, SUN last -> FRI.
      if (weekday_of(n) == 6) d = n == 1 ? 3 : n - 1;
      if (weekday_of(n) == 0) d = n == last_day ? n - 2 : n + 1;
      days |= std::uint32_t{1} << d;
    }
  } else {  // day-of-week rules
    for (unsigned d = 1; d <= last_day; ++d) {
      const unsigned w = weekday_of(d);
      const unsigned week = (d - 1) / 7;  // 0 for the first such weekday of the month
      if (((dow_days_ >> w) & 1u) || ((dow_nth_[w] >> week) & 1u) ||
          (((dow_last_ >> w) & 1u) && d + 7 > last_day)) {
        days |= std::uint32_t{1} << d;
      }
    }
  }
  return days;
}

template <class Emit>
void CronSchedule::walk(std::int64_t after_unix_ms, Emit&& emit) const {
  if (after_unix_ms >= kSearchEndUnixMs) return;

  // Start one local day early: with a fall-back overlap the local date of `after` can be
  // later than that of an unfired first occurrence. Instants <= after are skipped below.
  std::int64_t start_day = 0;
  if (after_unix_ms > kSearchStartUnixMs) {
    std::int64_t offset_ms = 0;
    if (zone_ != nullptr) {
      const auto info =
          zone_->get_info(date::sys_seconds{std::chrono::seconds{floor_div(after_unix_ms, 1000)}});
      offset_ms = info.offset.count() * 1000;
    }
    start_day = floor_div(after_unix_ms + offset_ms, sim::kDay) - 1;
  }
  const date::year_month_day start{date::sys_days{date::days{start_day}}};
  int y0 = static_cast<int>(start.year());
  unsigned m0 = static_cast<unsigned>(start.month());
  unsigned d0 = static_cast<unsigned>(start.day());
  if (y0 < kFirstYear) {
    y0 = kFirstYear;
    m0 = 1;
    d0 = 1;
  }

  // Whether local times [local_start, local_start + span) all map to UTC with one offset
  // (stored in offset_ms). Where they do, an overlap that starts just after the span is
  // still resolved correctly, since its first occurrence uses this same offset.
  const auto one_offset = [&](std::int64_t local_start, std::int64_t span, std::int64_t& offset_ms) {
    if (zone_ == nullptr) return true;
    const auto info = zone_->get_info(date::local_seconds{std::chrono::seconds{local_start / 1000}});
    offset_ms = info.first.offset.count() * 1000;
    return info.result == date::local_info::unique &&
           (local_start + span - offset_ms) / 1000 <= info.first.end.time_since_epoch().count();
  };

  std::int64_t last = after_unix_ms;
  // Emits one local day's firings; false once `emit` wants no more. Every day but the few
  // with a transition has a single offset; on those the same test is made hour by hour, and
  // only the hour holding the transition is resolved minute by minute.
  const auto run_day = [&](std::int64_t day) {
    const std::int64_t local_midnight = day * sim::kDay;
    std::int64_t day_offset = 0;
    const bool day_uniform = one_offset(local_midnight, sim::kDay, day_offset);
    if (day_uniform && local_midnight + sim::kDay - day_offset <= last) return true;  // all past
    for (std::uint32_t hs = hours_; hs != 0; hs &= hs - 1) {
      const std::int64_t hour_start = local_midnight + std::countr_zero(hs) * sim::kHour;
      std::int64_t offset_ms = day_offset;
      const bool uniform = day_uniform || one_offset(hour_start, sim::kHour, offset_ms);
      if (uniform && hour_start + sim::kHour - offset_ms <= last) continue;
      for (std::uint64_t ms = minutes_; ms != 0; ms &= ms - 1) {
        const std::int64_t local = hour_start + std::countr_zero(ms) * sim::kMinute;
        std::int64_t instant = local - offset_ms;
        if (!uniform) {
          const auto info = zone_->get_info(date::local_seconds{std::chrono::seconds{local / 1000}});
          if (info.result == date::local_info::nonexistent) {
            instant = info.second.begin.time_since_epoch().count() * 1000;  // end of the gap
          } else {
            instant = local - info.first.offset.count() * 1000;  // unique, or first occurrence
          }
        }
        if (instant <= last) continue;  // already past, or the same instant as the previous
        if (!emit(instant)) return false;
        last = instant;
      }
    }
    return true;
  };

  for (int y = y0; y <= kLastYear; ++y) {
    if (!years_.test(static_cast<std::size_t>(y - kFirstYear))) continue;
    for (unsigned m = (y == y0 ? m0 : 1); m <= 12; ++m) {
      if (((months_ >> m) & 1u) == 0) continue;
      std::uint32_t days = matching_days(y, m);
      if (y == y0 && m == m0) days &= ~((std::uint32_t{1} << d0) - 1);  // days before the start
      for (; days != 0; days &= days - 1) {
        const auto d = static_cast<unsigned>(std::countr_zero(days));
        if (!run_day(days_from_civil(y, m, d))) return;
      }
    }
  }
}

sim::Time CronSchedule::next_after(sim::Time t) const {
  const std::int64_t after = add_saturating(t, epoch_unix_ms_);
  sim::Time result = sim::kNever;
  walk(after, [&](std::int64_t instant) {
    if (!sub_checked(instant, epoch_unix_ms_, result)) result = sim::kNever;
    return false;
  });
  return result;
}

bool CronSchedule::fires_more_than_hourly() const { return std::popcount(minutes_) > 1; }

void CronSchedule::fire_times(sim::Time from, sim::Time to, std::vector<sim::Time>& out) const {
  if (from >= to) return;
  const std::int64_t from_unix = add_saturating(from, epoch_unix_ms_);
  const std::int64_t to_unix = add_saturating(to, epoch_unix_ms_);
  const std::int64_t after =
      from_unix == std::numeric_limits<std::int64_t>::min() ? from_unix : from_unix - 1;
  walk(after, [&](std::int64_t instant) {
    sim::Time t = 0;
    if (instant >= to_unix || !sub_checked(instant, epoch_unix_ms_, t) || t >= to) return false;
    if (t >= from) out.push_back(t);
    return true;
  });
}

std::string CronSchedule::describe() const {
  std::string when;
  int minute_start = 0;
  int hour_start = 0;
  const int minute_step = regular_step(minutes_, 59, minute_start);
  const int hour_step = regular_step(hours_, 23, hour_start);
  const bool all_minutes = minutes_ == (std::uint64_t{1} << 60) - 1;
  const bool all_hours = hours_ == (std::uint32_t{1} << 24) - 1;
  const bool one_minute = std::popcount(minutes_) == 1;
  const int minute = std::countr_zero(minutes_);
  const auto number = [](int v) { return std::to_string(v); };
  const std::string hour_list = list_bits([&](int v) { return ((hours_ >> v) & 1u) != 0; }, 0, 23, number);
  std::string minute_phrase;
  if (all_minutes) {
    minute_phrase = "every minute";
  } else if (minute_step > 1 && minute_start < minute_step) {
    minute_phrase = minute_start == 0
                        ? fmt::format("every {} minutes", minute_step)
                        : fmt::format("every {} minutes from minute {}", minute_step, minute_start);
  } else {
    minute_phrase =
        "at minute " + list_bits([&](int v) { return ((minutes_ >> v) & 1u) != 0; }, 0, 59, number);
  }
  if (one_minute && std::popcount(hours_) <= 4) {  // "at 06:00, 18:00"
    for (std::uint32_t hs = hours_; hs != 0; hs &= hs - 1) {
      when += fmt::format("{}{:02}:{:02}", when.empty() ? "at " : ", ", std::countr_zero(hs), minute);
    }
  } else if (all_hours) {
    when = one_minute ? fmt::format("every hour at minute {}", minute) : minute_phrase;
  } else if (one_minute && hour_step > 1 && hour_start == 0) {
    when = fmt::format("every {} hours at minute {}", hour_step, minute);
  } else {
    when = fmt::format("{} during hour {}", minute_phrase, hour_list);
  }

  std::string days;
  const auto add = [&](const std::string& part) {
    if (!days.empty()) days += ", ";
    days += part;
  };
  const auto day_name = [](int v) { return std::string(kDayNames[static_cast<std::size_t>(v)]); };
  if (dow_any_) {
    if (dom_days_ == 0xFFFFFFFEu) {
      add("every day");
    } else if (dom_days_ != 0) {
      add("on day " + list_bits([&](int v) { return ((dom_days_ >> v) & 1u) != 0; }, 1, 31, number) +
          " of the month");
    }
    if (dom_last_) add("on the last day of the month");
    if (dom_last_weekday_) add("on the last weekday of the month");
    if (dom_nearest_wd_ != 0) {
      add("on the weekday nearest day " +
          list_bits([&](int v) { return ((dom_nearest_wd_ >> v) & 1u) != 0; }, 1, 31, number));
    }
  } else {
    if (dow_days_ == 0x7F) {
      add("every day");
    } else if (dow_days_ != 0) {
      add("on " + list_bits([&](int v) { return ((dow_days_ >> v) & 1u) != 0; }, 0, 6, day_name));
    }
    for (int w = 0; w < 7; ++w) {
      if ((dow_last_ >> w) & 1u) add("on the last " + day_name(w) + " of the month");
      for (int n = 1; n <= 5; ++n) {
        if ((dow_nth_[w] >> (n - 1)) & 1u) add("on the " + ordinal(n) + " " + day_name(w) + " of the month");
      }
    }
  }

  std::string out = when + ", " + days;
  if (months_ != 0x1FFE) {
    out +=
        " in " + list_bits([&](int v) { return ((months_ >> v) & 1u) != 0; }, 1, 12,
                           [](int v) { return std::string(kMonthNames[static_cast<std::size_t>(v - 1)]); });
  }
  if (!years_.all()) {
    out += ", year " + list_bits([&](int v) { return years_.test(static_cast<std::size_t>(v - kFirstYear)); },
                                 kFirstYear, kLastYear, number);
  }
  out += fmt::format(" ({})", zone_ != nullptr ? zone_->name() : std::string("UTC"));
  return out;
}

}  // namespace drsim::models
