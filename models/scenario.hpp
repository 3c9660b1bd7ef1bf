#pragma once
// The in-memory form of one scenario: topology, resources, protections, recovery runbook,
// applications and failures, with every name already resolved to an index. The loader
// (scenarios/) builds it and guarantees it is valid; the engine never re-checks.
#include <array>
#include <bitset>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "models/cron.hpp"
#include "models/distribution.hpp"
#include "models/duration_model.hpp"
#include "models/protections.hpp"
#include "models/resource_type.hpp"
#include "sim/time.hpp"

namespace drsim::models {

struct Region {
  std::string name;
  std::vector<AzIndex> azs;
};

struct Az {
  std::string name;
  RegionIndex region = kNoRegion;
};

struct Vault {
  std::string name;
  RegionIndex region = kNoRegion;
  std::string kms_key;  // EncryptionKeyArn: restores from the vault depend on it ("": AWS's default key)
};

struct Resource {
  std::string id;
  std::string fleet;            // the fleet entry's id for members of a fleet, else empty
  ResourceType type = ResourceType::generic;
  RegionIndex region = kNoRegion;
  AzIndex az = kNoAz;           // kNoAz for regional resources; the writer's AZ for clusters
  bool multi_az = false;        // `az` is then the primary's AZ
  bool db_cluster = false;      // rds: a Multi-AZ DB cluster (two readable standbys), not an instance
  bool one_zone = false;        // efs, s3: EFS One Zone / S3 One Zone-IA, stored in `az` only
  bool scratch = false;         // fsx_lustre: a scratch file system (no backups, no replication)
  bool cached_volume = false;   // storage_gateway: a cached volume (primary data in S3), not stored
  std::uint16_t nodes = 1;      // redshift: compute nodes (automated snapshots every 5 GB per node)
  double size_gb = 0.0;
  double change_gb_per_day = 0.0;
  std::vector<std::pair<std::string, std::string>> tags;
  std::vector<ResourceIndex> requires_;  // what must have recovered before this one restores
  std::uint32_t model_set = 0;  // index into Scenario::model_sets

  double size_mib() const { return size_gb * kMibPerGb; }
  // Where the resource's own data lives for an AZ loss: in one AZ, across the Region, or on a
  // cluster volume that survives the loss of its instances' AZ.
  Placement placement() const { return one_zone ? Placement::zonal : traits(type).placement; }
  // Data changed over a span, capped at the whole size (a long gap is a full copy).
  double changed_mib(sim::Duration span) const;
};

struct CapacityPool {
  enum class Per : std::uint8_t { region, global };
  std::string name;
  std::uint32_t capacity = 1;
  Per per = Per::region;
  std::bitset<kResourceTypeCount> types;  // all set when the scenario names none

  bool applies_to(ResourceType t) const { return types.test(static_cast<std::size_t>(t)); }
};

struct RecoveryPlan {
  // Whether a volume restored from a snapshot serves at once and loads its blocks lazily
  // (AWS's default behaviour), or only once every block is read ("full"): the RTO then
  // includes the `initialize` step, unless the snapshot has fast snapshot restore.
  enum class VolumeInitialization : std::uint8_t { lazy, full };
  VolumeInitialization volume_initialization = VolumeInitialization::lazy;
  Distribution detection = Distribution::fixed(90 * sim::kSecond);
  Distribution declaration = Distribution::fixed(0);
  Distribution cutover = Distribution::fixed(150 * sim::kSecond);
  std::vector<RegionIndex> failover_region;  // by source Region; kNoRegion when unmapped
  std::vector<CapacityPool> pools;
};

// Resilience Hub's disruption types, in its own spelling.
enum class Disruption : std::uint8_t { Software, Hardware, AZ, Region };
inline constexpr std::array<std::string_view, 4> kDisruptionNames = {"Software", "Hardware", "AZ", "Region"};

struct Target {
  std::int64_t rto_s = 0;
  std::int64_t rpo_s = 0;
};

struct Application {
  std::string name;
  std::vector<ResourceIndex> resources;
  std::array<std::optional<Target>, 4> policy;  // by Disruption
  std::string policy_name;
  std::string tier;
};

enum class FailureScope : std::uint8_t { az, region, resource };

struct Failure {
  std::string name;
  FailureScope scope = FailureScope::az;
  std::uint32_t target = 0;  // AzIndex, RegionIndex or ResourceIndex by scope
  Distribution at;           // simulation time of the failure
};

Disruption disruption_of(FailureScope s);
std::string_view to_string(FailureScope s);

struct Scenario {
  std::string name;
  std::string description;
  std::string source;               // file it was read from, for messages
  std::int64_t epoch_unix_ms = 0;   // wall-clock instant of simulation time 0

  std::vector<Region> regions;
  std::vector<Az> azs;
  std::vector<Vault> vaults;
  std::vector<Resource> resources;

  std::vector<BackupRule> backup_rules;
  CopyJobLimit copy_jobs;
  std::vector<SnapshotPolicy> snapshot_policies;
  std::vector<ContinuousBackups> continuous_backups;
  std::vector<Replication> replications;
  std::vector<AmiCopy> ami_copies;

  ModelCatalogue catalogue;           // built-in defaults with the scenario's `models` applied
  std::vector<TypeModels> model_sets; // [0, kResourceTypeCount): per type; then per-resource overrides

  RecoveryPlan recovery;
  std::vector<Application> applications;
  std::vector<Failure> failures;

  std::uint64_t seed = 1;
  std::uint64_t trials = 1;

  const TypeModels& models_of(const Resource& r) const { return model_sets[r.model_set]; }
  std::optional<ResourceIndex> find_resource(std::string_view id) const;
  std::optional<std::size_t> find_failure(std::string_view name) const;
  RegionIndex region_of_vault(VaultIndex v) const { return vaults[v].region; }
  // The latest instant any failure can be drawn at (sim::kNever if a distribution is unbounded).
  sim::Time latest_failure_instant() const;
};

}  // namespace drsim::models
