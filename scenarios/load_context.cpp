#include "scenarios/load_context.hpp"

#include <algorithm>
#include <charconv>
#include <unordered_set>

#include <fmt/format.h>

#include "scenarios/did_you_mean.hpp"

namespace drsim::scenarios {
namespace {

std::string hint(const Diagnostics& d, std::string_view word, const std::vector<std::string_view>& names) {
  return d.hints_wanted() ? did_you_mean(word, names) : std::string();
}

std::string choices(const std::vector<std::string_view>& names) {
  return names.empty() ? std::string("none are defined") : "expected one of: " + list_names(names);
}

}  // namespace

bool LoadContext::charge_references(const Node& at, std::uint64_t n) {
  if (references_exhausted) return false;
  references += n;
  if (references <= kMaxResourceReferences) return true;
  references_exhausted = true;
  at.error(
      fmt::format("the resource lists of rules, protections and applications add up to {} entries here, more "
                  "than the limit of 50,000,000; select fleets in fewer places",
                  references));
  return false;
}

std::optional<RegionIndex> LoadContext::region(const Node& n, const std::string& name) {
  if (auto it = region_by_name.find(name); it != region_by_name.end()) return it->second;
  if (!regions_incomplete) {
    const auto names = region_names();
    n.error(fmt::format("unknown Region \"{}\"; {}{}", name, choices(names), hint(diags, name, names)));
  }
  return std::nullopt;
}

std::optional<RegionIndex> LoadContext::read_region(const Node& n) {
  auto name = read_string(n, "a string naming a Region");
  if (!name) return std::nullopt;
  return region(n, *name);
}

std::optional<AzIndex> LoadContext::az(const Node& n, const std::string& name) {
  if (auto it = az_by_name.find(name); it != az_by_name.end()) return it->second;
  if (!regions_incomplete) {
    const auto names = az_names(models::kNoRegion);
    n.error(fmt::format("unknown AZ \"{}\"; {}{}", name, choices(names), hint(diags, name, names)));
  }
  return std::nullopt;
}

std::optional<AzIndex> LoadContext::az_in_region(const Node& n, const std::string& name, RegionIndex region) {
  const auto names = az_names(region);
  const std::string& region_name = s.regions[region].name;
  if (auto it = az_by_name.find(name); it != az_by_name.end()) {
    const AzIndex a = it->second;
    if (s.azs[a].region == region) return a;
    n.error(fmt::format("AZ \"{}\" is in Region {}, not in {}; expected one of: {}", name,
                        s.regions[s.azs[a].region].name, region_name, list_names(names)));
    return std::nullopt;
  }
  n.error(fmt::format("unknown AZ \"{}\" for Region \"{}\"; expected one of: {}{}", name, region_name,
                      list_names(names), hint(diags, name, names)));
  return std::nullopt;
}

std::optional<VaultIndex> LoadContext::vault(const Node& n, const std::string& name) {
  if (auto it = vault_by_name.find(name); it != vault_by_name.end()) return it->second;
  if (!vaults_incomplete) {
    const auto names = vault_names();
    n.error(fmt::format("unknown vault \"{}\"; {}{}", name,
                        names.empty() ? std::string("no vaults are defined in /vaults") : choices(names),
                        hint(diags, name, names)));
  }
  return std::nullopt;
}

std::optional<ResourceRange> LoadContext::find_resource(std::string_view id) const {
  if (auto it = entry_by_id.find(std::string(id)); it != entry_by_id.end()) {
    const ResourceEntry& e = entries[it->second];
    return ResourceRange{e.first, e.count, it->second};
  }
  // A fleet member: "<fleet id>-<number zero-padded to the fleet's width>". Members are
  // not stored in a map: a million of them would cost more than the resources themselves.
  const std::size_t dash = id.rfind('-');
  if (dash == std::string_view::npos) return std::nullopt;
  const auto it = entry_by_id.find(std::string(id.substr(0, dash)));
  if (it == entry_by_id.end()) return std::nullopt;
  const ResourceEntry& e = entries[it->second];
  const std::string_view digits = id.substr(dash + 1);
  if (!e.fleet || digits.size() != e.width) return std::nullopt;
  std::uint32_t number = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), number);
  if (ec != std::errc() || end != digits.data() + digits.size() || number < 1 || number > e.count) return std::nullopt;
  return ResourceRange{e.first + number - 1, 1, it->second};
}

std::optional<ResourceRange> LoadContext::resource(const Node& n, const std::string& id) {
  if (auto r = find_resource(id)) return r;
  if (!resources_incomplete) {
    const auto ids = diags.hints_wanted() ? entry_ids() : std::vector<std::string_view>{};
    n.error(fmt::format("unknown resource \"{}\"; expected a resource id or fleet id from /resources{}", id,
                        hint(diags, id, ids)));
  }
  return std::nullopt;
}

std::vector<std::string_view> LoadContext::region_names() const {
  std::vector<std::string_view> out;
  for (const auto& r : s.regions) out.push_back(r.name);
  return out;
}

std::vector<std::string_view> LoadContext::az_names(RegionIndex region) const {
  std::vector<std::string_view> out;
  for (const auto& a : s.azs)
    if (region == models::kNoRegion || a.region == region) out.push_back(a.name);
  return out;
}

std::vector<std::string_view> LoadContext::vault_names() const {
  std::vector<std::string_view> out;
  for (const auto& v : s.vaults) out.push_back(v.name);
  return out;
}

std::vector<std::string_view> LoadContext::entry_ids() const {
  std::vector<std::string_view> out;
  out.reserve(entries.size());
  for (const auto& e : entries) out.push_back(e.id);
  return out;
}

std::optional<std::vector<ResourceIndex>> read_resource_list(LoadContext& ctx, const Node& n, std::string_view what,
                                                             const AcceptReference& accept) {
  auto ids = read_string_array(n, what);
  if (!ids) return std::nullopt;
  std::vector<ResourceIndex> out;
  // A fleet named twice is expanded once, so the list never outgrows the resources.
  std::unordered_set<std::uint32_t> whole_entries;
  for (const auto& item : *ids) {
    auto range = ctx.resource(item.node, item.text);
    if (!range || (accept && !accept(item.node, *range))) continue;
    if (range->count > 1 && !whole_entries.insert(range->entry).second) continue;
    for (std::uint32_t i = 0; i < range->count; ++i) out.push_back(range->first + i);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::optional<std::vector<ResourceIndex>> read_tag_selection(LoadContext& ctx, const Node& n) {
  if (!n.expect_object("an object of tags, e.g. {\"app\": \"shop\"}")) return std::nullopt;
  std::vector<std::pair<std::string, std::string>> wanted;
  bool ok = true;
  for (auto& [key, value] : n.members()) {
    auto v = read_string(value, "a string (the tag's value)");
    if (v)
      wanted.emplace_back(key, *v);
    else
      ok = false;
  }
  if (!ok) return std::nullopt;
  // Tags are stored once per entry: judged once for all of a fleet's members.
  std::vector<ResourceIndex> out;
  for (const models::ResourceGroup& g : ctx.s.groups) {
    const bool all = std::all_of(wanted.begin(), wanted.end(), [&](const auto& w) {
      return std::find(g.tags.begin(), g.tags.end(), w) != g.tags.end();
    });
    if (all)
      for (std::uint32_t m = 0; m < g.count; ++m) out.push_back(g.first + m);
  }
  return out;
}

}  // namespace drsim::scenarios
