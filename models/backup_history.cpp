#include "models/backup_history.hpp"

#include <algorithm>

namespace drsim::models {
namespace {

using sim::kDay;
using sim::kNever;
using sim::Time;

// AWS Backup continuous backups and RDS both ship transaction logs about every 5 minutes.
constexpr sim::Duration kContinuousLogInterval = 5 * sim::kMinute;
// Schedules are cached at most this far: a failure drawn later is computed on the fly.
constexpr Time kMaxCachedHorizon = 3 * 366 * kDay;

std::uint64_t mech(Mechanism m) { return static_cast<std::uint64_t>(m); }

Time after_days(Time from, std::int32_t days) {
  return days < 0 ? kNever : from + static_cast<Time>(days) * kDay;
}

void apply_lifecycle(RecoveryPoint& p, const Lifecycle& l) {
  p.cold_at = after_days(p.data_time, l.cold_after_days);
  p.expires_at = after_days(p.data_time, l.delete_after_days);
}

Time floor_to(Time t, sim::Duration step) { return t < 0 ? -1 : (t / step) * step; }

Time add_or_never(Time a, Time b) { return a == kNever || b == kNever ? kNever : a + b; }

// Newest completed snapshot among `points[from..)` of mechanism m that is restorable at
// `as_of` and no newer than `data_limit`: the base a point-in-time restore replays from.
const RecoveryPoint* newest_base(const std::vector<RecoveryPoint>& points, std::size_t from, Mechanism m,
                                 Time as_of, Time data_limit, std::uint16_t protection) {
  const RecoveryPoint* best = nullptr;
  for (std::size_t i = from; i < points.size(); ++i) {
    const RecoveryPoint& p = points[i];
    if (p.mechanism != m || p.protection != protection || p.outcome != JobOutcome::completed) continue;
    if (p.available_time > as_of || p.data_time > data_limit || p.expires_at <= as_of) continue;
    if (!best || p.data_time > best->data_time) best = &p;
  }
  return best;
}

// Count-based retention (DLM "retain N"): a point is deleted when the N-th newer one of the
// same chain is created.
void expire_by_count(std::vector<RecoveryPoint>& points, std::size_t from, Mechanism m, std::int32_t retain) {
  const auto n = static_cast<std::size_t>(std::max(retain, 1));
  std::vector<std::size_t> chain;
  for (std::size_t i = from; i < points.size(); ++i)
    if (points[i].mechanism == m && points[i].outcome == JobOutcome::completed) chain.push_back(i);
  for (std::size_t k = 0; k + n < chain.size(); ++k)
    points[chain[k]].expires_at = points[chain[k + n]].available_time;
}

// A point-in-time restore to `data_time`, replaying logs from `base`, usable from `available`.
RecoveryPoint continuous_point(const RecoveryPoint& base, Mechanism m, Time data_time, Time available) {
  RecoveryPoint p = base;
  p.mechanism = m;
  p.scheduled = data_time;
  p.data_time = data_time;
  p.available_time = available;
  p.base_data_time = base.data_time;
  p.cold_at = kNever;
  p.expires_at = kNever;
  return p;
}

bool any_usable(const std::vector<RecoveryPoint>& points, std::size_t from, Time as_of, RegionIndex lost_region) {
  for (std::size_t i = from; i < points.size(); ++i)
    if (!unusable_reason(points[i], as_of, lost_region)) return true;
  return false;
}

// Replays a window that widens (x4) from `span` until it holds a usable point or reaches the
// epoch. `replay(from)` appends the points of jobs scheduled in [from, as_of].
template <class Replay, class Snap>
void widening(std::vector<RecoveryPoint>& out, Time as_of, RegionIndex lost_region, sim::Duration span, Snap snap,
              Replay replay) {
  const std::size_t first = out.size();
  for (;;) {
    const Time from = as_of - span <= 0 ? 0 : snap(as_of - span);
    replay(from);
    if (from <= 0 || any_usable(out, first, as_of, lost_region)) return;
    out.resize(first);
    span *= 4;
  }
}

}  // namespace

BackupHistory::BackupHistory(const Scenario& s, const ProtectionMap& map, Time horizon)
    : s_(s), map_(map), horizon_(std::min(std::max<Time>(horizon, 0), kMaxCachedHorizon)) {
  fire_cache_.resize(s.backup_rules.size());
  for (std::size_t i = 0; i < s.backup_rules.size(); ++i) s.backup_rules[i].schedule.fire_times(0, horizon_ + 1, fire_cache_[i]);
  find_unsafe_starts();
}

void BackupHistory::fires(std::uint32_t rule, Time from, Time to, std::vector<Time>& out) const {
  from = std::max<Time>(from, 0);
  if (to <= horizon_) {
    const auto& cache = fire_cache_[rule];
    out.insert(out.end(), std::lower_bound(cache.begin(), cache.end(), from), std::upper_bound(cache.begin(), cache.end(), to));
    return;
  }
  s_.backup_rules[rule].schedule.fire_times(from, to + 1, out);
}

void BackupHistory::due_jobs(ResourceIndex r, Time from, Time to, std::vector<Due>& out, std::vector<Time>& times) const {
  out.clear();
  std::size_t rules = 0;
  for (const ProtectionRef* ref = map_.begin(r); ref != map_.end(r); ++ref) {
    if (ref->kind != ProtectionKind::backup_rule) continue;
    ++rules;
    times.clear();
    fires(ref->index, from, to, times);
    for (Time t : times) out.push_back({t, ref->index});
  }
  if (rules > 1)
    std::sort(out.begin(), out.end(), [](const Due& a, const Due& b) { return a.at != b.at ? a.at < b.at : a.rule < b.rule; });
}

void BackupHistory::find_unsafe_starts() {
  // The worst case of every job, in order: durations at their upper bound, sizes at the
  // most data that can have changed since the last job that certainly completed.
  unsafe_offsets_.assign(s_.resources.size() + 1, 0);
  const Distribution& delay = s_.catalogue.backup_start_delay;
  std::vector<Due> due;
  std::vector<Time> times;
  struct Chain {
    std::uint32_t rule;
    bool any = false;        // a job of this rule came before
    bool last_good = false;  // ... and the last one certainly started on time and completed
    bool has_good = false;
    Time good_lb_start = 0;  // earliest start of the last job that certainly completed
  };
  std::vector<Chain> chains;
  for (ResourceIndex r = 0; r < s_.resources.size(); ++r) {
    due_jobs(r, 0, horizon_, due, times);
    const Resource& res = s_.resources[r];
    const DurationModel& backup = s_.models_of(res)[Step::backup];
    chains.clear();
    Time ub_busy = 0;
    for (const Due& d : due) {
      auto it = std::find_if(chains.begin(), chains.end(), [&](const Chain& c) { return c.rule == d.rule; });
      if (it == chains.end()) it = chains.insert(chains.end(), Chain{d.rule});
      const BackupRule& rule = s_.backup_rules[d.rule];
      const Time lb_start = d.at + delay.lower_bound();
      const Time ub_natural = add_or_never(d.at, delay.upper_bound());
      const bool on_time = ub_busy <= lb_start;
      const bool safe = on_time && std::all_of(chains.begin(), chains.end(), [](const Chain& c) { return !c.any || c.last_good; });
      if (!safe) unsafe_starts_.push_back(d.at);

      const Time ub_start = std::max(ub_natural, ub_busy);
      double size = res.size_mib();
      if (it->has_good && ub_start != kNever) size = std::min(size, res.changed_mib(ub_start - it->good_lb_start));
      const Time ub_duration = add_or_never(backup.fixed.upper_bound(), backup.size_term(size));
      const Time deadline = d.at + rule.completion_window;
      const bool good = on_time && ub_start <= d.at + rule.start_window && add_or_never(ub_start, ub_duration) <= deadline;
      ub_busy = std::max(ub_busy, std::min(add_or_never(ub_start, ub_duration), deadline));
      it->any = true;
      it->last_good = good;
      if (good) {
        it->has_good = true;
        it->good_lb_start = lb_start;
      }
    }
    unsafe_offsets_[r + 1] = static_cast<std::uint32_t>(unsafe_starts_.size());
  }
}

Time BackupHistory::safe_start(ResourceIndex r, Time t, HistoryScratch& scratch) const {
  const auto first = unsafe_starts_.begin() + unsafe_offsets_[r];
  const auto last = unsafe_starts_.begin() + unsafe_offsets_[r + 1];
  if (first == last) return t;  // the usual case: every job is a safe start
  std::vector<Due>& due = scratch.due;
  Time from = t;
  while (from > 0) {
    // The window starts at the first job due at or after `from`.
    due_jobs(r, from, std::min(from + 8 * kDay, horizon_), due, scratch.times);
    if (due.empty() || !std::binary_search(first, last, due.front().at)) return from;
    // Unsafe: step back to the job before it.
    Time previous = -1;
    for (const ProtectionRef* ref = map_.begin(r); ref != map_.end(r); ++ref) {
      if (ref->kind != ProtectionKind::backup_rule) continue;
      const auto& cache = fire_cache_[ref->index];
      auto it = std::lower_bound(cache.begin(), cache.end(), due.front().at);
      if (it != cache.begin()) previous = std::max(previous, *(it - 1));
    }
    from = previous;
  }
  return 0;
}

void BackupHistory::collect(ResourceIndex r, Time as_of, const TrialKey& key, std::vector<RecoveryPoint>& out) const {
  HistoryScratch scratch;
  collect(r, as_of, key, out, scratch);
}

void BackupHistory::collect(ResourceIndex r, Time as_of, const TrialKey& key, std::vector<RecoveryPoint>& out,
                            HistoryScratch& scratch) const {
  bool has_rules = false;
  for (const ProtectionRef* ref = map_.begin(r); ref != map_.end(r); ++ref) {
    switch (ref->kind) {
      case ProtectionKind::backup_rule: has_rules = true; break;
      case ProtectionKind::rds_automated_backups: rds_automated(r, ref->index, 0, as_of, key, out); break;
      case ProtectionKind::dlm_snapshots: dlm(r, ref->index, 0, as_of, key, out); break;
      case ProtectionKind::ami_copy: ami(r, ref->index, key, out); break;
    }
  }
  // AWS Backup rules share one job queue per resource, so they are played together.
  if (has_rules) backup_rules(r, 0, as_of, key, out, scratch);
  image_in_own_region(r, out);
}

void BackupHistory::collect_recent(ResourceIndex r, Time as_of, RegionIndex lost_region, const TrialKey& key,
                                   std::vector<RecoveryPoint>& out, HistoryScratch& scratch) const {
  if (as_of > horizon_) {  // past the cache: the reference replay is exact and rare
    collect(r, as_of, key, out, scratch);
    return;
  }
  auto no_snap = [](Time t) { return t; };
  bool has_rules = false;
  for (const ProtectionRef* ref = map_.begin(r); ref != map_.end(r); ++ref) {
    const std::uint32_t i = ref->index;
    switch (ref->kind) {
      case ProtectionKind::backup_rule:
        has_rules = true;
        break;
      case ProtectionKind::rds_automated_backups:
        widening(out, as_of, lost_region, 2 * kDay, no_snap, [&](Time from) { rds_automated(r, i, from, as_of, key, out); });
        break;
      case ProtectionKind::dlm_snapshots:
        widening(out, as_of, lost_region, std::max(kDay, 3 * s_.dlm_policies[i].every), no_snap,
                 [&](Time from) { dlm(r, i, from, as_of, key, out); });
        break;
      case ProtectionKind::ami_copy:
        ami(r, i, key, out);
        break;
    }
  }
  if (has_rules)
    widening(out, as_of, lost_region, kDay, [&](Time t) { return safe_start(r, t, scratch); },
             [&](Time from) { backup_rules(r, from, as_of, key, out, scratch); });
  image_in_own_region(r, out);
}

void BackupHistory::backup_rules(ResourceIndex r, Time from, Time as_of, const TrialKey& key,
                                 std::vector<RecoveryPoint>& out, HistoryScratch& scratch) const {
  const Resource& res = s_.resources[r];
  const TypeModels& models = s_.models_of(res);
  const Distribution& delay = s_.catalogue.backup_start_delay;
  auto natural_start = [&](Time at, std::uint32_t rule) {
    return at + key.draw(delay, r, job_purpose(Purpose::job_start_delay, mech(Mechanism::backup_rule), rule, 0, at));
  };

  std::vector<Due>& due = scratch.due;
  due_jobs(r, from, as_of, due, scratch.times);

  // Per rule: data time of its previous completed point and of its previous copy per action
  // (incremental sizes follow the chain). A window starts at a safe job, so the previous
  // job of every rule started on time and completed.
  auto& chains = scratch.chains;
  auto& last_copy = scratch.last_copy;
  chains.clear();
  last_copy.clear();
  for (const ProtectionRef* ref = map_.begin(r); ref != map_.end(r); ++ref) {
    if (ref->kind != ProtectionKind::backup_rule) continue;
    Time previous = kNever;
    if (from > 0) {
      const auto& cache = fire_cache_[ref->index];
      auto it = std::lower_bound(cache.begin(), cache.end(), from);
      if (it != cache.begin()) previous = natural_start(*(it - 1), ref->index);
    }
    chains.push_back({ref->index, previous, static_cast<std::uint32_t>(last_copy.size())});
    last_copy.insert(last_copy.end(), s_.backup_rules[ref->index].copies.size(), previous);
  }

  const std::size_t first = out.size();
  Time busy_until = 0;  // one backup job at a time per resource
  for (const Due& d : due) {
    const BackupRule& rule = s_.backup_rules[d.rule];
    const auto prot = static_cast<std::uint16_t>(d.rule);
    const Time start = std::max(natural_start(d.at, d.rule), busy_until);
    if (start > as_of) continue;  // not started by the horizon: irrelevant to it

    RecoveryPoint p;
    p.scheduled = d.at;
    p.resource = r;
    p.protection = prot;
    p.mechanism = Mechanism::backup_rule;
    p.region = s_.region_of_vault(rule.vault);
    p.vault = rule.vault;
    p.data_time = start;
    p.available_time = kNever;

    if (start > d.at + rule.start_window) {
      p.outcome = JobOutcome::expired;
      out.push_back(p);
      continue;
    }
    auto& chain = *std::find_if(chains.begin(), chains.end(), [&](const auto& c) { return c.rule == d.rule; });
    Time* chain_copy = last_copy.data() + chain.copies_at;
    const double changed = chain.last_data == kNever ? res.size_mib() : res.changed_mib(start - chain.last_data);
    const Time end = start + key.draw(models[Step::backup], changed, r,
                                      job_purpose(Purpose::job_duration, mech(Mechanism::backup_rule), prot, 0, d.at));
    const Time deadline = d.at + rule.completion_window;
    if (end > deadline) {
      p.outcome = JobOutcome::cancelled;
      busy_until = deadline;
      out.push_back(p);
      continue;
    }
    busy_until = end;
    p.available_time = end;
    apply_lifecycle(p, rule.lifecycle);
    out.push_back(p);

    for (std::size_t c = 0; c < rule.copies.size(); ++c) {
      const CopyAction& action = rule.copies[c];
      const double copied = chain_copy[c] == kNever ? res.size_mib() : res.changed_mib(start - chain_copy[c]);
      RecoveryPoint copy = p;
      copy.mechanism = Mechanism::backup_copy;
      copy.copy_index = static_cast<std::uint8_t>(c);
      copy.vault = action.vault;
      copy.region = s_.region_of_vault(action.vault);
      copy.available_time = end + key.draw(models[Step::copy], copied, r,
                                           job_purpose(Purpose::copy_duration, mech(Mechanism::backup_copy), prot, c, d.at));
      apply_lifecycle(copy, action.lifecycle);
      out.push_back(copy);
      chain_copy[c] = start;
    }
    chain.last_data = start;
  }

  // Continuous backup: once a backup of the rule completed, the vault can restore to any
  // instant up to the last shipped log.
  for (const auto& chain : chains) {
    const BackupRule& rule = s_.backup_rules[chain.rule];
    if (!rule.continuous) continue;
    const Time latest = floor_to(as_of, kContinuousLogInterval);
    const auto prot = static_cast<std::uint16_t>(chain.rule);
    const RecoveryPoint* base = newest_base(out, first, Mechanism::backup_rule, as_of, latest, prot);
    if (base) out.push_back(continuous_point(*base, Mechanism::backup_continuous, latest, latest));
  }
}

void BackupHistory::snapshot(ResourceIndex r, std::uint16_t protection, Time sched, SnapshotKinds kinds,
                                             SnapshotChain& chain, const TrialKey& key, std::vector<RecoveryPoint>& out) const {
  const Resource& res = s_.resources[r];
  const TypeModels& models = s_.models_of(res);
  RecoveryPoint p;
  p.scheduled = sched;
  p.resource = r;
  p.protection = protection;
  p.mechanism = kinds.snapshot;
  p.region = res.region;
  p.data_time = sched;  // native snapshots start on schedule
  const double changed = chain.last_data == kNever ? res.size_mib() : res.changed_mib(sched - chain.last_data);
  p.available_time = sched + key.draw(models[Step::backup], changed, r,
                                      job_purpose(Purpose::job_duration, mech(kinds.snapshot), protection, 0, sched));
  p.expires_at = after_days(sched, kinds.retention_days);
  out.push_back(p);
  chain.last_data = sched;
  if (kinds.copy_region != kNoRegion) {
    RecoveryPoint copy = p;
    copy.mechanism = kinds.copy;
    copy.region = kinds.copy_region;
    const double copied = chain.last_copy == kNever ? res.size_mib() : res.changed_mib(sched - chain.last_copy);
    copy.available_time = p.available_time + key.draw(models[Step::copy], copied, r,
                                                      job_purpose(Purpose::copy_duration, mech(kinds.copy), protection, 0, sched));
    out.push_back(copy);
    chain.last_copy = sched;
  }
}

void BackupHistory::rds_automated(ResourceIndex r, std::uint32_t index, Time from, Time as_of, const TrialKey& key,
                                  std::vector<RecoveryPoint>& out) const {
  const RdsAutomatedBackups& plan = s_.rds_backups[index];
  const auto prot = static_cast<std::uint16_t>(index);
  const std::size_t first = out.size();
  from = std::max<Time>(from, 0);

  // The daily window is wall-clock UTC; simulation time 0 is the epoch, not a midnight.
  // Snapshots always complete, so the one before the window is simply the day before.
  const std::int64_t epoch = s_.epoch_unix_ms;
  auto scheduled = [&](std::int64_t day) { return day * kDay + plan.window_start_minute * sim::kMinute - epoch; };
  std::int64_t day = (epoch + from) / kDay - 1;
  while (scheduled(day) < from) ++day;
  SnapshotChain chain;
  chain.last_data = chain.last_copy = scheduled(day - 1) >= 0 ? scheduled(day - 1) : kNever;
  for (;; ++day) {
    const Time sched = scheduled(day);
    if (sched > as_of) break;
    snapshot(r, prot, sched, {Mechanism::rds_snapshot, Mechanism::rds_snapshot_replica, plan.replicate_to, plan.retention_days},
             chain, key, out);
  }

  // Point-in-time restore: the newest snapshot plus logs shipped every log_interval.
  const Time latest = floor_to(as_of, plan.log_interval);
  if (const RecoveryPoint* base = newest_base(out, first, Mechanism::rds_snapshot, as_of, latest, prot))
    out.push_back(continuous_point(*base, Mechanism::rds_pitr, latest, latest));
  if (plan.replicate_to != kNoRegion) {
    // Replicated logs arrive one shipping lag later; the lag is drawn once per trial.
    const sim::Duration lag =
        key.draw(s_.models_of(s_.resources[r])[Step::log_copy], 0, r, job_purpose(Purpose::log_copy_lag, mech(Mechanism::rds_pitr_replica), prot, 0, 0));
    const Time latest_remote = floor_to(as_of - lag, plan.log_interval);
    if (latest_remote >= 0) {
      if (const RecoveryPoint* base = newest_base(out, first, Mechanism::rds_snapshot_replica, as_of, latest_remote, prot))
        out.push_back(continuous_point(*base, Mechanism::rds_pitr_replica, latest_remote, latest_remote + lag));
    }
  }
}

void BackupHistory::dlm(ResourceIndex r, std::uint32_t index, Time from, Time as_of, const TrialKey& key,
                        std::vector<RecoveryPoint>& out) const {
  const DlmSnapshots& policy = s_.dlm_policies[index];
  const auto prot = static_cast<std::uint16_t>(index);
  const std::size_t first = out.size();

  // Snapshots every `every` from the epoch; each completes, so the one before the window is
  // the previous multiple.
  const Time k0 = from <= 0 ? 0 : (from + policy.every - 1) / policy.every;
  SnapshotChain chain;
  chain.last_data = chain.last_copy = k0 > 0 ? (k0 - 1) * policy.every : kNever;
  for (Time sched = k0 * policy.every; sched <= as_of; sched += policy.every)
    snapshot(r, prot, sched, {Mechanism::dlm_snapshot, Mechanism::dlm_copy, policy.copy_to, -1}, chain, key, out);
  expire_by_count(out, first, Mechanism::dlm_snapshot, policy.retain);
  expire_by_count(out, first, Mechanism::dlm_copy, policy.retain);
}

void BackupHistory::image_in_own_region(ResourceIndex r, std::vector<RecoveryPoint>& out) const {
  // An image is present in its own Region whether or not it is copied anywhere.
  if (s_.resources[r].type != ResourceType::ami) return;
  RecoveryPoint p;
  p.resource = r;
  p.mechanism = Mechanism::ami_source;
  p.region = s_.resources[r].region;
  out.push_back(p);
}

void BackupHistory::ami(ResourceIndex r, std::uint32_t index, const TrialKey& key, std::vector<RecoveryPoint>& out) const {
  const AmiCopy& copy = s_.ami_copies[index];
  const Resource& res = s_.resources[r];
  RecoveryPoint p;
  p.resource = r;
  p.protection = static_cast<std::uint16_t>(index);
  p.mechanism = Mechanism::ami_copy;
  p.region = copy.copy_to;
  p.available_time = key.draw(s_.models_of(res)[Step::copy], 0, r,
                              job_purpose(Purpose::copy_duration, mech(Mechanism::ami_copy), p.protection, 0, 0));
  out.push_back(p);
}

}  // namespace drsim::models
