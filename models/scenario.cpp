#include "models/scenario.hpp"

#include <algorithm>

namespace drsim::models {

double Resource::changed_mib(sim::Duration span) const {
  const double days = static_cast<double>(std::max<sim::Duration>(span, 0)) / static_cast<double>(sim::kDay);
  return std::min(change_gb_per_day * days, size_gb) * kMibPerGb;
}

Disruption disruption_of(FailureScope s) {
  switch (s) {
    case FailureScope::az: return Disruption::AZ;
    case FailureScope::region: return Disruption::Region;
    case FailureScope::resource: return Disruption::Hardware;
  }
  return Disruption::Hardware;
}

std::string_view to_string(FailureScope s) {
  switch (s) {
    case FailureScope::az: return "az";
    case FailureScope::region: return "region";
    case FailureScope::resource: return "resource";
  }
  return "resource";
}

std::string_view to_string(Routing r) {
  switch (r) {
    case Routing::dns_change: return "dns_change";
    case Routing::dns_failover: return "dns_failover";
    case Routing::arc: return "arc";
  }
  return "dns_change";
}

std::optional<ResourceIndex> Scenario::find_resource(std::string_view id) const {
  for (std::size_t i = 0; i < resources.size(); ++i)
    if (resources[i].id == id) return static_cast<ResourceIndex>(i);
  return std::nullopt;
}

sim::Time Scenario::latest_failure_instant() const {
  sim::Time latest = 0;
  for (const Failure& f : failures) latest = std::max(latest, f.at.upper_bound());
  return latest;
}

std::optional<std::size_t> Scenario::find_failure(std::string_view name) const {
  for (std::size_t i = 0; i < failures.size(); ++i)
    if (failures[i].name == name) return i;
  return std::nullopt;
}

}  // namespace drsim::models
