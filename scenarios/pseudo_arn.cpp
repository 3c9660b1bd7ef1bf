#include "scenarios/pseudo_arn.hpp"

#include <fmt/format.h>

namespace drsim::scenarios {

std::string pseudo_arn(models::ResourceType type, std::string_view region, std::string_view id) {
  using T = models::ResourceType;
  switch (type) {
    case T::ec2:
      return fmt::format("arn:aws:ec2:{}:*:instance/{}", region, id);
    case T::ami:
      return fmt::format("arn:aws:ec2:{}:*:image/{}", region, id);
    case T::ebs:
      return fmt::format("arn:aws:ec2:{}:*:volume/{}", region, id);
    case T::rds:
      return fmt::format("arn:aws:rds:{}:*:db:{}", region, id);
    case T::aurora:
    case T::documentdb:
    case T::neptune:
      return fmt::format("arn:aws:rds:{}:*:cluster:{}", region, id);
    case T::dynamodb:
      return fmt::format("arn:aws:dynamodb:{}:*:table/{}", region, id);
    case T::efs:
      return fmt::format("arn:aws:elasticfilesystem:{}:*:file-system/{}", region, id);
    case T::s3:
      return fmt::format("arn:aws:s3:::{}", id);
    case T::fsx:
    case T::fsx_windows:
    case T::fsx_lustre:
      return fmt::format("arn:aws:fsx:{}:*:file-system/{}", region, id);
    case T::redshift:
      return fmt::format("arn:aws:redshift:{}:*:cluster:{}", region, id);
    case T::storage_gateway:
      return fmt::format("arn:aws:storagegateway:{}:*:gateway/{}", region, id);
    case T::generic:
      break;
  }
  return fmt::format("arn:aws:generic:{}:*:resource/{}", region, id);
}

bool split_arn(std::string_view arn, ArnFields& out) {
  std::string_view parts[5];
  std::size_t start = 0;
  for (int i = 0; i < 5; ++i) {
    const std::size_t colon = arn.find(':', start);
    if (colon == std::string_view::npos) return false;
    parts[i] = arn.substr(start, colon - start);
    start = colon + 1;
  }
  if (parts[0] != "arn") return false;
  out = ArnFields{parts[1], parts[2], parts[3], parts[4], arn.substr(start)};
  return true;
}

bool wildcard_match(std::string_view pattern, std::string_view text) {
  // Greedy with backtracking to the last star: linear in practice, O(n*m) at worst.
  std::size_t p = 0, t = 0, star = std::string_view::npos, resume = 0;
  while (t < text.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      resume = t;
    } else if (p < pattern.size() && pattern[p] == text[t]) {
      ++p;
      ++t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

bool arn_matches(std::string_view pattern, std::string_view arn) {
  ArnFields p, a;
  if (!split_arn(pattern, p) || !split_arn(arn, a)) return false;
  return wildcard_match(p.service, a.service) && wildcard_match(p.region, a.region) &&
         wildcard_match(p.resource, a.resource);
}

}  // namespace drsim::scenarios
