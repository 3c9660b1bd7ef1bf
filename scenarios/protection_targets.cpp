#include "scenarios/protection_targets.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "models/duration_text.hpp"
#include "scenarios/values.hpp"

namespace drsim::scenarios {
namespace {

constexpr std::int32_t kMaxRetentionDays = 36'500;  // AWS's "maximum is 100 years"

std::string type_list(std::initializer_list<models::ResourceType> types) {
  std::string out;
  std::size_t i = 0;
  for (auto t : types) {
    if (i > 0) out += i + 1 == types.size() ? " or " : ", ";
    out += models::to_string(t);
    ++i;
  }
  return out;
}

bool one_of(models::ResourceType t, std::initializer_list<models::ResourceType> types) {
  return std::find(types.begin(), types.end(), t) != types.end();
}

std::vector<ResourceIndex> select_targets(LoadContext& ctx, const Node& n, std::string_view kind,
                                          std::initializer_list<models::ResourceType> types) {
  const Node ids = n["resources"], tags = n["tags"];
  if (ids.present() == tags.present()) {
    n.error(fmt::format("{} needs exactly one of \"resources\" (ids) or \"tags\" (a tag selection)", kind));
    return {};
  }
  if (ids.present()) {
    // A fleet's members share its type: checking the first member checks them all.
    auto list =
        read_resource_list(ctx, ids, "an array of resource ids", [&](const Node& item, const ResourceRange& range) {
          const auto& first = ctx.s.resources[range.first];
          if (one_of(first.type, types)) return true;
          item.error(fmt::format("{} protects {} resources; \"{}\" is of type {}", kind, type_list(types),
                                 item.json().get<std::string>(), models::to_string(first.type)));
          return false;
        });
    if (!list) return {};
    if (ids.size() == 0) ids.error("expected at least one resource id");
    return *list;
  }
  auto tagged = read_tag_selection(ctx, tags);
  if (!tagged) return {};
  std::vector<ResourceIndex> out;
  for (ResourceIndex r : *tagged)
    if (one_of(ctx.s.resources[r].type, types)) out.push_back(r);
  if (out.empty() && !ctx.resources_incomplete)
    tags.error(fmt::format("no {} resource has all these tags; the {} protection would protect nothing",
                           type_list(types), kind));
  return out;
}

}  // namespace

std::vector<ResourceIndex> read_targets(LoadContext& ctx, const Node& n, std::string_view kind,
                                        std::initializer_list<models::ResourceType> types) {
  auto targets = select_targets(ctx, n, kind, types);
  if (!ctx.charge_references(n, targets.size())) targets.clear();
  return targets;
}

std::optional<RegionIndex> read_other_region(LoadContext& ctx, const Node& n, const std::vector<ResourceIndex>& targets) {
  auto region = ctx.read_region(n);
  if (!region) return std::nullopt;
  for (ResourceIndex r : targets) {
    if (ctx.s.resources[r].region == *region) {
      n.error(fmt::format("\"{}\" is already in {}; copies and replicas here go to another Region",
                          ctx.s.resources[r].id, ctx.s.regions[*region].name));
      return std::nullopt;
    }
  }
  return region;
}

std::optional<std::int32_t> read_days_in(const Node& n, std::int32_t lo, std::int32_t hi, std::string_view zero_means) {
  if (!zero_means.empty() && n.json().is_number() && integral_value(n.json()) == 0.0) {
    n.error(fmt::format("0 days {}; expected {} to {} days", zero_means, lo, hi));
    return std::nullopt;
  }
  auto v = read_int(n, lo, hi, fmt::format("a number of days from {} to {}", lo, hi));
  if (!v) return std::nullopt;
  return static_cast<std::int32_t>(*v);
}

std::optional<std::int32_t> read_age_days(const Node& n) {
  auto d = read_duration(n);
  if (!d) return std::nullopt;
  if (*d % sim::kDay != 0 || *d < sim::kDay || *d > kMaxRetentionDays * sim::kDay) {
    n.error(fmt::format("retention {} is not a whole number of days from 1d to 36500d (100 years)",
                        models::format_duration(*d)));
    return std::nullopt;
  }
  return static_cast<std::int32_t>(*d / sim::kDay);
}

std::optional<int> read_time_of_day(const Node& n) {
  auto text = read_string(n, "a time of day \"hh:mm\" in UTC, e.g. \"09:00\"");
  if (!text) return std::nullopt;
  auto parsed = models::parse_time_of_day(*text);
  if (auto* err = std::get_if<std::string>(&parsed)) {
    n.error(*err);
    return std::nullopt;
  }
  return std::get<int>(parsed);
}

void read_start_delay(LoadContext& ctx, const Node& n, models::Distribution& into) {
  if (n.present())
    if (auto d = read_distribution(n, ValueKind::duration, ctx.epoch)) into = *d;
}

}  // namespace drsim::scenarios
