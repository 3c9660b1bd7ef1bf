#pragma once
// The AWS resource types drsim knows, and the few facts about each that the definitions in
// architecture.md turn on: where it lives (zonal or regional) and whether it holds data.
#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace drsim::models {

enum class ResourceType : std::uint8_t {
  ec2, ami, ebs, rds, aurora, dynamodb, efs, s3, fsx, redshift, documentdb, neptune,
  storage_gateway, generic
};
inline constexpr std::size_t kResourceTypeCount = 14;

inline constexpr std::array<std::string_view, kResourceTypeCount> kResourceTypeNames = {
    "ec2", "ami", "ebs", "rds", "aurora", "dynamodb", "efs", "s3", "fsx", "redshift",
    "documentdb", "neptune", "storage_gateway", "generic"};

constexpr std::string_view to_string(ResourceType t) {
  return kResourceTypeNames[static_cast<std::size_t>(t)];
}

constexpr std::optional<ResourceType> parse_resource_type(std::string_view name) {
  for (std::size_t i = 0; i < kResourceTypeCount; ++i)
    if (kResourceTypeNames[i] == name) return static_cast<ResourceType>(i);
  return std::nullopt;
}

// Regional services keep their data across the Region's AZs: an AZ loss never impacts them.
constexpr bool is_regional(ResourceType t) {
  return t == ResourceType::s3 || t == ResourceType::dynamodb || t == ResourceType::efs ||
         t == ResourceType::ami;
}

// Stateless compute is relaunched, not restored, and has no RPO of its own; an image has
// no RPO either. Everything else carries data.
constexpr bool is_data_bearing(ResourceType t) {
  return t != ResourceType::ec2 && t != ResourceType::ami;
}

// Types AWS Backup can protect continuously (point-in-time restore).
constexpr bool supports_continuous_backup(ResourceType t) {
  return t == ResourceType::rds || t == ResourceType::aurora || t == ResourceType::s3;
}

// Types that can run with a synchronous standby in another AZ and fail over to it.
constexpr bool supports_multi_az(ResourceType t) {
  return t == ResourceType::rds || t == ResourceType::aurora || t == ResourceType::fsx ||
         t == ResourceType::documentdb || t == ResourceType::neptune ||
         t == ResourceType::redshift || t == ResourceType::generic;
}

}  // namespace drsim::models
