#pragma once
// Which protections cover each resource: the inverse of the scenario's protection lists,
// built once per scenario so a trial walks only a resource's own mechanisms.
#include <cstdint>
#include <vector>

#include "models/scenario.hpp"

namespace drsim::models {

enum class ProtectionKind : std::uint8_t { backup_rule, rds_automated_backups, dlm_snapshots, ami_copy };

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

 private:
  std::vector<std::uint32_t> offsets_;  // CSR layout: compact for tens of thousands of resources
  std::vector<ProtectionRef> refs_;
};

}  // namespace drsim::models
