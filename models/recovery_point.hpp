#pragma once
// A recovery point: what a protection mechanism produced for one resource, and when and
// where it can be restored from. Definitions in architecture.md ("Definitions").
#include <cstdint>
#include <string>
#include <string_view>

#include "models/scenario.hpp"

namespace drsim::models {

inline constexpr VaultIndex kNoVault = 0xFFFF;

enum class Mechanism : std::uint8_t {
  backup_rule,           // AWS Backup scheduled job, in the rule's vault
  backup_copy,           // AWS Backup copy action, in the destination vault
  backup_continuous,     // AWS Backup continuous backup: point-in-time restore in the vault
  rds_snapshot,          // RDS automated daily snapshot
  rds_snapshot_replica,  // the same, replicated to another Region
  rds_pitr,              // RDS point-in-time restore: snapshot + transaction logs
  rds_pitr_replica,      // the same from replicated logs in another Region
  dlm_snapshot,          // EBS snapshot by Data Lifecycle Manager
  dlm_copy,              // its cross-Region copy
  ami_source,            // the image in its own Region
  ami_copy,              // the image copied to another Region
};

enum class JobOutcome : std::uint8_t {
  completed,
  expired,    // did not start within the start window (AWS Backup: EXPIRED)
  cancelled,  // ran past the completion window (AWS Backup: cancelled, no point)
};

struct RecoveryPoint {
  sim::Time scheduled = 0;        // when the job that made it was due
  sim::Time data_time = 0;        // the instant its content reflects
  sim::Time available_time = 0;   // from when it can be restored
  sim::Time cold_at = sim::kNever;     // moves to the cold tier
  sim::Time expires_at = sim::kNever;  // deleted
  sim::Time base_data_time = sim::kNever;  // continuous points: the snapshot replay starts from
  ResourceIndex resource = kNoResource;
  std::uint16_t protection = 0;   // index into the mechanism's list in Scenario
  std::uint8_t copy_index = 0;    // which copy action, for backup_copy
  Mechanism mechanism = Mechanism::backup_rule;
  JobOutcome outcome = JobOutcome::completed;
  RegionIndex region = kNoRegion; // where it is stored
  VaultIndex vault = kNoVault;    // kNoVault: the service's own storage in `region`

  bool continuous() const {
    return mechanism == Mechanism::backup_continuous || mechanism == Mechanism::rds_pitr ||
           mechanism == Mechanism::rds_pitr_replica;
  }
  bool is_image() const { return mechanism == Mechanism::ami_source || mechanism == Mechanism::ami_copy; }
  bool cold_at_time(sim::Time t) const { return cold_at <= t; }
};

// Why a point cannot be restored from at `failure_at` after losing what is stored in
// `lost_region` (kNoRegion: nothing stored is lost), or nullptr if it can.
const char* unusable_reason(const RecoveryPoint& p, sim::Time failure_at, RegionIndex lost_region);

// "AWS Backup rule prod/every-4h", "DLM copy to us-west-2", ...
std::string describe_mechanism(const Scenario& s, const RecoveryPoint& p);
// How often the mechanism makes points: "every 12h", "cron(0 5 ? * * *) (at 05:00, every day (UTC))".
std::string describe_cadence(const Scenario& s, const RecoveryPoint& p);
// "vault dr-vault (us-west-2)" or "us-east-1"
std::string describe_location(const Scenario& s, const RecoveryPoint& p);

}  // namespace drsim::models
