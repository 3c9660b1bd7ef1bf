#pragma once
// Which protections cover each resource: the inverse of the scenario's protection lists,
// built once per scenario so a trial walks only a resource's own mechanisms.
#include <cstdint>
#include <vector>

#include "models/scenario.hpp"

namespace drsim::models {

// Which list of Scenario a ProtectionRef indexes.
enum class ProtectionKind : std::uint8_t { backup_rule, snapshot_policy, continuous, replication, ami_copy };

struct ProtectionRef {
  ProtectionKind kind;
  std::uint32_t index;  // into the scenario's list for that kind
};

class ProtectionMap {
 public:
  explicit ProtectionMap(const Scenario& s);
  // The protections of resource r, in (kind, index) order.
  const ProtectionRef* begin(ResourceIndex r) const { return refs_.data() + offsets_[r]; }
  const ProtectionRef* end(ResourceIndex r) const { return refs_.data() + offsets_[r + 1]; }
  bool any(ResourceIndex r) const { return offsets_[r] != offsets_[r + 1]; }
  // The AWS Backup rule that gives the resource its continuous backup, or -1. AWS makes
  // one continuous backup per resource: for the first plan it evaluates (scenario order),
  // and within it the rule with the longest retention; every other continuous rule of the
  // resource makes snapshots only (AWS Backup, "Overlapping continuous backups").
  std::int64_t continuous_rule(ResourceIndex r) const { return continuous_rule_[r]; }

 private:
  std::vector<std::uint32_t> offsets_;  // CSR layout: compact for tens of thousands of resources
  std::vector<ProtectionRef> refs_;
  std::vector<std::int64_t> continuous_rule_;
};

// Whether some protection of `r` keeps recovery points (or a replica) outside `region`: a
// backup vault or copy, a snapshot copy, a replica or an image copy there.
bool keeps_point_outside(const Scenario& s, const ProtectionMap& map, ResourceIndex r, RegionIndex region);

}  // namespace drsim::models
