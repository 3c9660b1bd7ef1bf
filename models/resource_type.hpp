#pragma once
// The AWS resource types drsim knows, and what AWS documents about each that the engine and
// the loader turn on, as one table (kTypeTraits) rather than a switch per question: where
// its data lives, whether it holds data, what AWS Backup can do for it, what a multi-AZ
// deployment means for it. Sources for every row: docs/models.md ("Resource types").
#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace drsim::models {

enum class ResourceType : std::uint8_t {
  ec2, ami, ebs, rds, aurora, dynamodb, efs, s3, fsx, redshift, documentdb, neptune,
  storage_gateway, generic, fsx_windows, fsx_lustre
};
inline constexpr std::size_t kResourceTypeCount = 16;

inline constexpr std::array<std::string_view, kResourceTypeCount> kResourceTypeNames = {
    "ec2", "ami", "ebs", "rds", "aurora", "dynamodb", "efs", "s3", "fsx", "redshift",
    "documentdb", "neptune", "storage_gateway", "generic", "fsx_windows", "fsx_lustre"};

constexpr std::string_view to_string(ResourceType t) {
  return kResourceTypeNames[static_cast<std::size_t>(t)];
}

constexpr std::optional<ResourceType> parse_resource_type(std::string_view name) {
  for (std::size_t i = 0; i < kResourceTypeCount; ++i)
    if (kResourceTypeNames[i] == name) return static_cast<ResourceType>(i);
  return std::nullopt;
}

// Where a resource's data lives, which decides what an AZ loss does to it.
enum class Placement : std::uint8_t {
  zonal,     // one AZ (EC2, EBS, single-AZ RDS, FSx single-AZ, Storage Gateway host)
  regional,  // across the Region's AZs (S3, DynamoDB, EFS Regional, AMIs): an AZ loss never impacts it
  cluster,   // instances in AZs over a cluster volume kept in three AZs (Aurora, DocumentDB, Neptune)
};

// What `multi_az: true` means for the type.
enum class MultiAz : std::uint8_t {
  none,     // not available: `multi_az` is refused
  standby,  // a synchronous standby in another AZ takes over (RDS, FSx, Redshift)
  replica,  // a replica instance in another AZ is promoted over the same cluster volume
};

// What AWS Backup's MoveToColdStorageAfterDays does for the type (AWS Backup "Feature
// availability by resource"; API `Lifecycle`: "AWS Backup ignores this expression for other
// resource types").
enum class ColdTier : std::uint8_t {
  none,     // ignored
  cold,     // moves to AWS Backup cold storage
  archive,  // EBS: moves to the EBS snapshot archive tier, only with OptInToArchiveForSupportedResources
};

struct TypeTraits {
  Placement placement = Placement::zonal;
  bool data_bearing = true;          // has an RPO of its own (EC2 only through its own backups)
  bool one_zone_option = false;      // EFS One Zone, S3 One Zone-IA: `one_zone` places it in one AZ
  MultiAz multi_az = MultiAz::none;
  bool aws_backup = true;            // AWS Backup can protect it
  bool continuous_backup = false;    // AWS Backup point-in-time restore (EnableContinuousBackup)
  ColdTier cold_tier = ColdTier::none;
  std::string_view service = "";     // the AWS service whose API recovers it
};

inline constexpr std::array<TypeTraits, kResourceTypeCount> kTypeTraits = [] {
  std::array<TypeTraits, kResourceTypeCount> t{};
  auto at = [&](ResourceType r) -> TypeTraits& { return t[static_cast<std::size_t>(r)]; };
  at(ResourceType::ec2) = {.placement = Placement::zonal, .data_bearing = false};
  at(ResourceType::ami) = {.placement = Placement::regional, .data_bearing = false, .aws_backup = false};
  at(ResourceType::ebs) = {.cold_tier = ColdTier::archive};
  at(ResourceType::rds) = {.multi_az = MultiAz::standby, .continuous_backup = true};
  at(ResourceType::aurora) = {.placement = Placement::cluster, .multi_az = MultiAz::replica, .continuous_backup = true};
  at(ResourceType::dynamodb) = {.placement = Placement::regional, .cold_tier = ColdTier::cold};
  at(ResourceType::efs) = {.placement = Placement::regional, .one_zone_option = true, .cold_tier = ColdTier::cold};
  at(ResourceType::s3) = {.placement = Placement::regional, .one_zone_option = true, .continuous_backup = true};
  at(ResourceType::fsx) = {.multi_az = MultiAz::standby};
  at(ResourceType::redshift) = {.multi_az = MultiAz::standby};
  at(ResourceType::documentdb) = {.placement = Placement::cluster, .multi_az = MultiAz::replica};
  at(ResourceType::neptune) = {.placement = Placement::cluster, .multi_az = MultiAz::replica};
  at(ResourceType::storage_gateway) = {};
  at(ResourceType::generic) = {.multi_az = MultiAz::standby};
  at(ResourceType::fsx_windows) = {.multi_az = MultiAz::standby};
  at(ResourceType::fsx_lustre) = {};
  constexpr std::array<std::string_view, kResourceTypeCount> services = {
      "Amazon EC2", "Amazon EC2",      "Amazon EBS",      "Amazon RDS",      "Amazon RDS",   "Amazon DynamoDB",
      "Amazon EFS", "Amazon S3",       "Amazon FSx",      "Amazon Redshift", "Amazon DocumentDB", "Amazon Neptune",
      "AWS Storage Gateway", "the resource's service", "Amazon FSx", "Amazon FSx"};
  for (std::size_t i = 0; i < kResourceTypeCount; ++i) t[i].service = services[i];
  return t;
}();

constexpr const TypeTraits& traits(ResourceType t) { return kTypeTraits[static_cast<std::size_t>(t)]; }

// Regional services keep their data across the Region's AZs: an AZ loss never impacts them.
constexpr bool is_regional(ResourceType t) { return traits(t).placement == Placement::regional; }
// Stateless compute is relaunched, not restored, and has no RPO of its own; an image has
// no RPO either. Everything else carries data.
constexpr bool is_data_bearing(ResourceType t) { return traits(t).data_bearing; }
constexpr bool supports_continuous_backup(ResourceType t) { return traits(t).continuous_backup; }
constexpr bool supports_multi_az(ResourceType t) { return traits(t).multi_az != MultiAz::none; }

}  // namespace drsim::models
