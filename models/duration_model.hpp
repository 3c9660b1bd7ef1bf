#pragma once
// How long a job takes: a size-independent part (which may vary per trial) plus the data
// volume over a throughput. Every built-in default is listed with its source in docs/models.md.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "models/distribution.hpp"
#include "models/resource_type.hpp"

namespace drsim::models {

struct DurationModel {
  Distribution fixed;       // size-independent part
  double mib_per_s = 0.0;   // throughput of the size-dependent part; 0 means "no size term"

  sim::Duration sample(double size_mib, sim::RandomStream& rng) const;
  sim::Duration nominal(double size_mib) const;  // with the median of the fixed part
  sim::Duration size_term(double size_mib) const;
};

// The steps of a resource's life that take time, one model each per resource type.
enum class Step : std::uint8_t {
  backup,            // a snapshot/backup job (size: data changed since the chain's previous point)
  copy,              // a copy to another Region (size: changed since the previous copy there)
  restore,           // restore from a warm point in the recovery Region (size: full); ec2: launch
  restore_cold,      // restore from a point in the cold tier (EBS: the archive tier)
  failover,          // a multi-AZ resource promoting its standby or replica in another AZ
  log_copy,          // RDS: transaction logs shipped to another Region (the replicated logs' lag)
  promote,           // a replica in another place made the primary (replication failover)
  create_instance,   // a new DB instance on a cluster volume that survived (Aurora, DocumentDB, Neptune)
  initialize,        // reading every block of a volume restored from a snapshot (size: full)
  cluster_failover,  // rds: a Multi-AZ DB cluster promoting one of its two readable standbys
  launch,            // ec2 standby (pilot light): instances launched and booted in the recovery Region
  health_check,      // ec2 standby: a launched instance passing the load balancer's health checks
};
inline constexpr std::size_t kStepCount = 12;
inline constexpr std::array<std::string_view, kStepCount> kStepNames = {
    "backup", "copy", "restore", "restore_cold", "failover", "log_copy", "promote", "create_instance", "initialize",
    "cluster_failover", "launch", "health_check"};
std::optional<Step> parse_step(std::string_view name);

struct TypeModels {
  std::array<DurationModel, kStepCount> steps;
  const DurationModel& operator[](Step s) const { return steps[static_cast<std::size_t>(s)]; }
  DurationModel& operator[](Step s) { return steps[static_cast<std::size_t>(s)]; }
};

// The built-in catalogue: one TypeModels per resource type.
struct ModelCatalogue {
  std::array<TypeModels, kResourceTypeCount> by_type;
  // AWS Backup: scheduled instant -> job start. AWS says only that a job starts within its
  // start window; with no published distribution, drsim starts it on time (docs/models.md).
  Distribution backup_start_delay = Distribution::fixed(0);

  const TypeModels& of(ResourceType t) const { return by_type[static_cast<std::size_t>(t)]; }
  TypeModels& of(ResourceType t) { return by_type[static_cast<std::size_t>(t)]; }

  static ModelCatalogue builtin();
};

inline constexpr double kMibPerGb = 1024.0;  // sizes are given in GB and read as GiB

}  // namespace drsim::models
