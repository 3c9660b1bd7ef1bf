#pragma once
// Plays a resource's protections forward and lists the recovery points they made.
//
// Every mechanism is computed per resource, directly: jobs are independent across
// resources, so no event queue is needed here (the recovery, with its shared pools, runs
// on the kernel). Continuous protections (point-in-time restore) are evaluated "as of" the
// end of the horizon: they yield the one newest restorable point at that instant.
#include <vector>

#include "models/protection_map.hpp"
#include "models/random_keys.hpp"
#include "models/recovery_point.hpp"
#include "models/scenario.hpp"

namespace drsim::models {

class BackupHistory {
 public:
  BackupHistory(const Scenario& s, const ProtectionMap& map) : s_(s), map_(map) {}

  // Appends to `out` the points of resource r from every job scheduled in [0, as_of]:
  // completed ones (possibly still in flight at `as_of`, i.e. available later), and the
  // jobs that failed (outcome expired or cancelled), which made no usable point.
  void collect(ResourceIndex r, sim::Time as_of, const TrialKey& key, std::vector<RecoveryPoint>& out) const;

 private:
  void backup_rules(ResourceIndex r, sim::Time as_of, const TrialKey& key, std::vector<RecoveryPoint>& out) const;
  void rds_automated(ResourceIndex r, std::uint32_t index, sim::Time as_of, const TrialKey& key,
                     std::vector<RecoveryPoint>& out) const;
  void dlm(ResourceIndex r, std::uint32_t index, sim::Time as_of, const TrialKey& key,
           std::vector<RecoveryPoint>& out) const;
  void ami(ResourceIndex r, std::uint32_t index, const TrialKey& key, std::vector<RecoveryPoint>& out) const;

  const Scenario& s_;
  const ProtectionMap& map_;
};

}  // namespace drsim::models
