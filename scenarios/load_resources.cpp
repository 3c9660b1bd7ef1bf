// /resources: plain resources and fleets, expanded into the compact per-resource form.
//
// Two passes: the first only adds up the fleet sizes, so an absurd fleet is refused before
// anything is allocated for it; the second reads each entry and appends its members. What
// an entry says for all its members (tags, requires) is stored once, in its
// models::ResourceGroup. `requires` is resolved once every id is known (see requires_check.cpp).
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "scenarios/did_you_mean.hpp"
#include "scenarios/load_sections.hpp"
#include "scenarios/requires_check.hpp"

namespace drsim::scenarios {
namespace {

constexpr std::string_view kResourceKeys[] = {"id",       "type",    "region",      "az",       "multi_az",
                                              "one_zone", "nodes",   "deployment",  "volume_type", "size_gb",
                                              "change_gb_per_day",   "tags",        "requires", "count", "models",
                                              "standby",  "instance_type"};
constexpr std::string_view kStandbyKeys[] = {"region", "running"};
constexpr std::string_view kStandbyRequired[] = {"region"};
constexpr std::string_view kResourceRequired[] = {"id", "type", "region"};

// Without a stated change rate, 2% of the resource's size changes per day: a common
// planning figure for transactional data; every scenario can and should state its own.
constexpr double kDefaultDailyChange = 0.02;
// A petabyte-scale resource is plausible; an exabyte and beyond only overflows durations.
constexpr double kMaxGb = 1e9;

std::uint32_t digits_of(std::uint64_t n) {
  std::uint32_t d = 1;
  while (n >= 10) {
    n /= 10;
    ++d;
  }
  return d;
}

std::string format_count(double v) {
  if (v < 1e18) return fmt::format("{}", static_cast<std::uint64_t>(v));
  return fmt::format("{:g}", v);
}

// First pass: the number of resources each entry stands for (1 for a plain resource, also
// when its count is unreadable). Reports counts that are not integers >= 1 and totals over
// the limit; returns false when the entries add up to too many.
bool size_entries(const Node& list, std::vector<std::uint64_t>& counts) {
  counts.assign(list.size(), 1);
  std::uint64_t total = 0;
  bool fits = true;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const Node count = list.at(i)["count"];
    if (count.present()) {
      const auto v = count.json().is_number() ? integral_value(count.json()) : std::nullopt;
      if (!v) {
        count.wrong_type("an integer >= 1 (the number of resources in the fleet)");
      } else if (*v < 1) {
        count.error(fmt::format("fleet count {} is out of range; expected an integer >= 1", count.json().dump()));
      } else if (*v > static_cast<double>(kMaxResources)) {
        count.error(fmt::format("fleet of {} resources is larger than the limit of 1,000,000", format_count(*v)));
        fits = false;
      } else {
        counts[i] = static_cast<std::uint64_t>(*v);
      }
    }
    total += counts[i];
    if (fits && total > kMaxResources) {
      (count.present() ? count : list.at(i))
          .error(fmt::format("the resources add up to {} here, more than the limit of 1,000,000", total));
      fits = false;
    }
  }
  return fits;
}

struct Placement {
  RegionIndex region = models::kNoRegion;
  std::vector<AzIndex> azs;  // one, or several spread round-robin over a fleet
};

void read_az(LoadContext& ctx, const Node& n, models::ResourceType type, bool type_known, bool fleet, bool one_zone,
             Placement& where) {
  const Node az = n["az"];
  if (where.region == models::kNoRegion) return;
  // With an unknown type, an AZ that is given is still checked against the Region.
  const std::string_view type_name = models::to_string(type);
  if (type_known && models::is_regional(type) && !one_zone) {
    if (az.present())
      az.error(fmt::format("regional type {} takes no az; its data spans the Region's AZs{}", type_name,
                           models::traits(type).one_zone_option ? " (set \"one_zone\": true for One Zone storage)" : ""));
    return;
  }
  if (!az.present()) {
    if (type_known)
      n.error(fmt::format("missing required key \"az\" in resource: type {} lives in one AZ; expected one of: {}",
                          type_name, list_names(ctx.az_names(where.region))));
    return;
  }
  if (az.json().is_array()) {
    if (!fleet) {
      az.error("an array of AZs spreads a fleet; give \"count\", or a single AZ name");
      return;
    }
    auto names = read_string_array(az, "an array of AZ names");
    if (!names) return;
    if (names->empty()) az.error("expected at least one AZ to spread the fleet over");
    for (const auto& item : *names)
      if (auto a = ctx.az_in_region(item.node, item.text, where.region)) where.azs.push_back(*a);
    return;
  }
  auto name = read_string(az, fleet ? "an AZ name, or an array of them" : "an AZ name");
  if (!name) return;
  if (auto a = ctx.az_in_region(az, *name, where.region)) where.azs.push_back(*a);
}

models::Tags read_tags(const Node& n) {
  models::Tags tags;
  if (!n.present() || !n.expect_object("an object of tags, e.g. {\"app\": \"shop\"}")) return tags;
  for (auto& [key, value] : n.members())
    if (auto v = read_string(value, "a string (the tag's value)")) tags.emplace_back(key, *v);
  return tags;
}

// The keys whose meaning depends on the type: multi_az, one_zone, nodes, deployment and
// volume_type, each refused (naming the types it applies to) where AWS has no such option.
struct TypeOptions {
  bool multi_az = false, db_cluster = false, one_zone = false, scratch = false, cached_volume = false;
  std::uint16_t nodes = 1;
};

std::string types_with(bool (*has)(const models::TypeTraits&)) {
  std::string out;
  for (std::size_t i = 0; i < models::kResourceTypeCount; ++i)
    if (has(models::kTypeTraits[i])) out += (out.empty() ? "" : ", ") + std::string(models::kResourceTypeNames[i]);
  return out;
}

// `key` applies only to `wanted`: reports and returns false for any other known type.
bool only_for(const Node& v, bool type_known, models::ResourceType type, models::ResourceType wanted,
              std::string_view what) {
  if (!type_known || type == wanted) return true;
  v.error(fmt::format("\"{}\" applies only to type {} ({}), not to {}", v.pointer().substr(v.pointer().rfind('/') + 1),
                      models::to_string(wanted), what, models::to_string(type)));
  return false;
}

TypeOptions read_type_options(const Node& n, models::ResourceType type, bool type_known) {
  using models::ResourceType;
  TypeOptions o;
  if (Node m = n["multi_az"]; m.present()) {
    // rds distinguishes the two Multi-AZ deployments AWS offers: a DB instance with one
    // standby (true, "instance") and a DB cluster with two readable standbys ("cluster").
    if (m.json().is_string()) {
      const std::string mode = m.json().get<std::string>();
      if (type_known && type != ResourceType::rds)
        m.error(fmt::format("multi_az \"{}\" names an RDS deployment; type {} takes true or false", mode,
                            models::to_string(type)));
      else if (mode == "instance")
        o.multi_az = true;
      else if (mode == "cluster")
        o.multi_az = o.db_cluster = true;
      else
        m.error(fmt::format("unknown multi_az \"{}\"; expected true, false, \"instance\" (a Multi-AZ DB instance) "
                            "or \"cluster\" (a Multi-AZ DB cluster)",
                            mode));
    } else if (m.json().is_boolean()) {
      o.multi_az = m.json().get<bool>();
    } else {
      m.wrong_type("true, false, or for rds \"instance\" or \"cluster\"");
    }
    if (o.multi_az && type_known && !models::supports_multi_az(type)) {
      o.multi_az = o.db_cluster = false;
      m.error(fmt::format("multi_az is not available for type {}{}; it applies to {}", models::to_string(type),
                          type == ResourceType::fsx_lustre ? " (FSx for Lustre file systems are single-AZ)" : "",
                          types_with([](const models::TypeTraits& t) { return t.multi_az != models::MultiAz::none; })));
    }
  }
  if (Node z = n["one_zone"]; z.present()) {
    if (auto v = read_bool(z)) {
      if (*v && type_known && !models::traits(type).one_zone_option)
        z.error(fmt::format("one_zone applies to {} (EFS One Zone, S3 One Zone-IA), not to {}",
                            types_with([](const models::TypeTraits& t) { return t.one_zone_option; }),
                            models::to_string(type)));
      else
        o.one_zone = *v;
    }
  }
  if (Node v = n["nodes"]; v.present() && only_for(v, type_known, type, ResourceType::redshift, "compute nodes"))
    if (auto count = read_int(v, 1, 128, "a number of compute nodes from 1 to 128")) o.nodes = static_cast<std::uint16_t>(*count);
  // FSx for Lustre: AWS's DeploymentType; CreateFileSystem defaults to SCRATCH_1.
  o.scratch = type == ResourceType::fsx_lustre;
  if (Node d = n["deployment"]; d.present() && only_for(d, type_known, type, ResourceType::fsx_lustre, "its deployment type")) {
    if (auto text = read_string(d, "an FSx for Lustre deployment type")) {
      if (*text == "SCRATCH_1" || *text == "SCRATCH_2" || *text == "scratch")
        o.scratch = true;
      else if (*text == "PERSISTENT_1" || *text == "PERSISTENT_2" || *text == "persistent")
        o.scratch = false;
      else
        d.error(fmt::format("unknown FSx for Lustre deployment \"{}\"; expected one of: SCRATCH_1, SCRATCH_2, "
                            "PERSISTENT_1, PERSISTENT_2 (or scratch, persistent)",
                            *text));
    }
  }
  // Volume Gateway: cached volumes keep their primary data in S3, stored volumes on the gateway.
  o.cached_volume = type == ResourceType::storage_gateway;
  if (Node v = n["volume_type"]; v.present() && only_for(v, type_known, type, ResourceType::storage_gateway, "its volume type")) {
    if (auto text = read_string(v, "\"cached\" or \"stored\"")) {
      if (*text == "cached" || *text == "stored")
        o.cached_volume = *text == "cached";
      else
        v.error(fmt::format("unknown volume_type \"{}\"; expected \"cached\" or \"stored\" (Volume Gateway)", *text));
    }
  }
  return o;
}

// ec2 "standby": {"region": R, "running": share}: compute kept ready in a recovery Region.
std::optional<models::Standby> read_standby(LoadContext& ctx, const Node& n, models::ResourceType type, bool type_known,
                                            RegionIndex own_region) {
  if (!n.present()) return std::nullopt;
  if (type_known && type != models::ResourceType::ec2) {
    n.error(fmt::format("a standby is compute kept ready in a recovery Region; it applies to type ec2, not {}",
                        models::to_string(type)));
    return std::nullopt;
  }
  if (!n.check_object("a standby: {\"region\": a recovery Region, \"running\": the share of the fleet running there, 0 to 1}",
                      keys(kStandbyKeys), keys(kStandbyRequired)))
    return std::nullopt;
  models::Standby standby;
  if (Node r = n["region"]; r.present())
    if (auto region = ctx.read_region(r)) {
      if (*region == own_region)
        r.error(fmt::format("the standby is in {}, the resource's own Region; a standby stands ready in another Region",
                            ctx.s.regions[*region].name));
      else
        standby.region = *region;
    }
  if (Node v = n["running"]; v.present())
    if (auto x = read_number(v, 0.0, "a share from 0 (pilot light: launched at failover) to 1 (the whole fleet running)")) {
      if (*x > 1.0)
        v.error(fmt::format("running share {} is over 1; expected 0 (pilot light) to 1 (the whole fleet running)",
                            v.json().dump()));
      else
        standby.running = *x;
    }
  if (standby.region == models::kNoRegion) return std::nullopt;
  return standby;
}

void load_entry(LoadContext& ctx, const Node& n, std::uint32_t position, std::uint64_t count) {
  if (!n.check_object("a resource", keys(kResourceKeys), keys(kResourceRequired))) {
    ctx.resources_incomplete = true;
    return;
  }
  auto id = n["id"].present() ? read_name(n["id"], "a non-empty string (the resource id)") : std::nullopt;
  if (!id) {
    ctx.resources_incomplete = true;
    return;
  }
  if (auto it = ctx.entry_by_id.find(*id); it != ctx.entry_by_id.end()) {
    n["id"].error(
        fmt::format("duplicate resource id \"{}\" (first defined at {})", *id, ctx.entries[it->second].pointer));
    return;
  }
  const bool fleet = n["count"].present();

  auto type = models::ResourceType::generic;
  bool type_known = false;
  if (Node t = n["type"]; t.present()) {
    if (auto name = read_string(t, "a resource type name")) {
      if (auto parsed = models::parse_resource_type(*name)) {
        type = *parsed;
        type_known = true;
      } else {
        const Keys names(models::kResourceTypeNames);
        t.error(fmt::format("unknown resource type \"{}\"; expected one of: {}{}", *name, list_names(names),
                            did_you_mean(*name, names)));
      }
    }
  }

  const TypeOptions options = read_type_options(n, type, type_known);
  Placement where;
  if (Node r = n["region"]; r.present())
    if (auto region = ctx.read_region(r)) where.region = *region;
  read_az(ctx, n, type, type_known, fleet, options.one_zone, where);
  if (where.azs.empty()) where.azs.push_back(models::kNoAz);
  // Deployments AWS offers only in Regions with three AZs.
  if (where.region != models::kNoRegion && ctx.s.regions[where.region].azs.size() < 3) {
    const std::string& region = ctx.s.regions[where.region].name;
    if (options.db_cluster)
      n["multi_az"].error(fmt::format("a Multi-AZ DB cluster \"must be in an Amazon Web Services Region that has at least "
                                      "three Availability Zones\"; {} lists {}",
                                      region, ctx.s.regions[where.region].azs.size()));
    else if (options.multi_az && type == models::ResourceType::fsx_windows)
      n["multi_az"].error(fmt::format("\"You can only deploy a Multi-AZ file system in AWS Regions that have a minimum of "
                                      "three Availability Zones\"; {} lists {}",
                                      region, ctx.s.regions[where.region].azs.size()));
  }

  double size_gb = 0.0;
  if (Node v = n["size_gb"]; v.present())
    if (auto x = read_number(v, 0.0, "a size in GB >= 0")) {
      if (*x > kMaxGb)
        v.error(fmt::format("size {} GB is larger than the limit of 1e9 GB", v.json().dump()));
      else
        size_gb = *x;
    }
  double change = size_gb * kDefaultDailyChange;
  if (Node v = n["change_gb_per_day"]; v.present())
    if (auto x = read_number(v, 0.0, "a change rate in GB per day >= 0")) {
      if (*x > kMaxGb)
        v.error(fmt::format("change rate {} GB/day is larger than the limit of 1e9", v.json().dump()));
      else
        change = *x;
    }

  models::Tags tags = read_tags(n["tags"]);

  // Own duration models: one set for the whole entry, shared by a fleet's members.
  std::uint32_t model_set = static_cast<std::uint32_t>(type);
  if (Node m = n["models"]; m.present()) {
    models::TypeModels own = ctx.s.model_sets[model_set];
    apply_type_models(ctx, m, own);
    model_set = static_cast<std::uint32_t>(ctx.s.model_sets.size());
    ctx.s.model_sets.push_back(own);
  }

  ResourceEntry entry;
  entry.id = *id;
  entry.pointer = n.pointer();
  entry.position = position;
  entry.first = static_cast<ResourceIndex>(ctx.s.resources.size());
  entry.count = static_cast<std::uint32_t>(count);
  entry.width = fleet ? digits_of(count) : 0;
  entry.fleet = fleet;
  const auto group = static_cast<std::uint32_t>(ctx.entries.size());
  ctx.entry_by_id.emplace(entry.id, group);

  models::ResourceGroup shared;
  shared.id = *id;
  shared.fleet = fleet;
  shared.first = entry.first;
  shared.count = entry.count;
  shared.tags = std::move(tags);
  shared.standby = read_standby(ctx, n["standby"], type, type_known, where.region);
  if (Node v = n["instance_type"]; v.present())
    if (auto name = read_name(v, "an instance type or class, e.g. \"m6i.xlarge\" or \"db.m6g.large\"")) shared.instance_type = *name;
  ctx.s.groups.push_back(std::move(shared));

  for (std::uint64_t i = 0; i < count; ++i) {
    models::Resource r;
    r.id = fleet ? fmt::format("{}-{:0{}}", *id, i + 1, entry.width) : *id;
    r.group = group;
    r.type = type;
    r.region = where.region;
    r.az = where.azs[i % where.azs.size()];
    r.multi_az = options.multi_az;
    r.db_cluster = options.db_cluster;
    r.one_zone = options.one_zone;
    r.scratch = options.scratch;
    r.cached_volume = options.cached_volume;
    r.nodes = options.nodes;
    r.size_gb = size_gb;
    r.change_gb_per_day = change;
    r.model_set = model_set;
    ctx.s.resources.push_back(std::move(r));
  }
  ctx.entries.push_back(std::move(entry));
}

// An id that is also the generated id of another fleet's member would make references to
// it ambiguous.
void check_member_collisions(LoadContext& ctx) {
  for (const ResourceEntry& e : ctx.entries) {
    const std::size_t dash = e.id.rfind('-');
    if (dash == std::string::npos) continue;
    const auto owner = ctx.entry_by_id.find(e.id.substr(0, dash));
    if (owner == ctx.entry_by_id.end()) continue;
    const ResourceEntry& f = ctx.entries[owner->second];
    const std::string_view digits = std::string_view(e.id).substr(dash + 1);
    if (!f.fleet || digits.size() != f.width || digits.find_first_not_of("0123456789") != std::string_view::npos)
      continue;
    const unsigned long number = std::stoul(std::string(digits));  // at most 7 digits
    if (number < 1 || number > f.count) continue;
    Node(nullptr, e.pointer + "/id", &ctx.diags)
        .error(fmt::format("duplicate resource id \"{}\": fleet \"{}\" ({}) also has a member with this id", e.id, f.id,
                           f.pointer));
  }
}

}  // namespace

void load_resources(LoadContext& ctx) {
  const Node list = ctx.root["resources"];
  if (!list.present() || !list.expect_array("an array of resources")) {
    ctx.resources_incomplete = true;
    return;
  }
  std::vector<std::uint64_t> counts;
  if (!size_entries(list, counts)) {
    // Check the entries one member each, for their other problems; references to members
    // can no longer be checked.
    std::fill(counts.begin(), counts.end(), 1);
    ctx.resources_incomplete = true;
  }
  std::uint64_t total = 0;
  for (auto c : counts) total += c;
  ctx.s.resources.reserve(total);
  ctx.entries.reserve(list.size());
  ctx.s.groups.reserve(list.size());
  for (std::size_t i = 0; i < list.size(); ++i) load_entry(ctx, list.at(i), static_cast<std::uint32_t>(i), counts[i]);
  check_member_collisions(ctx);
  resolve_requires(ctx);
}

}  // namespace drsim::scenarios
