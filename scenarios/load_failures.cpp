// /failures: what to play, each as its own experiment. Targets are checked against the
// scope, and each failure must leave somewhere to recover into.
#include <set>

#include <fmt/format.h>

#include "scenarios/did_you_mean.hpp"
#include "scenarios/load_sections.hpp"
#include "scenarios/values.hpp"

namespace drsim::scenarios {
namespace {

constexpr std::string_view kFailureKeys[] = {"name", "scope", "target", "at"};
constexpr std::string_view kScopes[] = {"az", "region", "resource"};

std::optional<models::FailureScope> read_scope(const Node& n) {
  auto text = read_string(n, "a failure scope: az, region or resource");
  if (!text) return std::nullopt;
  if (*text == "az") return models::FailureScope::az;
  if (*text == "region") return models::FailureScope::region;
  if (*text == "resource") return models::FailureScope::resource;
  if (*text == "corruption")
    n.error(
        "scope \"corruption\" is recognised but not modelled in this version of drsim; expected one of: az, "
        "region, resource");
  else
    n.error(fmt::format("unknown failure scope \"{}\"; expected one of: az, region, resource{}", *text,
                        did_you_mean(*text, keys(kScopes))));
  return std::nullopt;
}

std::optional<std::uint32_t> read_target(LoadContext& ctx, const Node& n, models::FailureScope scope) {
  auto text = read_name(n, "a non-empty string naming the failed AZ, Region or resource");
  if (!text) return std::nullopt;
  switch (scope) {
    case models::FailureScope::az: {
      auto az = ctx.az(n, *text);
      if (!az) return std::nullopt;
      const auto& region = ctx.s.regions[ctx.s.azs[*az].region];
      if (region.azs.size() < 2) {
        n.error(
            fmt::format("{} is the only AZ of {}; an AZ failure needs another AZ to recover into", *text, region.name));
        return std::nullopt;
      }
      return *az;
    }
    case models::FailureScope::region: {
      auto region = ctx.region(n, *text);
      if (!region) return std::nullopt;
      const auto& map = ctx.s.recovery.failover_region;
      if (*region >= map.size() || map[*region] == models::kNoRegion) {
        n.error(
            fmt::format("no failover Region mapped for {} in /recovery/failover_regions; a Region failure "
                        "recovers into the mapped Region",
                        *text));
        return std::nullopt;
      }
      return *region;
    }
    case models::FailureScope::resource: {
      auto range = ctx.resource(n, *text);
      if (!range) return std::nullopt;
      const ResourceEntry& entry = ctx.entries[range->entry];
      if (entry.fleet && entry.id == *text) {
        n.error(fmt::format("\"{}\" is a fleet; a resource failure targets one resource, e.g. \"{}\"", *text,
                            ctx.s.resources[range->first].id));
        return std::nullopt;
      }
      return range->first;
    }
  }
  return std::nullopt;
}

}  // namespace

void load_failures(LoadContext& ctx) {
  const Node list = ctx.root["failures"];
  if (!list.present() || !list.expect_array("an array of failures")) return;
  if (list.size() == 0) list.error("expected at least one failure to play");
  std::set<std::string> names;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const Node n = list.at(i);
    if (!n.check_object("a failure", keys(kFailureKeys), keys(kFailureKeys))) continue;
    models::Failure f;
    if (Node v = n["name"]; v.present()) {
      if (auto name = read_name(v, "a non-empty failure name")) {
        if (!names.insert(*name).second) v.error(fmt::format("duplicate failure name \"{}\"", *name));
        f.name = *name;
      }
    }
    std::optional<models::FailureScope> scope;
    if (Node v = n["scope"]; v.present()) scope = read_scope(v);
    if (scope) f.scope = *scope;
    if (Node v = n["target"]; v.present() && scope) {
      if (auto t = read_target(ctx, v, *scope)) f.target = *t;
    }
    if (Node v = n["at"]; v.present()) {
      if (auto at = read_distribution(v, ValueKind::instant, ctx.epoch)) f.at = *at;
    }
    ctx.s.failures.push_back(std::move(f));
  }
}

}  // namespace drsim::scenarios
