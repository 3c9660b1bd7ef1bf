#include "models/recovery_point.hpp"

#include <fmt/format.h>

#include "models/duration_text.hpp"

namespace drsim::models {

std::string describe_mechanism(const Scenario& s, const RecoveryPoint& p) {
  auto rule_name = [&] {
    const BackupRule& rule = s.backup_rules[p.protection];
    return fmt::format("{}/{}", rule.plan, rule.name);
  };
  switch (p.mechanism) {
    case Mechanism::backup_rule: return fmt::format("AWS Backup rule {}", rule_name());
    case Mechanism::backup_copy: return fmt::format("AWS Backup copy of rule {}", rule_name());
    case Mechanism::backup_continuous: return fmt::format("AWS Backup continuous backup (rule {})", rule_name());
    case Mechanism::rds_snapshot: return "RDS automated snapshot";
    case Mechanism::rds_snapshot_replica: return "RDS automated snapshot, replicated";
    case Mechanism::rds_pitr: return "RDS point-in-time restore (snapshot + logs)";
    case Mechanism::rds_pitr_replica: return "RDS point-in-time restore from replicated logs";
    case Mechanism::dlm_snapshot: return "DLM snapshot";
    case Mechanism::dlm_copy: return "DLM snapshot copy";
    case Mechanism::ami_source: return "AMI";
    case Mechanism::ami_copy: return "AMI copy";
  }
  return "unknown";
}

const char* unusable_reason(const RecoveryPoint& p, sim::Time failure_at, RegionIndex lost_region) {
  if (p.outcome == JobOutcome::expired) return "job expired before it started (start window)";
  if (p.outcome == JobOutcome::cancelled) return "job cancelled: ran past its completion window";
  if (p.available_time > failure_at) return "still in flight at the failure";
  if (p.expires_at <= failure_at) return "expired by the failure";
  if (lost_region != kNoRegion && p.region == lost_region) return "stored in the failed Region";
  return nullptr;
}

std::string describe_cadence(const Scenario& s, const RecoveryPoint& p) {
  switch (p.mechanism) {
    case Mechanism::backup_rule:
    case Mechanism::backup_copy:
      return s.backup_rules[p.protection].schedule.describe();
    case Mechanism::backup_continuous:
      return "continuously, logs shipped every 5m";
    case Mechanism::rds_snapshot:
    case Mechanism::rds_snapshot_replica: {
      const RdsAutomatedBackups& b = s.rds_backups[p.protection];
      return fmt::format("daily at {:02}:{:02} UTC", b.window_start_minute / 60, b.window_start_minute % 60);
    }
    case Mechanism::rds_pitr:
    case Mechanism::rds_pitr_replica:
      return fmt::format("logs every {}", format_duration(s.rds_backups[p.protection].log_interval));
    case Mechanism::dlm_snapshot:
    case Mechanism::dlm_copy:
      return fmt::format("every {}", format_duration(s.dlm_policies[p.protection].every));
    case Mechanism::ami_source:
    case Mechanism::ami_copy:
      return "once";
  }
  return "";
}

std::string describe_location(const Scenario& s, const RecoveryPoint& p) {
  const std::string& region = s.regions[p.region].name;
  if (p.vault == kNoVault) return region;
  return fmt::format("vault {} ({})", s.vaults[p.vault].name, region);
}

}  // namespace drsim::models
