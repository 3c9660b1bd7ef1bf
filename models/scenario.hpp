#pragma once
// The in-memory form of one scenario: topology, resources, protections, recovery runbook,
// applications and failures, with every name already resolved to an index. The loader
// (scenarios/) builds it and guarantees it is valid; the engine never re-checks.
#include <algorithm>
#include <array>
#include <bitset>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "models/cron.hpp"
#include "models/distribution.hpp"
#include "models/duration_model.hpp"
#include "models/price_table.hpp"
#include "models/protections.hpp"
#include "models/resource_type.hpp"
#include "models/standby.hpp"
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

using Tags = std::vector<std::pair<std::string, std::string>>;

// One element of /resources as written: a plain resource, or a fleet standing for `count`
// members (resources first .. first + count - 1). What the entry says once for all its
// members is kept here once rather than copied into each: a fleet of a million members
// costs one tag list and one requires list, not a million of each.
struct ResourceGroup {
  std::string id;  // the plain resource's id, or the fleet's
  bool fleet = false;
  ResourceIndex first = 0;
  std::uint32_t count = 1;
  Tags tags;
  // Every member requires each of these resources (ascending, without repeats).
  std::vector<ResourceIndex> requires_all;
  // Member n requires member n of each of these fleets, named by their first member
  // (ascending, without repeats, none also required whole in `requires_all`); each of these
  // fleets has `count` members.
  std::vector<ResourceIndex> requires_matching;
  // ec2: compute kept ready in a recovery Region (models/standby.hpp).
  std::optional<Standby> standby;
  // ec2 instance type or RDS/Aurora instance class, for the compute prices of standbys and
  // replicas ("" when not given: that cost is listed as unpriced).
  std::string instance_type;
};

// What one resource requires, in ascending index order without repeats: its group's
// `requires_all` merged with its own counterpart in each `requires_matching` fleet. A view
// over the group's lists, so walking it allocates nothing.
class Requirements {
 public:
  class iterator {
   public:
    using iterator_concept = std::forward_iterator_tag;
    using iterator_category = std::input_iterator_tag;  // yields values, not references
    using value_type = ResourceIndex;
    using difference_type = std::ptrdiff_t;

    iterator() = default;
    iterator(const ResourceIndex* all, const ResourceIndex* all_end, const ResourceIndex* matching,
             const ResourceIndex* matching_end, std::uint32_t member)
        : all_(all), all_end_(all_end), matching_(matching), matching_end_(matching_end), member_(member) {}

    ResourceIndex operator*() const {
      if (matching_ == matching_end_) return *all_;
      const ResourceIndex counterpart = *matching_ + member_;
      return all_ == all_end_ ? counterpart : std::min(*all_, counterpart);
    }
    iterator& operator++() {
      // Both heads advance when they name the same resource (a member required by id and
      // through `matching`), so it is seen once.
      const ResourceIndex current = **this;
      if (all_ != all_end_ && *all_ == current) ++all_;
      if (matching_ != matching_end_ && *matching_ + member_ == current) ++matching_;
      return *this;
    }
    iterator operator++(int) {
      iterator before = *this;
      ++*this;
      return before;
    }
    bool operator==(const iterator& o) const { return all_ == o.all_ && matching_ == o.matching_; }

   private:
    const ResourceIndex* all_ = nullptr;
    const ResourceIndex* all_end_ = nullptr;
    const ResourceIndex* matching_ = nullptr;
    const ResourceIndex* matching_end_ = nullptr;
    std::uint32_t member_ = 0;
  };

  Requirements(const ResourceGroup& g, std::uint32_t member)
      : all_(g.requires_all.data()),
        all_end_(all_ + g.requires_all.size()),
        matching_(g.requires_matching.data()),
        matching_end_(matching_ + g.requires_matching.size()),
        member_(member) {}

  iterator begin() const { return {all_, all_end_, matching_, matching_end_, member_}; }
  iterator end() const { return {all_end_, all_end_, matching_end_, matching_end_, member_}; }
  bool empty() const { return all_ == all_end_ && matching_ == matching_end_; }

 private:
  const ResourceIndex* all_;
  const ResourceIndex* all_end_;
  const ResourceIndex* matching_;
  const ResourceIndex* matching_end_;
  std::uint32_t member_;
};

struct Resource {
  std::string id;
  std::uint32_t group = 0;      // index into Scenario::groups: the entry it was written as
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
  std::uint64_t draw_key = 0;  // from its name (models/draw_keys.hpp): the entity of its draws
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

// How traffic moves to the recovered workload, which decides whether the cutover needs a
// control plane (models/control_plane.hpp):
// - dns_change: someone edits a Route 53 record (the Route 53 control plane, in us-east-1);
// - dns_failover: Route 53 failover records follow their health checks (data plane);
// - arc: Route 53 ARC routing controls, flipped on a cluster's five Regional endpoints (data plane).
enum class Routing : std::uint8_t { dns_change, dns_failover, arc };
std::string_view to_string(Routing r);

struct RecoveryPlan {
  // Whether a volume restored from a snapshot serves at once and loads its blocks lazily
  // (AWS's default behaviour), or only once every block is read ("full"): the RTO then
  // includes the `initialize` step, unless the snapshot has fast snapshot restore.
  enum class VolumeInitialization : std::uint8_t { lazy, full };
  VolumeInitialization volume_initialization = VolumeInitialization::lazy;
  Distribution detection = Distribution::fixed(90 * sim::kSecond);
  Distribution declaration = Distribution::fixed(0);
  Distribution cutover = Distribution::fixed(150 * sim::kSecond);
  Routing routing = Routing::dns_change;
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
  std::uint64_t draw_key = 0;  // from its name (models/draw_keys.hpp): the entity of its draws
};

enum class FailureScope : std::uint8_t { az, region, resource };

struct Failure {
  std::string name;
  FailureScope scope = FailureScope::az;
  std::uint32_t target = 0;  // AzIndex, RegionIndex or ResourceIndex by scope
  Distribution at;           // simulation time of the failure
  std::uint64_t draw_key = 0;  // from its name (models/draw_keys.hpp): the entity of its draws
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
  std::vector<ResourceGroup> groups;  // the /resources entries, in file order

  std::vector<BackupRule> backup_rules;
  CopyJobLimit copy_jobs;
  std::vector<SnapshotPolicy> snapshot_policies;
  std::vector<ContinuousBackups> continuous_backups;
  std::vector<Replication> replications;
  std::vector<AmiCopy> ami_copies;

  ModelCatalogue catalogue;           // built-in defaults with the scenario's `models` applied
  PriceTable prices;                  // the bundled table with the scenario's `prices` applied
  std::vector<TypeModels> model_sets; // [0, kResourceTypeCount): per type; then per-resource overrides

  RecoveryPlan recovery;
  std::vector<Application> applications;
  std::vector<Failure> failures;

  std::uint64_t seed = 1;
  std::uint64_t trials = 1;

  const TypeModels& models_of(const Resource& r) const { return model_sets[r.model_set]; }
  // Shared attributes go through these, never through a per-member copy.
  const ResourceGroup& group_of(const Resource& r) const { return groups[r.group]; }
  const Tags& tags_of(const Resource& r) const { return group_of(r).tags; }
  // The fleet's id for a member of a fleet, else empty.
  std::string_view fleet_of(const Resource& r) const {
    const ResourceGroup& g = group_of(r);
    return g.fleet ? std::string_view(g.id) : std::string_view();
  }
  // What must have recovered before resource r restores.
  Requirements requirements_of(ResourceIndex r) const {
    const ResourceGroup& g = groups[resources[r].group];
    return Requirements(g, r - g.first);
  }
  std::optional<ResourceIndex> find_resource(std::string_view id) const;
  std::optional<std::size_t> find_failure(std::string_view name) const;
  RegionIndex region_of_vault(VaultIndex v) const { return vaults[v].region; }
  // The latest instant any failure can be drawn at (sim::kNever if a distribution is unbounded).
  sim::Time latest_failure_instant() const;
};

}  // namespace drsim::models
