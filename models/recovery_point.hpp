#pragma once
// A recovery point: what a protection mechanism produced for one resource, and when and
// where it can be restored from. Definitions in docs/definitions.md.
#include <cstdint>
#include <string>
#include <string_view>

#include "models/duration_model.hpp"
#include "models/scenario.hpp"

namespace drsim::models {

inline constexpr VaultIndex kNoVault = 0xFFFF;

enum class Mechanism : std::uint8_t {
  backup_rule,        // AWS Backup scheduled job, in the rule's vault
  backup_copy,        // AWS Backup copy action, in the destination vault
  backup_continuous,  // AWS Backup continuous backup: point-in-time restore in the vault
  snapshot,           // a native snapshot policy's snapshot (RDS, DLM, FSx, Redshift, Storage Gateway)
  snapshot_copy,      // its copy in another Region (`copy_index`: which copy rule)
  rds_pitr,           // RDS point-in-time restore: snapshot + transaction logs
  rds_pitr_replica,   // the same from the replicated snapshot and logs in another Region
  continuous,         // point-in-time restore of an always-on continuous backup (no snapshot)
  replica,            // a replica kept current by replication, already where it is stored
  ami_source,         // the image in its own Region
  ami_copy,           // the image copied to another Region
};

enum class JobOutcome : std::uint8_t {
  completed,
  expired,    // did not start within the start window (AWS Backup: EXPIRED)
  cancelled,  // ran past the completion window (AWS Backup: cancelled, no point)
};

// What a failure destroyed: the stored contents of a Region, or of one AZ (only zonal
// replicas are stored in an AZ: snapshots, vaults and logs are regional).
struct LostScope {
  RegionIndex region = kNoRegion;
  AzIndex az = kNoAz;
};

struct RecoveryPoint {
  sim::Time scheduled = 0;        // when the job that made it was due
  sim::Time data_time = 0;        // the instant its content reflects
  sim::Time available_time = 0;   // from when it can be restored
  sim::Time cold_at = sim::kNever;     // moves to the cold tier
  sim::Time expires_at = sim::kNever;  // deleted
  sim::Time base_data_time = sim::kNever;  // point-in-time restores: the snapshot the replay starts from
  sim::Time fast_restore_at = sim::kNever; // EBS fast snapshot restore enabled and credited from then
  sim::Duration copy_wait = 0;    // copies: time queued for a copy-job slot in the destination Region
  ResourceIndex resource = kNoResource;
  std::uint16_t protection = 0;   // index into the mechanism's list in Scenario
  std::uint8_t copy_index = 0;    // which copy action or copy rule, for copies
  Mechanism mechanism = Mechanism::backup_rule;
  JobOutcome outcome = JobOutcome::completed;
  RegionIndex region = kNoRegion; // where it is stored
  AzIndex az = kNoAz;             // zonal replicas: the AZ it lives in
  VaultIndex vault = kNoVault;    // kNoVault: the service's own storage in `region`

  bool continuous() const {
    return mechanism == Mechanism::backup_continuous || mechanism == Mechanism::rds_pitr ||
           mechanism == Mechanism::rds_pitr_replica || mechanism == Mechanism::continuous;
  }
  bool is_image() const { return mechanism == Mechanism::ami_source || mechanism == Mechanism::ami_copy; }
  bool is_replica() const { return mechanism == Mechanism::replica; }
  bool cold_at_time(sim::Time t) const { return cold_at <= t; }
};

// Why a point cannot be restored from at `failure_at` after losing what `lost` names, or
// nullptr if it can.
const char* unusable_reason(const RecoveryPoint& p, sim::Time failure_at, LostScope lost);

// The step that brings the resource back from this point: a restore, or a replica's promotion.
Step recovery_step(const RecoveryPoint& p);
// A replica that already serves (an S3 replica bucket, a DynamoDB global table replica):
// nothing to do, nobody to wait for.
bool serves_as_is(const Scenario& s, const RecoveryPoint& p);
// A replica recovered only with the instance it belongs to, in its Region: Elastic Disaster
// Recovery's staging volumes launch as the recovery instance's volumes there. An AZ or resource
// loss relaunches the instance in its own Region, where such a volume cannot be attached.
bool recovers_with_its_instance_only(const Scenario& s, const RecoveryPoint& p);

// "AWS Backup rule prod/every-4h", "DLM snapshot copy", "S3 Cross-Region Replication (RTC)", ...
std::string describe_mechanism(const Scenario& s, const RecoveryPoint& p);
// How often the mechanism makes points: "every 12h", "cron(0 5 ? * * *) (at 05:00, every day (UTC))".
std::string describe_cadence(const Scenario& s, const RecoveryPoint& p);
// "vault dr-vault (us-west-2)" or "us-east-1"
std::string describe_location(const Scenario& s, const RecoveryPoint& p);

// Names of the native and replication kinds, as in the scenario's `protections`.
std::string_view to_string(NativeKind k);
std::string_view to_string(ContinuousKind k);
std::string_view to_string(ReplicationKind k);

}  // namespace drsim::models
