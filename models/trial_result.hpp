#pragma once
// What one trial of one failure produced: per resource and per application, with enough of
// the "why" (point used, waits, gates) for the walkthrough to explain it.
#include <cstdint>
#include <vector>

#include "models/recovery_point.hpp"
#include "models/scenario.hpp"

namespace drsim::models {

// How a resource came back: the recovery method the engine chose from its placement and
// protections (architecture.md, "Recovery methods").
enum class ResourceStatus : std::uint8_t {
  not_impacted,   // outside the failed scope: serving throughout
  failed_over,    // a multi-AZ standby or replica in another AZ took over, on its own
  new_instance,   // a new DB instance on the cluster volume that survived (Aurora, DocumentDB, Neptune)
  restored,       // restored from a recovery point
  promoted,       // a replica elsewhere made the primary (or already serving, for S3 and DynamoDB)
  relaunched,     // stateless compute launched again from its image
  scaled_out,     // a pilot-light standby: launched, booted and health-checked in the recovery Region
  standby_serving,// a warm or active standby already running in the recovery Region took the load
  unrecoverable,  // no usable point, or it requires something unrecoverable
};

enum class UnrecoverableCause : std::uint8_t {
  none,
  no_usable_point,         // protected, but no point survives the failure or is ready by it
  requires_unrecoverable,  // something it requires cannot be recovered
  no_recovery_region,      // no failover Region is mapped for its Region
  no_protection,           // nothing makes recovery points for it
  no_image,                // an instance with no image in the recovery Region
};

struct ResourceOutcome {
  ResourceStatus status = ResourceStatus::not_impacted;
  UnrecoverableCause cause = UnrecoverableCause::none;
  ResourceIndex blocked_by = kNoResource;      // for requires_unrecoverable
  RegionIndex recovery_region = kNoRegion;
  AzIndex recovery_az = kNoAz;
  bool has_point = false;
  RecoveryPoint point;                          // the one restored from (has_point)
  bool cold = false;                            // restored from the cold tier
  bool cross_region = false;                    // the point had to be copied to the recovery Region
  sim::Time ready_at = sim::kNever;             // declared and everything it requires recovered
  sim::Time started_at = sim::kNever;           // holds every pool slot it needs
  sim::Time recovered_at = sim::kNever;         // serving again
  sim::Duration work = 0;                       // restore/relaunch/failover duration, initialization included
  sim::Duration initialize = 0;                 // of which reading every block of a restored volume
  bool fast_restore = false;                    // the volume came from a fast-snapshot-restore snapshot
  sim::Duration scale_up = 0;                   // a warm standby: launching the rest of the fleet after it took the load
  bool automatic = false;                       // started at the failure on its own: no declaration, no pool
  ResourceIndex last_requirement = kNoResource; // the requirement that recovered last, if it delayed the start
  std::int32_t waited_pool = -1;                // scenario pool that held it up longest
  sim::Duration pool_wait = 0;                  // total time queued for pool slots

  bool impacted() const { return status != ResourceStatus::not_impacted; }
  // Recovered by work someone starts after the declaration (and that takes pool slots).
  bool waits_for_declaration() const {
    return (status == ResourceStatus::restored || status == ResourceStatus::relaunched ||
            status == ResourceStatus::promoted || status == ResourceStatus::new_instance ||
            status == ResourceStatus::scaled_out || status == ResourceStatus::standby_serving) &&
           !automatic;
  }
  bool recovered() const { return status != ResourceStatus::unrecoverable; }
};

struct ApplicationOutcome {
  bool impacted = false;
  bool recoverable = true;
  sim::Duration rto = 0;        // latest resource RTO + cutover (0 when not impacted)
  sim::Duration rpo = -1;       // largest data-bearing RPO; -1 when it holds no data
  sim::Duration cutover = 0;
  // When every member also runs at full capacity: the RTO plus the longest remaining scale-up
  // of a warm standby (equal to the RTO when none scales up; -1 when unrecoverable).
  sim::Duration full_capacity = 0;
  ResourceIndex rto_gate = kNoResource;  // the resource that recovered last
  ResourceIndex rpo_gate = kNoResource;  // the resource with the oldest data
  ResourceIndex blocked_by = kNoResource; // first unrecoverable member
  // The root of blocked_by's chain of requirements (models/unrecoverable_cause.hpp) and its cause.
  ResourceIndex root = kNoResource;
  UnrecoverableCause root_cause = UnrecoverableCause::none;
};

struct TrialResult {
  std::size_t failure = 0;
  sim::Time failure_at = 0;
  sim::Time detected_at = 0;
  sim::Time declared_at = 0;
  std::vector<ResourceOutcome> resources;
  std::vector<ApplicationOutcome> applications;
  std::uint64_t events = 0;

  sim::Duration rto(ResourceIndex r) const { return resources[r].recovered_at - failure_at; }
  // RPO of a data-bearing resource: 0 when not impacted or failed over; -1 when it has none.
  sim::Duration rpo(const Scenario& s, ResourceIndex r) const;
};

}  // namespace drsim::models
