// /recovery: the runbook's delays, the failover Region map and the capacity pools.
#include <set>

#include <fmt/format.h>

#include "scenarios/did_you_mean.hpp"
#include "scenarios/load_sections.hpp"
#include "scenarios/values.hpp"

namespace drsim::scenarios {
namespace {

constexpr std::string_view kRecoveryKeys[] = {"detection", "declaration", "cutover", "failover_regions", "pools",
                                              "volume_initialization", "routing"};
constexpr std::string_view kRoutingValues[] = {"dns_change", "dns_failover", "arc"};
constexpr std::string_view kPoolKeys[] = {"name", "capacity", "per", "types"};
constexpr std::string_view kPoolRequired[] = {"name", "capacity"};
constexpr std::string_view kPerValues[] = {"region", "global"};
constexpr std::int64_t kMaxCapacity = 1'000'000'000;

void read_delay(LoadContext& ctx, const Node& n, models::Distribution& into) {
  if (n.present())
    if (auto d = read_distribution(n, ValueKind::duration, ctx.epoch)) into = *d;
}

void load_failover_regions(LoadContext& ctx, const Node& n) {
  auto& map = ctx.s.recovery.failover_region;
  map.assign(ctx.s.regions.size(), models::kNoRegion);
  if (!n.present() || !n.expect_object("an object mapping Regions to their failover Regions, e.g. "
                                       "{\"us-east-1\": \"us-west-2\"}"))
    return;
  for (auto& [source_name, target] : n.members()) {
    // The key is the source Region; an unknown one is reported at its own pointer.
    const auto source = ctx.region(target, source_name);
    const auto dest = ctx.read_region(target);
    if (!source || !dest) continue;
    if (*source == *dest) {
      target.error(fmt::format("Region {} fails over to itself; expected another Region", source_name));
      continue;
    }
    map[*source] = *dest;
  }
}

void load_pool(LoadContext& ctx, const Node& n, std::set<std::string>& names) {
  if (!n.check_object("a capacity pool", keys(kPoolKeys), keys(kPoolRequired))) return;
  models::CapacityPool pool;
  if (Node v = n["name"]; v.present()) {
    if (auto name = read_name(v, "a non-empty pool name")) {
      if (!names.insert(*name).second) v.error(fmt::format("duplicate pool name \"{}\"", *name));
      pool.name = *name;
    }
  }
  if (Node v = n["capacity"]; v.present())
    if (auto c = read_int(v, 1, kMaxCapacity, "an integer >= 1 (concurrent slots)"))
      pool.capacity = static_cast<std::uint32_t>(*c);
  if (Node v = n["per"]; v.present()) {
    if (auto per = read_string(v, "\"region\" or \"global\"")) {
      if (*per == "region")
        pool.per = models::CapacityPool::Per::region;
      else if (*per == "global")
        pool.per = models::CapacityPool::Per::global;
      else
        v.error(fmt::format("unknown pool scope \"{}\"; expected one of: region, global{}", *per,
                            did_you_mean(*per, keys(kPerValues))));
    }
  }
  if (Node v = n["types"]; v.present()) {
    if (auto types = read_string_array(v, "an array of resource type names")) {
      if (v.size() == 0) v.error("expected at least one resource type; leave \"types\" out to cover every type");
      for (const auto& item : *types) {
        if (auto t = models::parse_resource_type(item.text)) {
          pool.types.set(static_cast<std::size_t>(*t));
        } else {
          const Keys names(models::kResourceTypeNames);
          item.node.error(fmt::format("unknown resource type \"{}\"; expected one of: {}{}", item.text,
                                      list_names(names), did_you_mean(item.text, names)));
        }
      }
    }
  } else {
    pool.types.set();
  }
  ctx.s.recovery.pools.push_back(std::move(pool));
}

}  // namespace

void load_recovery(LoadContext& ctx) {
  const Node n = ctx.root["recovery"];
  ctx.s.recovery.failover_region.assign(ctx.s.regions.size(), models::kNoRegion);
  if (!n.present() || !n.check_object("the recovery runbook", keys(kRecoveryKeys))) return;
  read_delay(ctx, n["detection"], ctx.s.recovery.detection);
  read_delay(ctx, n["declaration"], ctx.s.recovery.declaration);
  read_delay(ctx, n["cutover"], ctx.s.recovery.cutover);
  load_failover_regions(ctx, n["failover_regions"]);
  if (Node v = n["volume_initialization"]; v.present()) {
    if (auto text = read_string(v, "\"lazy\" or \"full\"")) {
      using Init = models::RecoveryPlan::VolumeInitialization;
      if (*text == "lazy" || *text == "full")
        ctx.s.recovery.volume_initialization = *text == "full" ? Init::full : Init::lazy;
      else
        v.error(fmt::format("unknown volume_initialization \"{}\"; expected \"lazy\" (a restored volume serves at once, "
                            "its blocks loaded on first read) or \"full\" (it serves once every block is read)",
                            *text));
    }
  }
  if (Node v = n["routing"]; v.present()) {
    if (auto text = read_string(v, "\"dns_change\", \"dns_failover\" or \"arc\"")) {
      if (*text == "dns_change")
        ctx.s.recovery.routing = models::Routing::dns_change;
      else if (*text == "dns_failover")
        ctx.s.recovery.routing = models::Routing::dns_failover;
      else if (*text == "arc")
        ctx.s.recovery.routing = models::Routing::arc;
      else
        v.error(fmt::format("unknown routing \"{}\"; expected dns_change (a Route 53 record edited at cutover), "
                            "dns_failover (Route 53 failover records on health checks) or arc (Route 53 ARC routing "
                            "controls){}",
                            *text, did_you_mean(*text, keys(kRoutingValues))));
    }
  }
  if (Node pools = n["pools"]; pools.present() && pools.expect_array("an array of capacity pools")) {
    std::set<std::string> names;
    for (std::size_t i = 0; i < pools.size(); ++i) load_pool(ctx, pools.at(i), names);
  }
}

}  // namespace drsim::scenarios
