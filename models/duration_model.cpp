#include "models/duration_model.hpp"

#include <cmath>

#include <fmt/format.h>

#include "models/duration_text.hpp"

namespace drsim::models {

sim::Duration DurationModel::size_term(double size_mib) const {
  if (mib_per_s <= 0.0 || size_mib <= 0.0) return 0;
  // Whole seconds: a finer figure would be precision the throughput model does not have.
  const double seconds = size_mib / mib_per_s;
  if (!(seconds < 9.0e15)) return sim::kNever / 2;  // absurd, but never an overflow
  return sim::round_nonnegative(seconds) * sim::kSecond;
}

sim::Duration DurationModel::sample(double size_mib, sim::RandomStream& rng) const {
  return fixed.sample(rng) + size_term(size_mib);
}

sim::Duration DurationModel::nominal(double size_mib) const {
  return fixed.median() + size_term(size_mib);
}

std::optional<Step> parse_step(std::string_view name) {
  for (std::size_t i = 0; i < kStepCount; ++i)
    if (kStepNames[i] == name) return static_cast<Step>(i);
  return std::nullopt;
}

namespace {

using sim::kHour;
using sim::kMinute;
using sim::kSecond;

DurationModel model(sim::Duration fixed, double mib_per_s) {
  return DurationModel{Distribution::fixed(fixed), mib_per_s};
}

DurationModel between(sim::Duration lo, sim::Duration hi) { return DurationModel{Distribution::uniform(lo, hi), 0}; }

// Defaults shared by most storage types; each type below overrides what it knows better.
// Sources and certainty for every figure: docs/models.md ("Defaults by resource type").
TypeModels storage_defaults() {
  TypeModels m;
  m[Step::backup] = model(5 * kMinute, 100);
  m[Step::copy] = model(10 * kMinute, 100);
  m[Step::restore] = model(15 * kMinute, 100);
  m[Step::restore_cold] = model(4 * kHour, 50);  // cold tier: staged back before restore
  m[Step::failover] = model(90 * kSecond, 0);
  m[Step::log_copy] = model(5 * kMinute, 0);
  m[Step::promote] = model(5 * kMinute, 0);
  m[Step::create_instance] = model(10 * kMinute, 0);
  m[Step::initialize] = model(0, 0);
  m[Step::cluster_failover] = model(35 * kSecond, 0);
  // A standby's scale-out (DR strategies): no AWS figure for launch to boot; Elastic Disaster
  // Recovery's documented boot time of a Linux recovery instance (about 5 minutes) stands in.
  // An ELB target is healthy after 5 consecutive checks 30 s apart (its defaults): 2.5 min.
  m[Step::launch] = model(5 * kMinute, 0);
  m[Step::health_check] = model(150 * kSecond, 0);
  return m;
}

}  // namespace

ModelCatalogue ModelCatalogue::builtin() {
  ModelCatalogue c;
  for (auto& t : c.by_type) t = storage_defaults();

  // EC2: relaunch from an AMI, or a restore from its own AWS Backup point (an AMI with the
  // snapshots of its volumes); either is a launch and boot.
  auto& ec2 = c.of(ResourceType::ec2);
  ec2[Step::restore] = model(5 * kMinute, 0);
  ec2[Step::restore_cold] = ec2[Step::restore];

  // An AMI that has a usable copy is simply there: nothing to restore.
  auto& ami = c.of(ResourceType::ami);
  ami[Step::restore] = model(0, 0);
  ami[Step::restore_cold] = model(0, 0);
  ami[Step::copy] = model(15 * kMinute, 0);

  // EBS: a volume from a snapshot is usable at once and loads lazily (EBS "Initialize
  // volumes"); reading every block runs at 100-300 MiB/s with a provisioned rate. An
  // archived snapshot takes up to 72 hours to restore to the standard tier.
  auto& ebs = c.of(ResourceType::ebs);
  ebs[Step::backup] = model(5 * kMinute, 200);
  ebs[Step::copy] = model(10 * kMinute, 100);
  ebs[Step::restore] = model(5 * kMinute, 0);
  ebs[Step::restore_cold] = model(72 * kHour + 5 * kMinute, 0);
  ebs[Step::initialize] = model(0, 100);
  // A volume replicated by Elastic Disaster Recovery is created as its recovery instance
  // launches: the launch is the instance's step, not the volume's.
  ebs[Step::promote] = model(0, 0);

  // RDS: snapshot restore creates a new instance (several minutes) and loads its data;
  // Multi-AZ DB instance failover typically 60-120 s, Multi-AZ DB cluster under 35 s; a read
  // replica's promotion reboots it ("several minutes or longer"); cross-Region automated
  // backups replicate with an RPO of 5-30 minutes, i.e. logs 5-25 minutes behind.
  auto& rds = c.of(ResourceType::rds);
  rds[Step::backup] = model(10 * kMinute, 100);
  rds[Step::restore] = model(20 * kMinute, 100);
  rds[Step::failover] = between(60 * kSecond, 120 * kSecond);
  rds[Step::cluster_failover] = model(35 * kSecond, 0);
  rds[Step::log_copy] = between(5 * kMinute, 25 * kMinute);
  rds[Step::promote] = model(10 * kMinute, 0);

  // Aurora: replica failover "typically ... less than 60 seconds, and often less than 30";
  // a new instance "typically takes less than 10 minutes"; a Global Database failover has
  // an RTO "in the order of minutes".
  auto& aurora = c.of(ResourceType::aurora);
  aurora[Step::restore] = model(15 * kMinute, 200);
  aurora[Step::failover] = between(30 * kSecond, 60 * kSecond);
  aurora[Step::promote] = between(1 * kMinute, 5 * kMinute);

  // DynamoDB: 95% of restores finish within an hour; a global table replica already serves.
  auto& ddb = c.of(ResourceType::dynamodb);
  ddb[Step::restore] = model(30 * kMinute, 200);
  ddb[Step::promote] = model(0, 0);

  // EFS: restores copy files back; deleting a replication configuration to make the
  // destination writable "can take several minutes".
  auto& efs = c.of(ResourceType::efs);
  efs[Step::backup] = model(10 * kMinute, 100);
  efs[Step::restore] = model(10 * kMinute, 50);
  efs[Step::promote] = model(5 * kMinute, 0);

  // S3: a replica bucket is readable as it is.
  c.of(ResourceType::s3)[Step::promote] = model(0, 0);

  // Redshift: restores typically 10-45 minutes.
  auto& redshift = c.of(ResourceType::redshift);
  redshift[Step::restore] = model(20 * kMinute, 500);

  // DocumentDB: replica failover "typically takes less than 30 seconds"; a new primary "a
  // few minutes". Neptune: failover "less than 120 seconds, and often less than 60"; a new
  // primary "typically takes less than 10 minutes".
  auto& docdb = c.of(ResourceType::documentdb);
  docdb[Step::restore] = model(20 * kMinute, 100);
  docdb[Step::failover] = model(30 * kSecond, 0);
  docdb[Step::create_instance] = model(5 * kMinute, 0);
  auto& neptune = c.of(ResourceType::neptune);
  neptune[Step::restore] = model(20 * kMinute, 100);
  neptune[Step::failover] = between(60 * kSecond, 120 * kSecond);

  // FSx for Windows File Server: Multi-AZ failover "typically completes in less than 30 seconds".
  c.of(ResourceType::fsx_windows)[Step::failover] = model(30 * kSecond, 0);

  auto& sgw = c.of(ResourceType::storage_gateway);
  sgw[Step::restore] = model(30 * kMinute, 100);

  auto& generic = c.of(ResourceType::generic);
  generic[Step::restore] = model(30 * kMinute, 100);
  return c;
}

}  // namespace drsim::models
