#include "scenarios/values.hpp"

#include <string>
#include <variant>

#include <fmt/format.h>

#include "models/duration_text.hpp"

namespace drsim::scenarios {
namespace {

constexpr std::string_view kDurationExpected = "a duration with units, e.g. \"15m\"; units are never guessed";
constexpr std::string_view kInstantExpected = "an ISO-8601 instant, e.g. \"2026-03-10T14:20:00Z\"";

constexpr std::string_view kDistributionKeys[] = {"uniform", "triangular", "lognormal", "exponential"};
constexpr std::string_view kLognormalKeys[] = {"p50", "p90"};
constexpr std::string_view kExponentialKeys[] = {"mean"};

std::string show(std::int64_t v, ValueKind kind, std::int64_t epoch) {
  return kind == ValueKind::duration ? models::format_duration(v) : models::format_instant(epoch + v);
}

// One parameter of a distribution: a duration, or an instant (as time since the epoch).
std::optional<std::int64_t> read_value(const Node& n, ValueKind kind, std::int64_t epoch) {
  return kind == ValueKind::duration ? read_duration(n) : read_instant(n, epoch);
}

// A scale parameter of a distribution over instants: an instant, or a duration after the
// epoch. Either way the result is time since the epoch.
std::optional<std::int64_t> read_scale(const Node& n, ValueKind kind, std::int64_t epoch) {
  if (kind == ValueKind::duration) return read_duration(n);
  if (n.present() && n.json().is_string()) {
    const std::string text = n.json().get<std::string>();
    if (std::holds_alternative<sim::Duration>(models::parse_duration(text))) return read_duration(n);
    if (std::holds_alternative<std::int64_t>(models::parse_instant_unix_ms(text))) return read_instant(n, epoch);
    n.error(fmt::format("invalid value \"{}\"; expected {} or a duration after the epoch, e.g. \"30d\"", text,
                        kInstantExpected));
    return std::nullopt;
  }
  n.wrong_type(fmt::format("{} or a duration after the epoch", kInstantExpected));
  return std::nullopt;
}

// [a, b, ...] of exactly `count` values.
std::optional<std::vector<std::int64_t>> read_tuple(const Node& n, std::size_t count, std::string_view shape,
                                                    ValueKind kind, std::int64_t epoch) {
  if (!n.present() || !n.json().is_array() || n.size() != count) {
    n.wrong_type(fmt::format("an array of {} values {}", count, shape));
    return std::nullopt;
  }
  std::vector<std::int64_t> out;
  bool ok = true;
  for (std::size_t i = 0; i < count; ++i) {
    auto v = read_value(n.at(i), kind, epoch);
    if (v)
      out.push_back(*v);
    else
      ok = false;
  }
  if (!ok) return std::nullopt;
  return out;
}

}  // namespace

std::optional<sim::Duration> read_duration(const Node& n) {
  if (n.present() && n.json().is_number()) {
    n.error(fmt::format("expected a duration with units, e.g. \"15m\", found {}; units are never guessed",
                        describe_json(n.json())));
    return std::nullopt;
  }
  if (!n.present() || !n.json().is_string()) {
    n.wrong_type(kDurationExpected);
    return std::nullopt;
  }
  const std::string text = n.json().get<std::string>();
  auto parsed = models::parse_duration(text);
  if (auto* err = std::get_if<std::string>(&parsed)) {
    n.error(fmt::format("invalid duration \"{}\": {}", text, *err));
    return std::nullopt;
  }
  return std::get<sim::Duration>(parsed);
}

std::optional<sim::Time> read_instant(const Node& n, std::int64_t epoch_unix_ms) {
  if (!n.present() || !n.json().is_string()) {
    n.wrong_type(kInstantExpected);
    return std::nullopt;
  }
  const std::string text = n.json().get<std::string>();
  auto parsed = models::parse_instant_unix_ms(text);
  if (auto* err = std::get_if<std::string>(&parsed)) {
    n.error(fmt::format("invalid instant \"{}\": {}", text, *err));
    return std::nullopt;
  }
  const std::int64_t unix_ms = std::get<std::int64_t>(parsed);
  if (unix_ms < epoch_unix_ms) {
    n.error(fmt::format("instant {} is before the scenario epoch {}; simulation time starts at the epoch", text,
                        models::format_instant(epoch_unix_ms)));
    return std::nullopt;
  }
  return unix_ms - epoch_unix_ms;
}

std::optional<models::Distribution> read_distribution(const Node& n, ValueKind kind, std::int64_t epoch) {
  if (!n.present() || !n.json().is_object()) {
    // Anything but an object is meant as a fixed value; its reader says what was expected.
    auto v = read_value(n, kind, epoch);
    if (!v) return std::nullopt;
    return models::Distribution::fixed(*v);
  }
  const std::string what = kind == ValueKind::duration ? "a duration distribution" : "an instant distribution";
  n.check_object(what, keys(kDistributionKeys));
  if (n.size() != 1) {
    n.error(fmt::format("expected exactly one of uniform, triangular, lognormal, exponential in {}; found {} keys",
                        what, n.size()));
    return std::nullopt;
  }
  if (Node p = n["uniform"]; p.present()) {
    auto v = read_tuple(p, 2, "[lo, hi]", kind, epoch);
    if (!v) return std::nullopt;
    if ((*v)[0] > (*v)[1]) {
      p.error(fmt::format("uniform: lo {} is after hi {}; expected [lo, hi] with lo <= hi", show((*v)[0], kind, epoch),
                          show((*v)[1], kind, epoch)));
      return std::nullopt;
    }
    return models::Distribution::uniform((*v)[0], (*v)[1]);
  }
  if (Node p = n["triangular"]; p.present()) {
    auto v = read_tuple(p, 3, "[min, mode, max]", kind, epoch);
    if (!v) return std::nullopt;
    if ((*v)[0] > (*v)[1] || (*v)[1] > (*v)[2]) {
      p.error(
          fmt::format("triangular: [{}, {}, {}] is out of order; expected [min, mode, max] with "
                      "min <= mode <= max",
                      show((*v)[0], kind, epoch), show((*v)[1], kind, epoch), show((*v)[2], kind, epoch)));
      return std::nullopt;
    }
    return models::Distribution::triangular((*v)[0], (*v)[1], (*v)[2]);
  }
  if (Node p = n["lognormal"]; p.present()) {
    if (!p.check_object("lognormal parameters", keys(kLognormalKeys), keys(kLognormalKeys))) return std::nullopt;
    if (!p["p50"].present() || !p["p90"].present()) return std::nullopt;
    auto p50 = read_scale(p["p50"], kind, epoch);
    auto p90 = read_scale(p["p90"], kind, epoch);
    if (!p50 || !p90) return std::nullopt;
    if (*p50 <= 0 || *p90 <= *p50) {
      p.error(fmt::format("lognormal: p50 {} and p90 {}; expected p90 > p50 > 0", models::format_duration(*p50),
                          models::format_duration(*p90)));
      return std::nullopt;
    }
    return models::Distribution::lognormal(*p50, *p90);
  }
  if (Node p = n["exponential"]; p.present()) {
    if (!p.check_object("exponential parameters", keys(kExponentialKeys), keys(kExponentialKeys))) return std::nullopt;
    if (!p["mean"].present()) return std::nullopt;
    auto mean = read_scale(p["mean"], kind, epoch);
    if (!mean) return std::nullopt;
    if (*mean <= 0) {
      p["mean"].error("exponential: expected a mean > 0");
      return std::nullopt;
    }
    return models::Distribution::exponential(*mean);
  }
  return std::nullopt;  // the single key was unknown, and has been reported
}

}  // namespace drsim::scenarios
