#pragma once
// How each resource comes back from a failure: the recovery method, chosen from what the
// failure took, the resource's placement and its protections, with the work it takes.
//
//   failure takes...             placement / protection            method (status)
//   its AZ                       multi-AZ standby or replica       failover, on its own
//   its AZ                       cluster volume, no replica        new DB instance on the volume
//   its AZ, Region, or itself    a usable recovery point           restore (or promote a replica;
//                                                                  S3 and DynamoDB replicas serve as they are)
//   any                          ec2 with its own AWS Backup point restore the instance from it
//   its AZ (or itself)           ec2 otherwise                     relaunch from the Region's image
//   its Region                   ec2 requiring an ami              relaunch from the image's copy
//   otherwise                                                      unrecoverable, with the cause
//
// The engine runs what is chosen; it does not branch on resource types.
#include <vector>

#include "models/backup_history.hpp"
#include "models/trial_result.hpp"

namespace drsim::models {

// The newest usable point in `points` for a failure at `failure_at` that destroyed what
// `lost` names, preferring, among equally new points, one already in `recovery_region` and
// then one in the warm tier. -1 when none is usable.
int best_usable_point(const std::vector<RecoveryPoint>& points, sim::Time failure_at, LostScope lost,
                      RegionIndex recovery_region);

struct MethodInputs {
  const Scenario& s;
  const BackupHistory& history;
  const Failure& failure;
  sim::Time failure_at;
  LostScope lost;
  const TrialKey& key;
};

// Whether failure `f` touches resource `r`: its scope and target decide, the same in every
// trial (an AZ loss touches what lives in that AZ, a Region loss what is in the Region).
bool touches(const Scenario& s, const Failure& f, ResourceIndex r);

// Fills `o` for resource `r`: status, recovery place, point, work, cause. Leaves it
// not_impacted when the failure does not touch it. `points` and `scratch` are reused buffers.
void choose_method(const MethodInputs& in, ResourceIndex r, ResourceOutcome& o, std::vector<RecoveryPoint>& points,
                   HistoryScratch& scratch);

// The part of a restored volume's work that depends on when it starts: reading every block,
// unless the snapshot's fast snapshot restore is enabled and credited in its AZ by `start`.
void settle_initialization(const Scenario& s, sim::Time start, ResourceOutcome& o);

}  // namespace drsim::models
