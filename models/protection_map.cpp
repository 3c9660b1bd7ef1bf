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
  for (std::size_t i = 0; i < s.rds_backups.size(); ++i)
    add(ProtectionKind::rds_automated_backups, i, s.rds_backups[i].resources);
  for (std::size_t i = 0; i < s.dlm_policies.size(); ++i)
    add(ProtectionKind::dlm_snapshots, i, s.dlm_policies[i].resources);
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
}

}  // namespace drsim::models
