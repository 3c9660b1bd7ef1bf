#include "models/recovery_engine.hpp"

#include <algorithm>

#include "models/unrecoverable_cause.hpp"

namespace drsim::models {
RecoveryEngine::RecoveryEngine(const BackupHistory& history, const RequiresGraph& graph)
    : s_(history.scenario()), graph_(graph), history_(history) {}

std::uint32_t RecoveryEngine::kernel_pool(std::uint32_t pool, RegionIndex region) const {
  return s_.recovery.pools[pool].per == CapacityPool::Per::global ? pool_base_[pool] : pool_base_[pool] + region;
}

bool RecoveryEngine::decide_slot(ResourceIndex r, std::uint32_t pool) const {
  const ResourceOutcome& o = out_->resources[r];
  if (!o.waits_for_declaration() || (o.has_point && o.point.is_image())) return false;
  return s_.recovery.pools[pool].applies_to(s_.resources[r].type);
}

void RecoveryEngine::run(std::size_t failure, const TrialKey& key, TrialResult& out) {
  using Clock = std::chrono::steady_clock;
  const Clock::time_point started = timer_ ? Clock::now() : Clock::time_point{};
  const Failure& f = s_.failures[failure];
  out_ = &out;
  out.failure = failure;
  out.failure_at = key.draw(f.at, f.draw_key, purpose(Purpose::failure_time));
  out.detected_at = out.failure_at + key.draw(s_.recovery.detection, f.draw_key, purpose(Purpose::detection));
  out.declared_at = out.detected_at + key.draw(s_.recovery.declaration, f.draw_key, purpose(Purpose::declaration));

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
  const auto pools = static_cast<std::uint32_t>(std::min<std::size_t>(s_.recovery.pools.size(), 64));
  slots_.assign(n, 0);
  for (ResourceIndex r = 0; r < n; ++r) {
    if (!waits_for_recovery(r)) continue;
    for (std::uint32_t p = 0; p < pools; ++p)
      if (decide_slot(r, p)) slots_[r] |= std::uint64_t{1} << p;
    for (ResourceIndex u : graph_.requirements(r))
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
  LostScope lost;
  if (f.scope == FailureScope::region) lost.region = static_cast<RegionIndex>(f.target);
  if (f.scope == FailureScope::az) lost.az = static_cast<AzIndex>(f.target);
  const MethodInputs in{s_, history_, f, at, lost, key};
  for (ResourceIndex r = 0; r < s_.resources.size(); ++r) {
    ResourceOutcome& o = out_->resources[r];
    if (r + 1 < s_.resources.size()) history_.prefetch(r + 1, at);
    choose_method(in, r, o, points_, history_scratch_);
    if (!o.impacted()) {
      o.recovered_at = at;
      continue;
    }
    if (o.automatic && o.status != ResourceStatus::unrecoverable) {
      // It recovers on its own from the failure on: no detection, no declaration, no pool.
      o.ready_at = o.started_at = at;
      sim_.schedule_at(at + o.work, kFailoverDone, r);
    }
  }
}

void RecoveryEngine::propagate_unrecoverable() {
  for (ResourceIndex r : graph_.topological_order()) {
    ResourceOutcome& o = out_->resources[r];
    if (!waits_for_recovery(r)) continue;
    for (ResourceIndex u : graph_.requirements(r)) {
      if (out_->resources[u].status == ResourceStatus::unrecoverable) {
        o.status = ResourceStatus::unrecoverable;
        o.cause = UnrecoverableCause::requires_unrecoverable;
        o.blocked_by = u;
        break;
      }
    }
  }
}

bool RecoveryEngine::waits_for_recovery(ResourceIndex r) const { return out_->resources[r].waits_for_declaration(); }

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
      for (std::uint32_t p = next_held_pool(e.target, 0); p < s_.recovery.pools.size(); p = next_held_pool(e.target, p + 1))
        sim.release(kernel_pool(p, region));
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
  for (ResourceIndex u : graph_.requirements(r)) {
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
  const std::uint32_t next = next_held_pool(r, from_pool);
  if (next < s_.recovery.pools.size()) {
    requested_at_[r] = sim_.now();
    sim_.request(kernel_pool(next, o.recovery_region), kGranted, r, next);
    return;
  }
  settle_initialization(s_, sim_.now(), o);
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
    sim::Duration latest = -1, latest_full = -1;
    for (ResourceIndex r : s_.applications[a].resources) {
      const ResourceOutcome& o = out_->resources[r];
      if (!o.impacted()) continue;
      app.impacted = true;
      if (!o.recovered()) {
        if (app.recoverable) {
          app.blocked_by = r;
          app.root = blocking_root(*out_, r);
          app.root_cause = out_->resources[app.root].cause;
        }
        app.recoverable = false;
        continue;
      }
      const sim::Duration rto = out_->rto(r);
      if (rto > latest) {
        latest = rto;
        app.rto_gate = r;
      }
      latest_full = std::max(latest_full, rto + o.scale_up);
    }
    for (ResourceIndex r : s_.applications[a].resources) {
      const sim::Duration rpo = out_->rpo(s_, r);
      if (rpo > app.rpo) {
        app.rpo = rpo;
        app.rpo_gate = r;
      }
    }
    if (!app.impacted) continue;
    app.cutover = key.draw(s_.recovery.cutover, s_.applications[a].draw_key, purpose(Purpose::cutover));
    app.rto = app.recoverable ? latest + app.cutover : -1;
    app.full_capacity = app.recoverable ? latest_full + app.cutover : -1;
    if (!app.recoverable) app.rpo = -1;
  }
}

}  // namespace drsim::models
