#include "models/recovery_point.hpp"

#include <fmt/format.h>

#include "models/duration_text.hpp"
#include "models/point_sources.hpp"

namespace drsim::models {

std::string_view to_string(NativeKind k) {
  switch (k) {
    case NativeKind::rds_automated_backups: return "rds_automated_backups";
    case NativeKind::dlm_snapshots: return "dlm_snapshots";
    case NativeKind::fsx_automatic_backups: return "fsx_automatic_backups";
    case NativeKind::redshift_snapshots: return "redshift_snapshots";
    case NativeKind::storage_gateway_snapshots: return "storage_gateway_snapshots";
  }
  return "";
}

std::string_view to_string(ContinuousKind k) {
  switch (k) {
    case ContinuousKind::cluster_automated_backups: return "cluster_automated_backups";
    case ContinuousKind::dynamodb_pitr: return "dynamodb_pitr";
    case ContinuousKind::volume_recovery_point: return "volume recovery point";
  }
  return "";
}

std::string_view to_string(ReplicationKind k) {
  switch (k) {
    case ReplicationKind::s3_replication: return "s3_replication";
    case ReplicationKind::efs_replication: return "efs_replication";
    case ReplicationKind::rds_read_replica: return "rds_read_replica";
    case ReplicationKind::aurora_global: return "aurora_global";
    case ReplicationKind::dynamodb_global_table: return "dynamodb_global_table";
    case ReplicationKind::elastic_disaster_recovery: return "elastic_disaster_recovery";
  }
  return "";
}

namespace {

std::string_view snapshot_name(NativeKind k) {
  switch (k) {
    case NativeKind::rds_automated_backups: return "RDS automated snapshot";
    case NativeKind::dlm_snapshots: return "DLM snapshot";
    case NativeKind::fsx_automatic_backups: return "FSx automatic backup";
    case NativeKind::redshift_snapshots: return "Redshift automated snapshot";
    case NativeKind::storage_gateway_snapshots: return "Storage Gateway snapshot";
  }
  return "snapshot";
}

std::string continuous_name(ContinuousKind k) {
  switch (k) {
    case ContinuousKind::cluster_automated_backups: return "automated backups (point-in-time restore)";
    case ContinuousKind::dynamodb_pitr: return "DynamoDB point-in-time recovery";
    case ContinuousKind::volume_recovery_point: return "Storage Gateway volume recovery point";
  }
  return "continuous backup";
}

std::string replica_name(const Replication& r) {
  switch (r.kind) {
    case ReplicationKind::s3_replication: return r.rtc ? "S3 replica (CRR with RTC)" : "S3 replica (CRR)";
    case ReplicationKind::efs_replication: return "EFS replica";
    case ReplicationKind::rds_read_replica: return "RDS read replica";
    case ReplicationKind::aurora_global:
      return r.headless ? "Aurora Global Database secondary (headless)" : "Aurora Global Database secondary";
    case ReplicationKind::dynamodb_global_table:
      return r.strong ? "DynamoDB global table replica (strong consistency)" : "DynamoDB global table replica";
    case ReplicationKind::elastic_disaster_recovery: return "Elastic Disaster Recovery replicated volume";
  }
  return "replica";
}

}  // namespace

std::string describe_mechanism(const Scenario& s, const RecoveryPoint& p) {
  auto rule_name = [&] {
    const BackupRule& rule = s.backup_rules[p.protection];
    return fmt::format("{}/{}", rule.plan, rule.name);
  };
  switch (p.mechanism) {
    case Mechanism::backup_rule: return fmt::format("AWS Backup rule {}", rule_name());
    case Mechanism::backup_copy: return fmt::format("AWS Backup copy of rule {}", rule_name());
    case Mechanism::backup_continuous: return fmt::format("AWS Backup continuous backup (rule {})", rule_name());
    case Mechanism::snapshot: return std::string(snapshot_name(s.snapshot_policies[p.protection].kind));
    case Mechanism::snapshot_copy:
      return fmt::format("{} copy", snapshot_name(s.snapshot_policies[p.protection].kind));
    case Mechanism::rds_pitr: return "RDS point-in-time restore (snapshot + logs)";
    case Mechanism::rds_pitr_replica: return "RDS point-in-time restore from replicated logs";
    case Mechanism::continuous: {
      const ContinuousBackups& c = s.continuous_backups[p.protection];
      if (c.kind != ContinuousKind::cluster_automated_backups) return continuous_name(c.kind);
      const ResourceType type = s.resources[p.resource].type;
      const char* service = type == ResourceType::aurora ? "Aurora" : type == ResourceType::neptune ? "Neptune" : "DocumentDB";
      return fmt::format("{} {}", service, continuous_name(c.kind));
    }
    case Mechanism::replica: return replica_name(s.replications[p.protection]);
    case Mechanism::ami_source: return "AMI";
    case Mechanism::ami_copy: return "AMI copy";
  }
  return "unknown";
}

const char* unusable_reason(const RecoveryPoint& p, sim::Time failure_at, LostScope lost) {
  if (p.outcome == JobOutcome::expired) return "job expired before it started (start window)";
  if (p.outcome == JobOutcome::cancelled) return "job cancelled: ran past its completion window";
  if (p.available_time > failure_at) return p.copy_wait > 0 ? "still queued or copying at the failure" : "still in flight at the failure";
  if (p.expires_at <= failure_at) return "expired by the failure";
  if (lost.region != kNoRegion && p.region == lost.region) return "stored in the failed Region";
  if (lost.az != kNoAz && p.az == lost.az) return "stored in the failed AZ";
  return nullptr;
}

Step recovery_step(const RecoveryPoint& p) { return p.is_replica() ? Step::promote : Step::restore; }

bool serves_as_is(const Scenario& s, const RecoveryPoint& p) {
  if (!p.is_replica()) return false;
  const ReplicationKind k = s.replications[p.protection].kind;
  return k == ReplicationKind::s3_replication || k == ReplicationKind::dynamodb_global_table;
}

bool recovers_with_its_instance_only(const Scenario& s, const RecoveryPoint& p) {
  return p.is_replica() && s.replications[p.protection].kind == ReplicationKind::elastic_disaster_recovery;
}

std::string describe_cadence(const Scenario& s, const RecoveryPoint& p) {
  switch (p.mechanism) {
    case Mechanism::backup_rule:
    case Mechanism::backup_copy:
      return s.backup_rules[p.protection].schedule.describe();
    case Mechanism::backup_continuous:
      return "continuously, restorable to the last 5-minute log boundary";
    case Mechanism::snapshot:
    case Mechanism::snapshot_copy: {
      const SnapshotPolicy& policy = s.snapshot_policies[p.protection];
      if (policy.cron) return policy.cron->describe();
      const std::int64_t minutes = policy.anchor / sim::kMinute;
      std::string text = fmt::format("every {} from {:02}:{:02} UTC", format_duration(policy.every), minutes / 60, minutes % 60);
      if (policy.also_by_change) {
        text += ", or after every 5 GB per node of change";
        const sim::Duration here = snapshot_interval(s, p.resource, p.protection);
        if (here != policy.every) text += fmt::format(": every {} for this cluster", format_duration(here));
      }
      if (!policy.start_delay.is_fixed() || policy.start_delay.value() != 0)
        text += fmt::format(", starting up to {} later", format_duration(policy.start_delay.upper_bound()));
      return text;
    }
    case Mechanism::rds_pitr:
    case Mechanism::rds_pitr_replica:
      return fmt::format("logs every {}", format_duration(s.snapshot_policies[p.protection].log_interval));
    case Mechanism::continuous: {
      const ContinuousBackups& c = s.continuous_backups[p.protection];
      if (c.interval > 0) return fmt::format("continuously, restorable to the last {} boundary", format_duration(c.interval));
      return fmt::format("continuously, restorable to {} before the failure", format_duration(c.lag.median()));
    }
    case Mechanism::replica:
      return "continuously, behind its source by the replication lag";
    case Mechanism::ami_source:
    case Mechanism::ami_copy:
      return "once";
  }
  return "";
}

std::string describe_location(const Scenario& s, const RecoveryPoint& p) {
  const std::string& region = s.regions[p.region].name;
  if (p.az != kNoAz) return s.azs[p.az].name;
  if (p.vault == kNoVault) return region;
  return fmt::format("vault {} ({})", s.vaults[p.vault].name, region);
}

}  // namespace drsim::models
