#include "models/control_plane.hpp"

#include <algorithm>

#include "models/recovery_point.hpp"

namespace drsim::models {
namespace {

// The API step a recovered resource needed, or nullptr when it needed none.
const char* step_of(const Scenario& s, const ResourceOutcome& o) {
  switch (o.status) {
    case ResourceStatus::restored:
      return o.has_point && o.point.is_image() ? nullptr : "restore";
    case ResourceStatus::promoted: return o.automatic ? nullptr : "promote a replica";
    case ResourceStatus::new_instance: return "create a DB instance";
    case ResourceStatus::relaunched: return "launch from an image";
    case ResourceStatus::scaled_out: return "launch a pilot light (RunInstances / Auto Scaling)";
    default: (void)s; return nullptr;
  }
}

}  // namespace

std::vector<ControlPlaneStep> control_plane_steps(const Scenario& s, const TrialResult& t) {
  std::vector<ControlPlaneStep> out;
  const Failure& f = s.failures[t.failure];
  auto failed_region = [&](RegionIndex g) {
    if (g == kNoRegion) return false;
    if (f.scope == FailureScope::region) return f.target == g;
    return false;  // an AZ or resource loss leaves its Region's control planes
  };
  auto add = [&](std::string step, std::string service, RegionIndex region) {
    for (auto& c : out)
      if (c.step == step && c.service == service && c.region == region) {
        ++c.count;
        return;
      }
    out.push_back({std::move(step), std::move(service), region, 1, failed_region(region)});
  };
  for (ResourceIndex r = 0; r < s.resources.size(); ++r) {
    const ResourceOutcome& o = t.resources[r];
    if (!o.impacted() || !o.recovered()) continue;
    if (const char* step = step_of(s, o)) {
      const std::string_view service = o.has_point && (o.point.mechanism == Mechanism::backup_rule ||
                                            o.point.mechanism == Mechanism::backup_copy ||
                                            o.point.mechanism == Mechanism::backup_continuous)
                                ? std::string_view("AWS Backup")
                                : traits(s.resources[r].type).service;
      add(step, std::string(service), o.recovery_region);
    }
  }
  const bool any_cut_over = std::any_of(t.applications.begin(), t.applications.end(),
                                        [](const ApplicationOutcome& a) { return a.impacted && a.recoverable; });
  if (any_cut_over && s.recovery.routing == Routing::dns_change) {
    RegionIndex route53 = kNoRegion;
    for (RegionIndex g = 0; g < s.regions.size(); ++g)
      if (s.regions[g].name == kRoute53ControlPlaneRegion) route53 = g;
    ControlPlaneStep c{"Route 53 record change (cutover)", "Amazon Route 53", route53, 1, failed_region(route53)};
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace drsim::models
