#pragma once
// The recovery points of every source that is not AWS Backup, for one resource:
// - native snapshot policies (RDS automated backups with their logs, DLM with its copy and
//   fast-snapshot-restore rules, FSx automatic backups, Redshift automated snapshots and
//   their cross-Region copies, Storage Gateway snapshot schedules);
// - continuous backups (always-on point-in-time restore);
// - replicas (replication), evaluated as of the failure;
// - AMIs and their copies.
// Native jobs of one policy never wait for each other, so any scheduled instant is a safe
// start for a window; continuous sources and replicas have a single point as of `as_of`.
#include <vector>

#include "models/random_keys.hpp"
#include "models/recovery_point.hpp"

namespace drsim::models {

// Reusable buffers of the native snapshot replays (one engine, one thread): no allocation per trial.
struct SnapshotScratch {
  std::vector<sim::Time> due, before, last_copy;
};

// The snapshots (and copies, and RDS point-in-time restores) of policy `index` for resource
// `r` from jobs due in [from, as_of]; `from` <= 0 means from the epoch.
void snapshot_policy_points(const Scenario& s, ResourceIndex r, std::uint32_t index, sim::Time from, sim::Time as_of,
                            const TrialKey& key, std::vector<RecoveryPoint>& out, SnapshotScratch& scratch);
void snapshot_policy_points(const Scenario& s, ResourceIndex r, std::uint32_t index, sim::Time from, sim::Time as_of,
                            const TrialKey& key, std::vector<RecoveryPoint>& out);
// The interval between the policy's snapshots of `r` (its schedule's, or shorter where a
// Redshift cluster's change rate reaches 5 GB per node sooner); for windows.
sim::Duration snapshot_interval(const Scenario& s, ResourceIndex r, std::uint32_t index);

void continuous_points(const Scenario& s, ResourceIndex r, std::uint32_t index, sim::Time as_of, const TrialKey& key,
                       std::vector<RecoveryPoint>& out);
void replica_points(const Scenario& s, ResourceIndex r, std::uint32_t index, sim::Time as_of, const TrialKey& key,
                    std::vector<RecoveryPoint>& out);
void ami_points(const Scenario& s, ResourceIndex r, std::uint32_t index, const TrialKey& key,
                std::vector<RecoveryPoint>& out);
// An image is present in its own Region whether or not it is copied anywhere.
void image_in_own_region(const Scenario& s, ResourceIndex r, std::vector<RecoveryPoint>& out);

}  // namespace drsim::models
