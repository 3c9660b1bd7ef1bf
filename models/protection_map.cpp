#include "models/protection_map.hpp"

#include <algorithm>

namespace drsim::models {

ProtectionMap::ProtectionMap(const Scenario& s) {
  std::vector<std::pair<ResourceIndex, ProtectionRef>> pairs;
  auto add = [&](ProtectionKind kind, std::size_t index, const std::vector<ResourceIndex>& rs) {
    for (ResourceIndex r : rs) pairs.push_back({r, {kind, static_cast<std::uint32_t>(index)}});
  };
  for (std::size_t i = 0; i < s.backup_rules.size(); ++i)
    add(ProtectionKind::backup_rule, i, s.backup_rules[i].resources);
  for (std::size_t i = 0; i < s.snapshot_policies.size(); ++i)
    add(ProtectionKind::snapshot_policy, i, s.snapshot_policies[i].resources);
  for (std::size_t i = 0; i < s.continuous_backups.size(); ++i)
    add(ProtectionKind::continuous, i, s.continuous_backups[i].resources);
  for (std::size_t i = 0; i < s.replications.size(); ++i)
    add(ProtectionKind::replication, i, s.replications[i].resources);
  for (std::size_t i = 0; i < s.ami_copies.size(); ++i)
    add(ProtectionKind::ami_copy, i, s.ami_copies[i].resources);

  std::stable_sort(pairs.begin(), pairs.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  offsets_.assign(s.resources.size() + 1, 0);
  refs_.reserve(pairs.size());
  for (const auto& [r, ref] : pairs) {
    ++offsets_[r + 1];
    refs_.push_back(ref);
  }
  for (std::size_t i = 1; i < offsets_.size(); ++i) offsets_[i] += offsets_[i - 1];

  continuous_rule_.assign(s.resources.size(), -1);
  for (ResourceIndex r = 0; r < s.resources.size(); ++r) {
    std::int64_t chosen = -1;
    for (const ProtectionRef* ref = begin(r); ref != end(r); ++ref) {
      if (ref->kind != ProtectionKind::backup_rule || !s.backup_rules[ref->index].continuous) continue;
      const BackupRule& rule = s.backup_rules[ref->index];
      if (chosen < 0) {
        chosen = ref->index;
        continue;
      }
      const BackupRule& best = s.backup_rules[static_cast<std::size_t>(chosen)];
      if (rule.plan_index == best.plan_index && rule.retention_rank() > best.retention_rank()) chosen = ref->index;
    }
    continuous_rule_[r] = chosen;
  }
}

bool keeps_point_outside(const Scenario& s, const ProtectionMap& map, ResourceIndex r, RegionIndex region) {
  for (const ProtectionRef* ref = map.begin(r); ref != map.end(r); ++ref) {
    switch (ref->kind) {
      case ProtectionKind::backup_rule:
        for (const auto& c : s.backup_rules[ref->index].copies)
          if (s.region_of_vault(c.vault) != region) return true;
        if (s.region_of_vault(s.backup_rules[ref->index].vault) != region) return true;
        break;
      case ProtectionKind::snapshot_policy:
        for (const auto& c : s.snapshot_policies[ref->index].copies)
          if (c.region != region) return true;
        break;
      case ProtectionKind::continuous: break;
      case ProtectionKind::replication:
        for (RegionIndex to : s.replications[ref->index].to)
          if (to != region) return true;
        break;
      case ProtectionKind::ami_copy:
        if (s.ami_copies[ref->index].copy_to != region) return true;
        break;
    }
  }
  return false;
}

}  // namespace drsim::models
