#include "models/recovery_engine.hpp"

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

}  // namespace

int best_usable_point(const std::vector<RecoveryPoint>& points, sim::Time failure_at, RegionIndex lost_region,
                      RegionIndex recovery_region) {
  int best = -1;
  for (std::size_t i = 0; i < points.size(); ++i) {
    if (unusable_reason(points[i], failure_at, lost_region)) continue;
    if (best < 0 || better(points[i], points[static_cast<std::size_t>(best)], failure_at, recovery_region))
      best = static_cast<int>(i);
  }
  return best;
}

RecoveryEngine::RecoveryEngine(const BackupHistory& history, const RequiresGraph& graph)
    : s_(history.scenario()), graph_(graph), history_(history) {}

std::uint32_t RecoveryEngine::kernel_pool(std::uint32_t pool, RegionIndex region) const {
  return s_.recovery.pools[pool].per == CapacityPool::Per::global ? pool_base_[pool] : pool_base_[pool] + region;
}

bool RecoveryEngine::holds_slot(ResourceIndex r, std::uint32_t pool) const {
  const ResourceType type = s_.resources[r].type;
  return type != ResourceType::ami && s_.recovery.pools[pool].applies_to(type);
}

void RecoveryEngine::run(std::size_t failure, const TrialKey& key, TrialResult& out) {
  using Clock = std::chrono::steady_clock;
  const Clock::time_point started = timer_ ? Clock::now() : Clock::time_point{};
  const Failure& f = s_.failures[failure];
  out_ = &out;
  out.failure = failure;
  out.failure_at = key.draw(f.at, failure_entity(failure), purpose(Purpose::failure_time));
  out.detected_at = out.failure_at + key.draw(s_.recovery.detection, failure_entity(failure), purpose(Purpose::detection));
  out.declared_at = out.detected_at + key.draw(s_.recovery.declaration, failure_entity(failure), purpose(Purpose::declaration));

  sim_.reset();
  declared_ = false;
  pool_base_.clear();
  for (const CapacityPool& p : s_.recovery.pools) {
    pool_base_.push_back(0);
    const std::size_t copies = p.per == CapacityPool::Per::global ? 1 : s_.regions.size();
    for (std::size_t i = 0; i < copies; ++i) {
      const std::uint32_t id = sim_.add_pool(p.capacity);
      if (i == 0) pool_base_.back() = id;
    }
  }

  const std::size_t n = s_.resources.size();
  out.resources.assign(n, ResourceOutcome{});
  pending_.assign(n, 0);
  requested_at_.assign(n, 0);

  classify(f, key);
  propagate_unrecoverable();
  for (ResourceIndex r = 0; r < n; ++r) {
    if (!waits_for_recovery(r)) continue;
    for (ResourceIndex u : s_.resources[r].requires_)
      if (out.resources[u].impacted() && out.resources[u].recovered()) ++pending_[r];
  }
  sim_.schedule_at(out.declared_at, kDeclared, 0);
  const Clock::time_point loop_started = timer_ ? Clock::now() : Clock::time_point{};
  sim_.run(*this);
  out.events = sim_.events_processed();
  if (timer_) {
    const Clock::time_point now = Clock::now();
    timer_->loop_seconds += std::chrono::duration<double>(now - loop_started).count();
    timer_->events += out.events;
  }
  summarise_applications(key);
  if (timer_) timer_->total_seconds += std::chrono::duration<double>(Clock::now() - started).count();
}

void RecoveryEngine::classify(const Failure& f, const TrialKey& key) {
  const sim::Time at = out_->failure_at;
  const RegionIndex lost_region = f.scope == FailureScope::region ? static_cast<RegionIndex>(f.target) : kNoRegion;
  for (ResourceIndex r = 0; r < s_.resources.size(); ++r) {
    const Resource& res = s_.resources[r];
    ResourceOutcome& o = out_->resources[r];
    bool impacted = false;
    switch (f.scope) {
      case FailureScope::az:
        if (res.az != f.target) break;
        if (res.multi_az) {
          // The standby in another AZ takes over on its own: no detection, no restore.
          o.status = ResourceStatus::failed_over;
          o.recovery_region = res.region;
          o.recovery_az = other_az(s_, res.region, res.az);
          o.work = key.draw(s_.models_of(res)[Step::failover], res.size_mib(), r, purpose(Purpose::failover_duration));
          o.ready_at = o.started_at = at;
          sim_.schedule_at(at + o.work, kFailoverDone, r);
          break;
        }
        impacted = true;
        o.recovery_region = res.region;
        o.recovery_az = other_az(s_, res.region, res.az);
        break;
      case FailureScope::region:
        if (res.region != f.target) break;
        impacted = true;
        o.recovery_region = s_.recovery.failover_region[res.region];
        if (o.recovery_region != kNoRegion && res.az != kNoAz) o.recovery_az = matching_az(s_, res.az, o.recovery_region);
        break;
      case FailureScope::resource:
        if (r != f.target) break;
        impacted = true;
        o.recovery_region = res.region;
        o.recovery_az = res.az;
        break;
    }
    if (!impacted) {
      if (o.status == ResourceStatus::not_impacted) o.recovered_at = at;
      continue;
    }
    if (o.recovery_region == kNoRegion) {
      o.status = ResourceStatus::unrecoverable;
      o.cause = UnrecoverableCause::no_recovery_region;
      continue;
    }
    plan_restore(r, lost_region, key);
  }
}

void RecoveryEngine::plan_restore(ResourceIndex r, RegionIndex lost_region, const TrialKey& key) {
  const Resource& res = s_.resources[r];
  const TypeModels& models = s_.models_of(res);
  ResourceOutcome& o = out_->resources[r];
  if (res.type == ResourceType::ec2) {
    o.status = ResourceStatus::relaunched;
    o.work = key.draw(models[Step::restore], 0, r, purpose(Purpose::restore_duration));
    return;
  }
  const sim::Time at = out_->failure_at;
  points_.clear();
  history_.collect_recent(r, at, lost_region, key, points_, history_scratch_);
  const int best = best_usable_point(points_, at, lost_region, o.recovery_region);
  if (best < 0) {
    o.status = ResourceStatus::unrecoverable;
    o.cause = UnrecoverableCause::no_usable_point;
    return;
  }
  o.status = ResourceStatus::restored;
  o.has_point = true;
  o.point = points_[static_cast<std::size_t>(best)];
  o.cold = o.point.cold_at_time(at);
  o.cross_region = o.point.region != o.recovery_region;
  if (o.point.is_image()) return;  // a usable image needs no work
  o.work = key.draw(models[o.cold ? Step::restore_cold : Step::restore], res.size_mib(), r, purpose(Purpose::restore_duration));
  if (o.cross_region) o.work += key.draw(models[Step::copy], res.size_mib(), r, purpose(Purpose::restore_copy_duration));
  // Point-in-time restores replay the changes logged since their base snapshot.
  if (o.point.continuous()) o.work += models[Step::restore].size_term(res.changed_mib(o.point.data_time - o.point.base_data_time));
}

void RecoveryEngine::propagate_unrecoverable() {
  for (ResourceIndex r : graph_.topological_order()) {
    ResourceOutcome& o = out_->resources[r];
    if (!waits_for_recovery(r)) continue;
    for (ResourceIndex u : s_.resources[r].requires_) {
      if (out_->resources[u].status == ResourceStatus::unrecoverable) {
        o.status = ResourceStatus::unrecoverable;
        o.cause = UnrecoverableCause::requires_unrecoverable;
        o.blocked_by = u;
        break;
      }
    }
  }
}

bool RecoveryEngine::waits_for_recovery(ResourceIndex r) const {
  const ResourceStatus st = out_->resources[r].status;
  return st == ResourceStatus::restored || st == ResourceStatus::relaunched;
}

void RecoveryEngine::operator()(const sim::Event& e, sim::Simulation& sim) {
  switch (e.kind) {
    case kDeclared:
      declared_ = true;
      for (ResourceIndex r : graph_.topological_order())
        if (waits_for_recovery(r) && pending_[r] == 0) start(r);
      break;
    case kGranted: {
      ResourceOutcome& o = out_->resources[e.target];
      const sim::Duration wait = sim.now() - requested_at_[e.target];
      if (wait > 0 && (o.waited_pool < 0 || wait > o.pool_wait)) o.waited_pool = static_cast<std::int32_t>(e.payload);
      o.pool_wait += wait;
      request_next_pool(e.target, e.payload + 1);
      break;
    }
    case kWorkDone: {
      const RegionIndex region = out_->resources[e.target].recovery_region;
      for (std::uint32_t p = 0; p < s_.recovery.pools.size(); ++p)
        if (holds_slot(e.target, p)) sim.release(kernel_pool(p, region));
      recovered(e.target);
      break;
    }
    case kFailoverDone:
      recovered(e.target);
      break;
  }
}

void RecoveryEngine::start(ResourceIndex r) {
  ResourceOutcome& o = out_->resources[r];
  o.ready_at = sim_.now();
  sim::Time latest = out_->declared_at;
  for (ResourceIndex u : s_.resources[r].requires_) {
    const sim::Time t = out_->resources[u].recovered_at;
    if (out_->resources[u].impacted() && t > latest) {
      latest = t;
      o.last_requirement = u;
    }
  }
  request_next_pool(r, 0);
}

void RecoveryEngine::request_next_pool(ResourceIndex r, std::uint32_t from_pool) {
  ResourceOutcome& o = out_->resources[r];
  // Slots are taken in pool order, so no two restores can each hold what the other waits for.
  for (std::uint32_t p = from_pool; p < s_.recovery.pools.size(); ++p) {
    if (!holds_slot(r, p)) continue;
    requested_at_[r] = sim_.now();
    sim_.request(kernel_pool(p, o.recovery_region), kGranted, r, p);
    return;
  }
  o.started_at = sim_.now();
  sim_.schedule_in(o.work, kWorkDone, r);
}

void RecoveryEngine::recovered(ResourceIndex r) {
  out_->resources[r].recovered_at = sim_.now();
  for (const ResourceIndex* d = graph_.dependants_begin(r); d != graph_.dependants_end(r); ++d) {
    if (!waits_for_recovery(*d)) continue;
    if (--pending_[*d] == 0 && declared_) start(*d);
  }
}

void RecoveryEngine::summarise_applications(const TrialKey& key) {
  out_->applications.assign(s_.applications.size(), ApplicationOutcome{});
  for (std::size_t a = 0; a < s_.applications.size(); ++a) {
    ApplicationOutcome& app = out_->applications[a];
    sim::Duration latest = -1;
    for (ResourceIndex r : s_.applications[a].resources) {
      const ResourceOutcome& o = out_->resources[r];
      if (!o.impacted()) continue;
      app.impacted = true;
      if (!o.recovered()) {
        if (app.recoverable) app.blocked_by = r;
        app.recoverable = false;
        continue;
      }
      const sim::Duration rto = out_->rto(r);
      if (rto > latest) {
        latest = rto;
        app.rto_gate = r;
      }
    }
    for (ResourceIndex r : s_.applications[a].resources) {
      const sim::Duration rpo = out_->rpo(s_, r);
      if (rpo > app.rpo) {
        app.rpo = rpo;
        app.rpo_gate = r;
      }
    }
    if (!app.impacted) continue;
    app.cutover = key.draw(s_.recovery.cutover, application_entity(a), purpose(Purpose::cutover));
    app.rto = app.recoverable ? latest + app.cutover : -1;
    if (!app.recoverable) app.rpo = -1;
  }
}

}  // namespace drsim::models
