#pragma once
// ARNs for scenario resources, so AWS Backup selections written with real ARN patterns
// ("arn:aws:ec2:*:*:volume/*") select the matching scenario resources. drsim resources have
// no account, so the account is "*" (and patterns' account and partition fields are
// ignored when matching). The forms, by type (REGION is the resource's Region, ID its id):
//   ec2              arn:aws:ec2:REGION:*:instance/ID
//   ami              arn:aws:ec2:REGION:*:image/ID
//   ebs              arn:aws:ec2:REGION:*:volume/ID
//   rds              arn:aws:rds:REGION:*:db:ID
//   aurora           arn:aws:rds:REGION:*:cluster:ID
//   documentdb       arn:aws:rds:REGION:*:cluster:ID        (DocumentDB uses RDS cluster ARNs)
//   neptune          arn:aws:rds:REGION:*:cluster:ID        (so does Neptune)
//   dynamodb         arn:aws:dynamodb:REGION:*:table/ID
//   efs              arn:aws:elasticfilesystem:REGION:*:file-system/ID
//   s3               arn:aws:s3:::ID                         (bucket ARNs name no Region)
//   fsx, fsx_windows, fsx_lustre   arn:aws:fsx:REGION:*:file-system/ID
//   redshift         arn:aws:redshift:REGION:*:cluster:ID
//   storage_gateway  arn:aws:storagegateway:REGION:*:gateway/ID
//   generic          arn:aws:generic:REGION:*:resource/ID   (matched by wildcard patterns)
#include <string>
#include <string_view>

#include "models/resource_type.hpp"

namespace drsim::scenarios {

std::string pseudo_arn(models::ResourceType type, std::string_view region, std::string_view id);

// The fields of "arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE" (RESOURCE may hold colons).
struct ArnFields {
  std::string_view partition, service, region, account, resource;
};
bool split_arn(std::string_view arn, ArnFields& out);

// `pattern` is an ARN whose service, Region and resource fields may hold `*` wildcards (any
// run of characters; in the resource field also ':' and '/'); its partition and account
// fields match anything.
bool arn_matches(std::string_view pattern, std::string_view arn);

// Glob match with `*` only.
bool wildcard_match(std::string_view pattern, std::string_view text);

}  // namespace drsim::scenarios
