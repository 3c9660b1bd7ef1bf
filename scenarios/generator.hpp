#pragma once
// The synthetic workload generator behind `drsim generate`: a realistic scenario of any
// size, the standard workload of the benchmarks.
//
// What it makes, for --resources N over --regions R:
//   * real AWS Regions with three real AZs each; the first ceil(R/2) Regions hold the
//     workload, each paired with a DR Region (the last primary of an odd count fails over
//     to the first Region);
//   * applications of 15-80 resources in tiers: a web and an app tier of EC2 fleets that
//     need their AMI and the tier below, a data tier of EBS, RDS, Aurora, DynamoDB, EFS, S3
//     and now and then FSx, Redshift, DocumentDB or Neptune, with sizes drawn from
//     plausible per-type ranges;
//   * AWS Backup plans per Region (tag and id selections, cross-Region copy actions),
//     RDS automated backups, DLM snapshots, AMI copies, and about 2% of resources left
//     unprotected or protected only in their own Region, as real estates are;
//   * restore models, a runbook with per-Region capacity pools, Resilience Hub policies,
//     and two failures: the loss of the first Region and of its first AZ.
// All randomness comes from sim::RandomStream keyed by (seed, 0, entity, purpose), so the
// text is a pure function of the options: same options, byte-identical output.
#include <cstdint>
#include <string>

namespace drsim::scenarios {

struct GeneratorOptions {
  std::uint64_t resources = 1000;
  std::uint32_t regions = 2;
  std::uint64_t seed = 1;
  std::uint64_t trials = 1000;  // written to simulation.trials
};

// An error message for options the generator refuses (e.g. "--resources must be between 10
// and 1000000"), or "" when they are fine.
std::string check(const GeneratorOptions& options);

// The scenario as pretty JSON (2-space indent, trailing newline) with exactly
// `options.resources` resources once fleets are expanded. Expects options that pass check().
std::string generate_scenario_json(const GeneratorOptions& options);

}  // namespace drsim::scenarios
