#pragma once
// The protections of a scenario, as data: what makes recovery points, and from what.
//
// Four kinds of source (architecture.md, "Growing the domain without growing switches"):
// - AWS Backup rules: scheduled jobs into a vault, with copy actions and continuous backup;
// - native snapshot policies: one shape for every service that snapshots on a schedule of
//   its own (RDS automated backups, DLM, FSx automatic backups, Redshift automated
//   snapshots, Storage Gateway snapshot schedules), with copies to other Regions;
// - continuous backups: point-in-time restore with no snapshot of its own (Aurora,
//   DocumentDB and Neptune automated backups, DynamoDB PITR, a cached volume's recovery point);
// - replication: a copy kept current in another place (S3 CRR, EFS replication, RDS read
//   replicas, Aurora Global Database, DynamoDB global tables, Elastic Disaster Recovery's block
//   replication of EBS volumes), whose data lags by a drawn lag.
// Every default below is listed with its AWS source in docs/models.md.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "models/cron.hpp"
#include "models/distribution.hpp"
#include "sim/time.hpp"

namespace drsim::models {

using RegionIndex = std::uint16_t;
using AzIndex = std::uint16_t;
using VaultIndex = std::uint16_t;
using ResourceIndex = std::uint32_t;
inline constexpr AzIndex kNoAz = 0xFFFF;
inline constexpr RegionIndex kNoRegion = 0xFFFF;
inline constexpr ResourceIndex kNoResource = 0xFFFFFFFF;

// ---- AWS Backup ------------------------------------------------------------------------

// AWS Backup lifecycle; -1 means "never" (AWS's keep-forever value).
struct Lifecycle {
  std::int32_t cold_after_days = -1;
  std::int32_t delete_after_days = -1;
  bool archive_opt_in = false;  // OptInToArchiveForSupportedResources (EBS archive tier)
};

struct CopyAction {
  VaultIndex vault = 0;
  // AWS Backup: a copy keeps its source's creation date, and its retention unless the copy
  // action has a Lifecycle of its own; a copy set never to expire keeps the source's expiry.
  bool own_lifecycle = false;
  Lifecycle lifecycle;
};

struct BackupRule {
  std::uint32_t plan_index = 0;  // which /backup_plans entry: rules of one plan are merged
  std::string plan;
  std::string name;
  VaultIndex vault = 0;
  CronSchedule schedule;
  sim::Duration start_window = 8 * sim::kHour;
  sim::Duration completion_window = 7 * sim::kDay;
  Lifecycle lifecycle;
  std::vector<CopyAction> copies;
  bool continuous = false;
  std::vector<ResourceIndex> resources;  // after selections are resolved
  std::uint64_t draw_key = 0;  // models/draw_keys.hpp: names its jobs' draws

  // Overlapping rules of one plan keep the backup of the longer retention: never > days.
  std::int64_t retention_rank() const {
    return lifecycle.delete_after_days < 0 ? INT64_MAX : lifecycle.delete_after_days;
  }
};

// AWS Backup's limit on copy jobs running at once into one destination Region.
struct CopyJobLimit {
  std::uint32_t concurrent = 100;  // 0: unlimited
  bool per_service = false;        // counted per resource type instead of across all services
};

// ---- Native snapshot policies -----------------------------------------------------------

enum class NativeKind : std::uint8_t {
  rds_automated_backups,
  dlm_snapshots,
  fsx_automatic_backups,
  redshift_snapshots,
  storage_gateway_snapshots,
};

// How long something is kept: by age, by count of newer ones, or (both -1) forever.
struct Retention {
  std::int32_t days = -1;
  std::int32_t count = -1;
};

struct SnapshotCopyRule {
  RegionIndex region = kNoRegion;
  Retention retention;
};

// EBS fast snapshot restore on the newest snapshots of a DLM policy, in some AZs.
struct FastSnapshotRestore {
  std::vector<AzIndex> azs;  // empty: not enabled
  Retention keep;            // which snapshots keep it enabled: the newest `count`, or for `days`
};

struct SnapshotPolicy {
  NativeKind kind = NativeKind::dlm_snapshots;
  std::vector<ResourceIndex> resources;
  // Due every `every` from `anchor` (an offset after 00:00 UTC), or at the cron's firings.
  sim::Duration every = sim::kDay;
  sim::Duration anchor = 0;
  std::optional<CronSchedule> cron;
  bool also_by_change = false;      // redshift: also after every 5 GB per node of change
  Distribution start_delay;         // scheduled instant -> job start
  Retention retention;
  std::vector<SnapshotCopyRule> copies;
  sim::Duration log_interval = 0;   // RDS: transaction logs shipped this often (0: none)
  RegionIndex logs_to = kNoRegion;  // RDS: logs replicated to this Region with the snapshots
  Distribution logs_lag;            // ... arriving this long after they are written
  FastSnapshotRestore fast_restore;
  std::uint64_t draw_key = 0;  // models/draw_keys.hpp: names its jobs' draws
};

// ---- Continuous backups -----------------------------------------------------------------

enum class ContinuousKind : std::uint8_t {
  cluster_automated_backups,  // Aurora, DocumentDB, Neptune: always on
  dynamodb_pitr,
  volume_recovery_point,      // Storage Gateway cached volume: data uploaded to S3
};

struct ContinuousBackups {
  ContinuousKind kind = ContinuousKind::cluster_automated_backups;
  std::vector<ResourceIndex> resources;
  std::int32_t retention_days = 1;
  // The newest restorable instant: the last `interval` boundary at or before failure − lag.
  sim::Duration interval = 5 * sim::kMinute;
  Distribution lag;
  bool implicit = false;  // added by drsim because AWS keeps it on without being asked
  std::uint64_t draw_key = 0;  // models/draw_keys.hpp: names its jobs' draws
};

// ---- Replication ------------------------------------------------------------------------

enum class ReplicationKind : std::uint8_t {
  s3_replication,
  efs_replication,
  rds_read_replica,
  aurora_global,
  dynamodb_global_table,
  elastic_disaster_recovery,  // EBS volumes: continuous block replication to a staging area
};

struct Replication {
  ReplicationKind kind = ReplicationKind::s3_replication;
  std::vector<ResourceIndex> resources;
  std::vector<RegionIndex> to;  // where the replicas are
  AzIndex az = kNoAz;           // rds_read_replica in the source's own Region: the replica's AZ
  bool rtc = false;             // s3: Replication Time Control
  bool strong = false;          // dynamodb: multi-Region strong consistency (MRSC)
  bool headless = false;        // aurora_global: a secondary with no DB instance
  Distribution lag;             // data time = failure − lag
  std::uint64_t draw_key = 0;  // models/draw_keys.hpp: names its jobs' draws
};

// ---- Images -----------------------------------------------------------------------------

struct AmiCopy {
  std::vector<ResourceIndex> resources;
  RegionIndex copy_to = kNoRegion;
  std::uint64_t draw_key = 0;  // models/draw_keys.hpp: names its jobs' draws
};

}  // namespace drsim::models
