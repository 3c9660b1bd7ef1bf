#include "models/recovery_method.hpp"

#include <algorithm>

namespace drsim::models {
namespace {

bool better(const RecoveryPoint& a, const RecoveryPoint& b, sim::Time at, RegionIndex recovery_region) {
  if (a.data_time != b.data_time) return a.data_time > b.data_time;
  const bool a_local = a.region == recovery_region, b_local = b.region == recovery_region;
  if (a_local != b_local) return a_local;
  const bool a_warm = !a.cold_at_time(at), b_warm = !b.cold_at_time(at);
  if (a_warm != b_warm) return a_warm;
  return false;  // keep the first found: points are listed in a deterministic order
}

AzIndex other_az(const Scenario& s, RegionIndex region, AzIndex avoid) {
  for (AzIndex az : s.regions[region].azs)
    if (az != avoid) return az;
  return kNoAz;
}

// An AZ in the recovery Region at the same position as the lost one, so that a fleet spread
// over AZs stays spread.
AzIndex matching_az(const Scenario& s, AzIndex source, RegionIndex to) {
  const auto& from_azs = s.regions[s.azs[source].region].azs;
  const auto& to_azs = s.regions[to].azs;
  const auto pos = static_cast<std::size_t>(std::find(from_azs.begin(), from_azs.end(), source) - from_azs.begin());
  return to_azs[pos % to_azs.size()];
}

bool requires_image(const Scenario& s, ResourceIndex r) {
  const Requirements req = s.requirements_of(r);
  return std::any_of(req.begin(), req.end(), [&](ResourceIndex u) { return s.resources[u].type == ResourceType::ami; });
}

sim::Duration draw_step(const MethodInputs& in, ResourceIndex r, Step step, double size_mib, Purpose purpose_of) {
  return in.key.draw(in.s.models_of(in.s.resources[r])[step], size_mib, in.s.resources[r].draw_key, purpose(purpose_of));
}

// Failing over on its own, without detection or declaration: a standby or a replica in
// another AZ of the Region.
void fail_over(const MethodInputs& in, ResourceIndex r, Step step, ResourceOutcome& o) {
  const Resource& res = in.s.resources[r];
  o.status = ResourceStatus::failed_over;
  o.automatic = true;
  o.recovery_region = res.region;
  o.recovery_az = other_az(in.s, res.region, res.az);
  o.work = draw_step(in, r, step, res.size_mib(), Purpose::failover_duration);
}

// The work of bringing `r` back from the point in `o`.
void point_work(const MethodInputs& in, ResourceIndex r, ResourceOutcome& o) {
  const Resource& res = in.s.resources[r];
  const TypeModels& models = in.s.models_of(res);
  const RecoveryPoint& p = o.point;
  if (p.is_image()) return;  // a usable image needs no work
  if (p.is_replica()) {
    if (serves_as_is(in.s, p)) {
      o.automatic = true;
      return;
    }
    o.work = draw_step(in, r, Step::promote, 0, Purpose::promote_duration);
    // A headless secondary has no DB instance to promote until one is created.
    if (in.s.replications[p.protection].headless)
      o.work += draw_step(in, r, Step::create_instance, 0, Purpose::create_instance_duration);
    return;
  }
  const double size = res.size_mib();
  o.work = draw_step(in, r, o.cold ? Step::restore_cold : Step::restore, res.type == ResourceType::ec2 ? 0 : size,
                     Purpose::restore_duration);
  if (o.cross_region) o.work += in.key.draw(models[Step::copy], size, res.draw_key, purpose(Purpose::restore_copy_duration));
  // Point-in-time restores replay the changes logged since their base snapshot.
  if (p.continuous()) o.work += models[Step::restore].size_term(res.changed_mib(p.data_time - p.base_data_time));
  // A cluster restore "only restores the DB cluster, not the DB instances": one is created after.
  if (res.placement() == Placement::cluster)
    o.work += draw_step(in, r, Step::create_instance, 0, Purpose::create_instance_duration);
  if (res.type == ResourceType::ebs && in.s.recovery.volume_initialization == RecoveryPlan::VolumeInitialization::full)
    o.initialize = draw_step(in, r, Step::initialize, size, Purpose::initialize_duration);
}

}  // namespace

int best_usable_point(const std::vector<RecoveryPoint>& points, sim::Time failure_at, LostScope lost,
                      RegionIndex recovery_region) {
  int best = -1;
  for (std::size_t i = 0; i < points.size(); ++i) {
    if (unusable_reason(points[i], failure_at, lost)) continue;
    if (best < 0 || better(points[i], points[static_cast<std::size_t>(best)], failure_at, recovery_region))
      best = static_cast<int>(i);
  }
  return best;
}

bool touches(const Scenario& s, const Failure& f, ResourceIndex r) {
  const Resource& res = s.resources[r];
  switch (f.scope) {
    case FailureScope::az: return res.az == f.target;
    case FailureScope::region: return res.region == f.target;
    case FailureScope::resource: return r == f.target;
  }
  return true;
}

void choose_method(const MethodInputs& in, ResourceIndex r, ResourceOutcome& o, std::vector<RecoveryPoint>& points,
                   HistoryScratch& scratch) {
  const Scenario& s = in.s;
  const Resource& res = s.resources[r];
  if (!touches(s, in.failure, r)) return;
  switch (in.failure.scope) {
    case FailureScope::az:
      if (res.placement() == Placement::cluster) {
        // The cluster volume is kept in three AZs whatever AZ the instances are in: a replica
        // in another AZ takes over, or a new instance is created there on the same volume
        // ("make sure to manually create one or more new DB instances in another AZ").
        if (res.multi_az) return fail_over(in, r, Step::failover, o);
        o.status = ResourceStatus::new_instance;
        o.recovery_region = res.region;
        o.recovery_az = other_az(s, res.region, res.az);
        o.work = draw_step(in, r, Step::create_instance, 0, Purpose::create_instance_duration);
        return;
      }
      if (res.multi_az) return fail_over(in, r, res.db_cluster ? Step::cluster_failover : Step::failover, o);
      o.recovery_region = res.region;
      o.recovery_az = other_az(s, res.region, res.az);
      break;
    case FailureScope::region:
      o.recovery_region = s.recovery.failover_region[res.region];
      if (o.recovery_region != kNoRegion && res.az != kNoAz) o.recovery_az = matching_az(s, res.az, o.recovery_region);
      break;
    case FailureScope::resource:
      o.recovery_region = res.region;
      o.recovery_az = res.az;
      break;
  }
  o.status = ResourceStatus::restored;  // impacted; refined below
  if (o.recovery_region == kNoRegion) {
    o.status = ResourceStatus::unrecoverable;
    o.cause = UnrecoverableCause::no_recovery_region;
    return;
  }
  // Compute kept ready where it recovers: a warm standby serves once declared and its
  // requirements are back; a pilot light is launched, boots and passes its health checks.
  if (const auto& standby = s.group_of(res).standby;
      standby && standby->region == o.recovery_region && in.failure.scope == FailureScope::region) {
    if (standby->serves_at_once()) {
      // It serves at once, at reduced capacity; the rest of the fleet is launched after.
      o.status = ResourceStatus::standby_serving;
      const ResourceGroup& group = s.group_of(res);
      if (standby->running_instances(group.count) < group.count)
        o.scale_up = draw_step(in, r, Step::launch, 0, Purpose::launch_duration) +
                     draw_step(in, r, Step::health_check, 0, Purpose::health_check_duration);
      return;
    }
    o.status = ResourceStatus::scaled_out;
    o.work = draw_step(in, r, Step::launch, 0, Purpose::launch_duration) +
             draw_step(in, r, Step::health_check, 0, Purpose::health_check_duration);
    return;
  }

  points.clear();
  in.history.collect_recent(r, in.failure_at, in.lost, in.key, points, scratch);
  if (in.failure.scope != FailureScope::region)
    std::erase_if(points, [&](const RecoveryPoint& p) { return recovers_with_its_instance_only(s, p); });
  const int best = best_usable_point(points, in.failure_at, in.lost, o.recovery_region);
  if (best < 0 && res.type == ResourceType::ec2) {
    // No backup of its own: launch it again from an image. An AZ loss leaves the Region's
    // images; in a Region loss only an image it requires (copied there) can launch it.
    if (in.failure.scope == FailureScope::region && !requires_image(s, r)) {
      o.status = ResourceStatus::unrecoverable;
      o.cause = UnrecoverableCause::no_image;
      return;
    }
    o.status = ResourceStatus::relaunched;
    o.work = draw_step(in, r, Step::restore, 0, Purpose::restore_duration);
    return;
  }
  if (best < 0) {
    o.status = ResourceStatus::unrecoverable;
    o.cause = in.history.protections().any(r) ? UnrecoverableCause::no_usable_point : UnrecoverableCause::no_protection;
    return;
  }
  o.has_point = true;
  o.point = points[static_cast<std::size_t>(best)];
  if (o.point.is_replica()) {
    o.status = ResourceStatus::promoted;
    o.recovery_region = o.point.region;
    o.recovery_az = o.point.az != kNoAz ? o.point.az : res.az != kNoAz ? matching_az(s, res.az, o.recovery_region) : kNoAz;
    if (o.recovery_az == in.lost.az && o.recovery_az != kNoAz) o.recovery_az = other_az(s, o.recovery_region, in.lost.az);
  } else {
    o.cold = o.point.cold_at_time(in.failure_at);
    o.cross_region = o.point.region != o.recovery_region;
  }
  point_work(in, r, o);
}

void settle_initialization(const Scenario& s, sim::Time start, ResourceOutcome& o) {
  if (!o.has_point || o.point.mechanism != Mechanism::snapshot) {
    o.work += o.initialize;
    return;
  }
  const auto& azs = s.snapshot_policies[o.point.protection].fast_restore.azs;
  o.fast_restore = o.point.fast_restore_at <= start && std::find(azs.begin(), azs.end(), o.recovery_az) != azs.end();
  if (o.fast_restore) o.initialize = 0;  // "fully initialized at creation"
  o.work += o.initialize;
}

}  // namespace drsim::models
