// Selection semantics follow AWS Backup's BackupSelection:
//   * `Resources` (ids, fleet ids, ARN patterns with `*`, or "*") and `ListOfTags`
//     (STRINGEQUALS conditions, any one matching) select the union of what they match;
//   * `Conditions` (StringEquals, StringNotEquals, StringLike, StringNotLike on
//     aws:ResourceTag/KEY) must all hold; alone they filter every resource of the Region;
//   * `NotResources` (same forms as `Resources`) removes resources;
//   * only resources in the plan's Region are selected: AWS Backup plans are regional.
// A selection that ends up matching nothing is an error: it is almost always a typo.
#include "scenarios/backup_selections.hpp"

#include <algorithm>
#include <iterator>
#include <limits>

#include <fmt/format.h>

#include "scenarios/pseudo_arn.hpp"

namespace drsim::scenarios {
namespace {

constexpr std::string_view kSelectionKeys[] = {"SelectionName", "IamRoleArn",   "Resources",
                                               "ListOfTags",    "NotResources", "Conditions"};
constexpr std::string_view kSelectionRequired[] = {"SelectionName"};
constexpr std::string_view kSelectionDocKeys[] = {"BackupSelection"};
constexpr std::string_view kSelectionDocIgnored[] = {"SelectionId", "BackupPlanId", "CreationDate", "CreatorRequestId",
                                                     "ResponseMetadata"};
constexpr std::string_view kTagConditionKeys[] = {"ConditionType", "ConditionKey", "ConditionValue"};
constexpr std::string_view kConditionOperators[] = {"StringEquals", "StringNotEquals", "StringLike", "StringNotLike"};
constexpr std::string_view kConditionKeys[] = {"ConditionKey", "ConditionValue"};
constexpr std::string_view kTagPrefix = "aws:ResourceTag/";

using Selection = std::vector<ResourceIndex>;  // sorted, without repeats

void normalise(Selection& s) {
  std::sort(s.begin(), s.end());
  s.erase(std::unique(s.begin(), s.end()), s.end());
}

const std::string* tag_value(const models::Tags& tags, std::string_view key) {
  for (const auto& [k, v] : tags)
    if (k == key) return &v;
  return nullptr;
}

template <class Pred>
void add_matching(const LoadContext& ctx, RegionIndex region, Selection& out, Pred&& pred) {
  for (ResourceIndex r = 0; r < ctx.s.resources.size(); ++r)
    if (ctx.s.resources[r].region == region && pred(ctx.s.resources[r])) out.push_back(r);
}

// Tags belong to a resource's entry (models::ResourceGroup), as does its Region: a tag
// predicate is asked once per entry, and a fleet's members join or stay out together, so
// the cost does not grow with fleet size times tag count.
template <class Pred>
void add_tagged(const LoadContext& ctx, RegionIndex region, Selection& out, Pred&& pred) {
  for (const models::ResourceGroup& g : ctx.s.groups)
    if (ctx.s.resources[g.first].region == region && pred(g.tags))
      for (std::uint32_t m = 0; m < g.count; ++m) out.push_back(g.first + m);
}

// One element of `Resources` / `NotResources`.
void read_resource_item(LoadContext& ctx, const StringItem& item, const PlanScope& scope, Selection& out) {
  const std::string& text = item.text;
  if (text == "*") {
    add_matching(ctx, scope.region, out, [](const models::Resource&) { return true; });
    return;
  }
  if (text.rfind("arn:", 0) == 0) {
    ArnFields f;
    if (!split_arn(text, f)) {
      item.node.error(
          fmt::format("malformed ARN \"{}\"; expected arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE "
                      "(with * wildcards)",
                      text));
      return;
    }
    const std::string& region_name = ctx.s.regions[scope.region].name;
    if (!f.region.empty() && f.region.find('*') == std::string_view::npos && f.region != region_name) {
      item.node.error(
          fmt::format("ARN \"{}\" names Region {}, but plan \"{}\" is for {}; AWS Backup plans are "
                      "regional",
                      text, f.region, scope.plan, region_name));
      return;
    }
    add_matching(ctx, scope.region, out,
                 [&](const models::Resource& r) { return arn_matches(text, pseudo_arn(r.type, region_name, r.id)); });
    return;
  }
  auto range = ctx.resource(item.node, text);
  if (!range) return;
  const models::Resource& first = ctx.s.resources[range->first];
  if (first.region != scope.region && first.region != models::kNoRegion) {
    item.node.error(
        fmt::format("resource \"{}\" is in Region {}, but plan \"{}\" is for {}; AWS Backup plans are "
                    "regional: select it from a plan in its own Region",
                    text, ctx.s.regions[first.region].name, scope.plan, ctx.s.regions[scope.region].name));
    return;
  }
  for (std::uint32_t i = 0; i < range->count; ++i) out.push_back(range->first + i);
}

std::optional<Selection> read_resource_items(LoadContext& ctx, const Node& n, const PlanScope& scope) {
  auto items = read_string_array(n, "an array of resource ids, fleet ids or ARNs");
  if (!items) return std::nullopt;
  Selection out;
  for (const auto& item : *items) read_resource_item(ctx, item, scope, out);
  normalise(out);
  return out;
}

// ListOfTags: [{"ConditionType": "STRINGEQUALS", "ConditionKey": k, "ConditionValue": v}].
void read_list_of_tags(LoadContext& ctx, const Node& n, const PlanScope& scope, Selection& out) {
  if (!n.expect_array("an array of tag conditions")) return;
  for (std::size_t i = 0; i < n.size(); ++i) {
    const Node c = n.at(i);
    if (!c.check_object("a ListOfTags condition", keys(kTagConditionKeys), keys(kTagConditionKeys))) continue;
    if (!c["ConditionType"].present() || !c["ConditionKey"].present() || !c["ConditionValue"].present()) continue;
    auto type = read_string(c["ConditionType"], "\"STRINGEQUALS\"");
    auto key = read_string(c["ConditionKey"], "a tag key");
    auto value = read_string(c["ConditionValue"], "a tag value");
    if (type && *type != "STRINGEQUALS") {
      c["ConditionType"].error(
          fmt::format("unsupported ConditionType \"{}\"; AWS Backup's ListOfTags takes "
                      "\"STRINGEQUALS\" (use Conditions for StringLike and negations)",
                      *type));
      continue;
    }
    if (!type || !key || !value) continue;
    std::string_view tag = *key;
    if (tag.rfind(kTagPrefix, 0) == 0) tag.remove_prefix(kTagPrefix.size());
    add_tagged(ctx, scope.region, out, [&](const models::Tags& tags) {
      const std::string* v = tag_value(tags, tag);
      return v != nullptr && *v == *value;
    });
  }
}

struct TagCondition {
  std::string key;
  std::string value;
  bool like = false;
  bool negated = false;

  bool holds(const models::Tags& tags) const {
    const std::string* v = tag_value(tags, key);
    const bool match = v != nullptr && (like ? wildcard_match(value, *v) : *v == value);
    return negated ? !match : match;
  }
};

// Conditions: {"StringEquals": [{"ConditionKey": "aws:ResourceTag/k", "ConditionValue": v}], ...}.
std::optional<std::vector<TagCondition>> read_conditions(const Node& n) {
  if (!n.check_object("Conditions", keys(kConditionOperators))) return std::nullopt;
  std::vector<TagCondition> out;
  bool ok = true;
  for (auto& [op, list] : n.members()) {
    if (std::find(std::begin(kConditionOperators), std::end(kConditionOperators), op) == std::end(kConditionOperators))
      continue;  // reported as an unknown key
    if (!list.expect_array(fmt::format("an array of {} conditions", op))) {
      ok = false;
      continue;
    }
    for (std::size_t i = 0; i < list.size(); ++i) {
      const Node c = list.at(i);
      if (!c.check_object("a condition", keys(kConditionKeys), keys(kConditionKeys)) || !c["ConditionKey"].present() ||
          !c["ConditionValue"].present()) {
        ok = false;
        continue;
      }
      auto key = read_string(c["ConditionKey"], "a condition key \"aws:ResourceTag/KEY\"");
      auto value = read_string(c["ConditionValue"], "a string");
      if (!key || !value) {
        ok = false;
        continue;
      }
      if (key->rfind(kTagPrefix, 0) != 0) {
        c["ConditionKey"].error(
            fmt::format("condition key \"{}\" is not supported; drsim selects by tags: expected "
                        "\"aws:ResourceTag/KEY\"",
                        *key));
        ok = false;
        continue;
      }
      out.push_back(TagCondition{key->substr(kTagPrefix.size()), *value, op.find("Like") != std::string::npos,
                                 op.find("Not") != std::string::npos});
    }
  }
  if (!ok) return std::nullopt;
  return out;
}

std::optional<Selection> read_selection(LoadContext& ctx, const Node& given, const PlanScope& scope) {
  Node n = given;
  // The `get-backup-selection` response wraps the selection with its metadata.
  if (given.present() && given.json().is_object() && given.json().contains("BackupSelection")) {
    if (!given.check_object("a get-backup-selection document", keys(kSelectionDocKeys), {}, keys(kSelectionDocIgnored)))
      return std::nullopt;
    n = given["BackupSelection"];
  }
  const std::size_t errors_before = ctx.diags.count();
  if (!n.check_object("a backup selection", keys(kSelectionKeys), keys(kSelectionRequired))) return std::nullopt;
  if (Node name = n["SelectionName"]; name.present()) read_name(name, "a non-empty selection name");

  const Node resources = n["Resources"], tags = n["ListOfTags"], conditions = n["Conditions"];
  const Node excluded = n["NotResources"];
  if (!resources.present() && !tags.present() && !conditions.present()) {
    n.error("the selection names no resources; expected \"Resources\", \"ListOfTags\" or \"Conditions\"");
    return std::nullopt;
  }
  if (scope.region == models::kNoRegion) return std::nullopt;  // the plan's Region is already reported

  Selection chosen;
  bool ok = true;
  if (resources.present()) {
    if (auto s = read_resource_items(ctx, resources, scope))
      chosen = std::move(*s);
    else
      ok = false;
  }
  if (tags.present()) read_list_of_tags(ctx, tags, scope, chosen);
  if (!resources.present() && !tags.present())
    add_matching(ctx, scope.region, chosen, [](const models::Resource&) { return true; });
  normalise(chosen);

  if (conditions.present()) {
    if (auto conds = read_conditions(conditions)) {
      // `chosen` is sorted, so a fleet's members are adjacent: its tags are judged once.
      std::uint32_t judged_group = std::numeric_limits<std::uint32_t>::max();
      bool kept = false;
      std::erase_if(chosen, [&](ResourceIndex r) {
        const std::uint32_t g = ctx.s.resources[r].group;
        if (g != judged_group) {
          judged_group = g;
          kept = std::all_of(conds->begin(), conds->end(),
                             [&](const TagCondition& c) { return c.holds(ctx.s.groups[g].tags); });
        }
        return !kept;
      });
    } else {
      ok = false;
    }
  }
  if (excluded.present()) {
    if (auto out = read_resource_items(ctx, excluded, scope)) {
      Selection kept;
      std::set_difference(chosen.begin(), chosen.end(), out->begin(), out->end(), std::back_inserter(kept));
      chosen = std::move(kept);
    } else {
      ok = false;
    }
  }
  // After a problem in this selection, or with resources missing, an empty match proves nothing.
  if (!ok || ctx.diags.count() != errors_before || ctx.resources_incomplete) return chosen;
  if (chosen.empty())
    n.error(fmt::format("selection matches no resource in {}, the Region of plan \"{}\"",
                        ctx.s.regions[scope.region].name, scope.plan));
  return chosen;
}

}  // namespace

std::vector<ResourceIndex> read_selections(LoadContext& ctx, const Node& n, const PlanScope& scope) {
  Selection all;
  if (!n.present() || !n.expect_array("an array of backup selections")) return all;
  for (std::size_t i = 0; i < n.size(); ++i) {
    auto s = read_selection(ctx, n.at(i), scope);
    if (!s) continue;
    // Merged one by one, so many overlapping selections never hold more than the resources.
    Selection merged;
    merged.reserve(all.size() + s->size());
    std::set_union(all.begin(), all.end(), s->begin(), s->end(), std::back_inserter(merged));
    all = std::move(merged);
  }
  return all;
}

}  // namespace drsim::scenarios
