#include "models/unrecoverable_cause.hpp"

#include <unordered_map>

#include <fmt/format.h>

namespace drsim::models {

std::string_view cause_code(UnrecoverableCause cause) {
  switch (cause) {
    case UnrecoverableCause::no_usable_point: return "no_usable_point";
    case UnrecoverableCause::requires_unrecoverable: return "requires_unrecoverable";
    case UnrecoverableCause::no_recovery_region: return "no_recovery_region";
    case UnrecoverableCause::no_protection: return "no_protection";
    case UnrecoverableCause::no_image: return "no_image";
    case UnrecoverableCause::none: break;
  }
  return "";
}

std::vector<ResourceIndex> blocking_chain(const TrialResult& t, ResourceIndex r) {
  std::vector<ResourceIndex> chain{r};
  // The requires graph is acyclic (the loader refuses cycles); the bound keeps a damaged
  // result from looping all the same.
  while (chain.size() <= t.resources.size()) {
    const ResourceOutcome& o = t.resources[chain.back()];
    if (o.cause != UnrecoverableCause::requires_unrecoverable || o.blocked_by == kNoResource) break;
    chain.push_back(o.blocked_by);
  }
  return chain;
}

ResourceIndex blocking_root(const TrialResult& t, ResourceIndex r) {
  for (std::size_t steps = 0; steps < t.resources.size(); ++steps) {
    const ResourceOutcome& o = t.resources[r];
    if (o.cause != UnrecoverableCause::requires_unrecoverable || o.blocked_by == kNoResource) break;
    r = o.blocked_by;
  }
  return r;
}

std::string root_cause_text(const Scenario& s, const ProtectionMap& map, const Failure& failure, ResourceIndex root,
                            UnrecoverableCause cause) {
  const Resource& res = s.resources[root];
  const std::string region = res.region != kNoRegion ? s.regions[res.region].name : std::string("its Region");
  switch (cause) {
    case UnrecoverableCause::no_usable_point:
      if (failure.scope == FailureScope::region) {
        if (!keeps_point_outside(s, map, root, res.region))
          return fmt::format("has no usable recovery point outside {} (nothing copies or replicates it out of that "
                             "Region)",
                             region);
        return fmt::format("has no usable recovery point outside {} (no copy out of that Region was complete and usable "
                           "at the failure)",
                           region);
      }
      return "has no recovery point usable at the failure (none had completed and was usable by then)";
    case UnrecoverableCause::no_protection: return "has no backup, snapshot or replica (nothing protects it)";
    case UnrecoverableCause::no_recovery_region:
      return fmt::format("is in {}, for which no failover Region is mapped", region);
    case UnrecoverableCause::no_image:
      return "has no image to launch it in the recovery Region (it requires no AMI with a copy there, and has no AWS "
             "Backup point of its own there)";
    case UnrecoverableCause::requires_unrecoverable:
    case UnrecoverableCause::none: break;
  }
  return "cannot be recovered";
}

namespace {
std::string predicate_of(const Scenario& s, const ProtectionMap& map, const Failure& failure,
                         const std::vector<ResourceIndex>& chain, UnrecoverableCause root_cause) {
  std::string out;
  for (std::size_t i = 1; i < chain.size(); ++i) out += fmt::format("requires {}, which ", s.resources[chain[i]].id);
  return out + root_cause_text(s, map, failure, chain.back(), root_cause);
}
}  // namespace

std::string blocking_predicate(const Scenario& s, const ProtectionMap& map, const Failure& failure, const TrialResult& t,
                               ResourceIndex r) {
  const std::vector<ResourceIndex> chain = blocking_chain(t, r);
  return predicate_of(s, map, failure, chain, t.resources[chain.back()].cause);
}

std::string chain_text(const Scenario& s, const ProtectionMap& map, const Failure& failure,
                       const std::vector<ResourceIndex>& chain, UnrecoverableCause root_cause) {
  return s.resources[chain.front()].id + " " + predicate_of(s, map, failure, chain, root_cause);
}

std::vector<ResourceIndex> requirement_path(const Scenario& s, ResourceIndex from, ResourceIndex to) {
  if (from == to) return {from};
  // Breadth first over requirements; each resource is reached once. The parents are kept in a
  // map: a fleet's summary asks for a path per cause, and most paths are short.
  std::unordered_map<ResourceIndex, ResourceIndex> parent{{from, from}};
  std::vector<ResourceIndex> frontier{from};
  for (std::size_t next = 0; next < frontier.size() && !parent.contains(to); ++next)
    for (ResourceIndex u : s.requirements_of(frontier[next]))
      if (parent.emplace(u, frontier[next]).second) frontier.push_back(u);
  if (!parent.contains(to)) return {from, to};
  std::vector<ResourceIndex> path{to};
  while (path.back() != from) path.push_back(parent.at(path.back()));
  return {path.rbegin(), path.rend()};
}

std::string blocking_chain_text(const Scenario& s, const ProtectionMap& map, const Failure& failure,
                                const TrialResult& t, ResourceIndex r) {
  return s.resources[r].id + " " + blocking_predicate(s, map, failure, t, r);
}

}  // namespace drsim::models
