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
  return static_cast<sim::Duration>(std::llround(seconds)) * sim::kSecond;
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

// Defaults shared by most storage types; each type below overrides what it knows better.
// Sources and confidence for every figure: docs/models.md.
TypeModels storage_defaults() {
  TypeModels m;
  m[Step::backup] = model(5 * kMinute, 100);
  m[Step::copy] = model(10 * kMinute, 100);
  m[Step::restore] = model(15 * kMinute, 100);
  m[Step::restore_cold] = model(4 * kHour, 50);  // cold tier: staged back before restore
  m[Step::failover] = model(90 * kSecond, 0);
  m[Step::log_copy] = model(5 * kMinute, 0);
  return m;
}

}  // namespace

ModelCatalogue ModelCatalogue::builtin() {
  ModelCatalogue c;
  for (auto& t : c.by_type) t = storage_defaults();

  // EC2: relaunch from an AMI; the "restore" is the launch and boot.
  auto& ec2 = c.of(ResourceType::ec2);
  ec2[Step::restore] = model(5 * kMinute, 0);
  ec2[Step::restore_cold] = ec2[Step::restore];

  // An AMI that has a usable copy is simply there: nothing to restore.
  auto& ami = c.of(ResourceType::ami);
  ami[Step::restore] = model(0, 0);
  ami[Step::restore_cold] = model(0, 0);
  ami[Step::copy] = model(15 * kMinute, 0);

  // EBS: a volume from a snapshot is usable at once and loads lazily (EBS docs), so the
  // restore has no size term; snapshot and copy are incremental block copies.
  auto& ebs = c.of(ResourceType::ebs);
  ebs[Step::backup] = model(5 * kMinute, 200);
  ebs[Step::copy] = model(10 * kMinute, 100);
  ebs[Step::restore] = model(5 * kMinute, 0);
  ebs[Step::restore_cold] = model(4 * kHour, 0);

  // RDS: snapshot restore creates a new instance (tens of minutes) and loads its data;
  // Multi-AZ failover typically 60-120 s.
  auto& rds = c.of(ResourceType::rds);
  rds[Step::backup] = model(10 * kMinute, 100);
  rds[Step::restore] = model(20 * kMinute, 100);
  rds[Step::failover] = DurationModel{Distribution::uniform(60 * kSecond, 120 * kSecond), 0};

  auto& aurora = c.of(ResourceType::aurora);
  aurora[Step::restore] = model(15 * kMinute, 200);
  aurora[Step::failover] = model(30 * kSecond, 0);

  // DynamoDB: 95% of restores finish within an hour.
  auto& ddb = c.of(ResourceType::dynamodb);
  ddb[Step::restore] = model(30 * kMinute, 200);

  // EFS: restores copy files back; modest throughput.
  auto& efs = c.of(ResourceType::efs);
  efs[Step::backup] = model(10 * kMinute, 100);
  efs[Step::restore] = model(10 * kMinute, 50);

  // Redshift: restores typically 10-45 minutes.
  auto& redshift = c.of(ResourceType::redshift);
  redshift[Step::restore] = model(20 * kMinute, 500);

  auto& docdb = c.of(ResourceType::documentdb);
  docdb[Step::restore] = model(20 * kMinute, 100);
  docdb[Step::failover] = model(30 * kSecond, 0);
  auto& neptune = c.of(ResourceType::neptune);
  neptune[Step::restore] = model(20 * kMinute, 100);
  neptune[Step::failover] = model(30 * kSecond, 0);

  auto& sgw = c.of(ResourceType::storage_gateway);
  sgw[Step::restore] = model(30 * kMinute, 100);

  auto& generic = c.of(ResourceType::generic);
  generic[Step::restore] = model(30 * kMinute, 100);
  return c;
}

}  // namespace drsim::models
