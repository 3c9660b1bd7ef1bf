// The scenario's identification, format version, epoch and simulation settings.
#include <variant>

#include <fmt/format.h>

#include "models/duration_text.hpp"
#include "scenarios/load_sections.hpp"
#include "scenarios/values.hpp"

namespace drsim::scenarios {
namespace {

constexpr std::string_view kSimulationKeys[] = {"seed", "trials"};
constexpr std::int64_t kMaxTrials = 10'000'000;

void load_epoch(LoadContext& ctx) {
  ctx.epoch = kDefaultEpochUnixMs;
  const Node n = ctx.root["epoch"];
  if (n.present()) {
    auto text = read_string(n, "an ISO-8601 instant, e.g. \"2026-01-01T00:00:00Z\"");
    if (text) {
      auto parsed = models::parse_instant_unix_ms(*text);
      if (auto* err = std::get_if<std::string>(&parsed))
        n.error(fmt::format("invalid instant \"{}\": {}", *text, *err));
      else
        ctx.epoch = std::get<std::int64_t>(parsed);
    }
  }
  ctx.s.epoch_unix_ms = ctx.epoch;
}

void load_simulation(LoadContext& ctx) {
  const Node n = ctx.root["simulation"];
  if (!n.present() || !n.check_object("simulation settings", keys(kSimulationKeys))) return;
  if (Node seed = n["seed"]; seed.present())
    if (auto v = read_u64(seed, "an integer from 0 to 18446744073709551615")) ctx.s.seed = *v;
  if (Node trials = n["trials"]; trials.present())
    if (auto v = read_int(trials, 1, kMaxTrials)) ctx.s.trials = static_cast<std::uint64_t>(*v);
}

}  // namespace

void load_header(LoadContext& ctx) {
  if (Node v = ctx.root["drsim"]; v.present()) {
    if (!v.json().is_number() || !integral_value(v.json())) {
      v.wrong_type("the format version 1");
    } else if (*integral_value(v.json()) != 1) {
      v.error(fmt::format("unsupported format version {}; this drsim reads version 1", v.json().dump()));
    }
  }
  if (Node v = ctx.root["name"]; v.present())
    if (auto name = read_name(v, "a non-empty string naming the scenario")) ctx.s.name = *name;
  if (Node v = ctx.root["description"]; v.present())
    if (auto d = read_string(v)) ctx.s.description = *d;
  load_epoch(ctx);
  load_simulation(ctx);
}

}  // namespace drsim::scenarios
