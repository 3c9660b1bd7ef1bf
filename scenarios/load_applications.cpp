// /applications: groups of resources with RTO/RPO targets in AWS Resilience Hub's shape.
#include <set>

#include <fmt/format.h>

#include "scenarios/did_you_mean.hpp"
#include "scenarios/load_sections.hpp"

namespace drsim::scenarios {
namespace {

constexpr std::string_view kApplicationKeys[] = {"name", "resources", "policy"};
constexpr std::string_view kApplicationRequired[] = {"name", "resources"};
// A whole CreateResiliencyPolicy request body.
constexpr std::string_view kPolicyBodyKeys[] = {"policyName",        "tier", "policy", "dataLocationConstraint",
                                                "policyDescription", "tags"};
constexpr std::string_view kPolicyBodyRequired[] = {"policyName", "tier", "policy"};
constexpr std::string_view kTargetKeys[] = {"rtoInSecs", "rpoInSecs"};
constexpr std::string_view kTiers[] = {"MissionCritical", "Critical",    "Important",
                                       "CoreServices",    "NonCritical", "NotApplicable"};
constexpr std::string_view kDataLocations[] = {"AnyLocation", "SameContinent", "SameCountry"};
constexpr std::int64_t kMaxSeconds = 10LL * 365 * 24 * 3600;  // ten years: anything longer is a typo

// {"AZ": {"rtoInSecs": n, "rpoInSecs": n}, "Region": ..., "Software": ..., "Hardware": ...}
void read_disruptions(const Node& n, models::Application& app) {
  if (!n.check_object("a resiliency policy (Software, Hardware, AZ, Region)", Keys(models::kDisruptionNames))) return;
  for (std::size_t d = 0; d < models::kDisruptionNames.size(); ++d) {
    const Node t = n[models::kDisruptionNames[d]];
    if (!t.present()) continue;
    if (!t.check_object("a failure policy", keys(kTargetKeys), keys(kTargetKeys))) continue;
    models::Target target;
    bool ok = t["rtoInSecs"].present() && t["rpoInSecs"].present();
    if (Node v = t["rtoInSecs"]; v.present()) {
      if (auto s = read_int(v, 0, kMaxSeconds, "a number of seconds >= 0"))
        target.rto_s = *s;
      else
        ok = false;
    }
    if (Node v = t["rpoInSecs"]; v.present()) {
      if (auto s = read_int(v, 0, kMaxSeconds, "a number of seconds >= 0"))
        target.rpo_s = *s;
      else
        ok = false;
    }
    if (ok) app.policy[d] = target;
  }
}

void read_policy(const Node& n, models::Application& app) {
  if (!n.expect_object("an object (a Resilience Hub policy)")) return;
  const bool body = std::any_of(std::begin(kPolicyBodyKeys), std::end(kPolicyBodyKeys),
                                [&](std::string_view k) { return n.json().contains(k); });
  if (!body) return read_disruptions(n, app);
  if (!n.check_object("a CreateResiliencyPolicy body", keys(kPolicyBodyKeys), keys(kPolicyBodyRequired))) return;
  if (Node v = n["policyName"]; v.present())
    if (auto name = read_name(v, "a non-empty policy name")) app.policy_name = *name;
  if (Node v = n["tier"]; v.present()) {
    if (auto tier = read_string(v, "a tier name")) {
      if (std::find(std::begin(kTiers), std::end(kTiers), *tier) != std::end(kTiers))
        app.tier = *tier;
      else
        v.error(fmt::format("unknown tier \"{}\"; expected one of: {}{}", *tier, list_names(keys(kTiers)),
                            did_you_mean(*tier, keys(kTiers))));
    }
  }
  if (Node v = n["dataLocationConstraint"]; v.present()) {
    if (auto where = read_string(v, "a data location constraint")) {
      if (std::find(std::begin(kDataLocations), std::end(kDataLocations), *where) == std::end(kDataLocations))
        v.error(fmt::format("unknown dataLocationConstraint \"{}\"; expected one of: {}{}", *where,
                            list_names(keys(kDataLocations)), did_you_mean(*where, keys(kDataLocations))));
    }
  }
  if (Node v = n["policyDescription"]; v.present()) read_string(v);
  if (Node v = n["tags"]; v.present()) v.expect_object("an object of tags");
  if (Node v = n["policy"]; v.present()) read_disruptions(v, app);
}

}  // namespace

void load_applications(LoadContext& ctx) {
  const Node list = ctx.root["applications"];
  if (!list.present() || !list.expect_array("an array of applications")) return;
  std::set<std::string> names;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const Node n = list.at(i);
    if (!n.check_object("an application", keys(kApplicationKeys), keys(kApplicationRequired))) continue;
    models::Application app;
    if (Node v = n["name"]; v.present()) {
      if (auto name = read_name(v, "a non-empty application name")) {
        if (!names.insert(*name).second) v.error(fmt::format("duplicate application name \"{}\"", *name));
        app.name = *name;
      }
    }
    if (Node v = n["resources"]; v.present()) {
      if (auto list = read_resource_list(ctx, v, "an array of resource ids")) {
        if (v.size() == 0) v.error("expected at least one resource id");
        if (ctx.charge_references(v, list->size())) app.resources = std::move(*list);
      }
    }
    if (Node v = n["policy"]; v.present()) read_policy(v, app);
    ctx.s.applications.push_back(std::move(app));
  }
}

}  // namespace drsim::scenarios
