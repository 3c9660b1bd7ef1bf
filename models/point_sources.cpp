#include "models/point_sources.hpp"

#include <algorithm>
#include <cmath>

namespace drsim::models {
namespace {

using sim::kDay;
using sim::kHour;
using sim::kNever;
using sim::Time;

// Redshift: "a snapshot about every eight hours or following every 5 GB per node of data
// changes, or whichever comes first". drsim keeps at most one an hour (Redshift's own
// shortest snapshot schedule).
constexpr double kRedshiftGbPerNode = 5.0;
constexpr sim::Duration kRedshiftMinInterval = kHour;
// EBS fast snapshot restore: "It takes 60 minutes per TiB to optimize a snapshot"; it can be
// enabled "on snapshots with a size of 16 TiB or less".
constexpr double kFsrMaxGib = 16 * 1024.0;

std::uint64_t mech(Mechanism m) { return static_cast<std::uint64_t>(m); }

Time after_days(Time from, std::int32_t days) { return days < 0 ? kNever : from + static_cast<Time>(days) * kDay; }

Time floor_to(Time t, sim::Duration step) { return t < 0 ? -1 : (t / step) * step; }

// Simulation time of the UTC midnight at or before the epoch.
Time first_midnight(const Scenario& s) {
  const std::int64_t into_day = ((s.epoch_unix_ms % kDay) + kDay) % kDay;
  return -into_day;
}

// The due instants of an interval policy are midnight(epoch) + anchor + k * every.
struct IntervalSchedule {
  Time origin;
  sim::Duration every;
  // First k whose instant is >= t.
  std::int64_t first_at_or_after(Time t) const {
    if (t <= origin) return 0;
    return (t - origin + every - 1) / every;
  }
  Time at(std::int64_t k) const { return origin + k * every; }
};

// The due instants of policy `index` for `r` in [from, to] (none before the epoch) and the
// one before `from` (or -1).
void due_instants(const Scenario& s, ResourceIndex r, std::uint32_t index, Time from, Time to, std::vector<Time>& out,
                  Time& previous, std::vector<Time>& before) {
  const SnapshotPolicy& p = s.snapshot_policies[index];
  from = std::max<Time>(from, 0);
  previous = -1;
  if (p.cron) {
    p.cron->fire_times(from, to + 1, out);
    if (from > 0) {
      // The firing before `from`: search back, widening, to the epoch.
      for (sim::Duration span = 2 * kDay;; span *= 4) {
        before.clear();
        p.cron->fire_times(std::max<Time>(0, from - span), from, before);
        if (!before.empty()) {
          previous = before.back();
          break;
        }
        if (from - span <= 0) break;
      }
    }
    return;
  }
  const IntervalSchedule sched{first_midnight(s) + p.anchor, snapshot_interval(s, r, index)};
  std::int64_t k = sched.first_at_or_after(from);
  while (sched.at(k) < 0) ++k;
  if (k > 0 && sched.at(k - 1) >= 0) previous = sched.at(k - 1);
  for (; sched.at(k) <= to; ++k) out.push_back(sched.at(k));
}

// Visits the points of one chain (those `in_chain` accepts) in order, each with the one `n`
// places later in the chain (nullptr when there is none, or when n is 0): two cursors, so no
// list of the chain is built.
template <class InChain, class Visit>
void with_nth_later(std::vector<RecoveryPoint>& points, std::size_t from, std::size_t n, InChain in_chain, Visit visit) {
  auto next = [&](std::size_t i) {
    while (i < points.size() && !in_chain(points[i])) ++i;
    return i;
  };
  std::size_t lag = next(from);
  std::size_t lead = lag;
  for (std::size_t k = 0; k < n && lead < points.size(); ++k) lead = next(lead + 1);
  for (; lag < points.size(); lag = next(lag + 1)) {
    visit(points[lag], n > 0 && lead < points.size() ? &points[lead] : nullptr);
    if (lead < points.size()) lead = next(lead + 1);
  }
}

// Count-based retention: a point is deleted when the N-th newer one of the same chain is
// created (DLM "retain N").
void expire_by_count(std::vector<RecoveryPoint>& points, std::size_t from, Mechanism m, std::uint8_t copy,
                     std::int32_t retain) {
  const auto n = static_cast<std::size_t>(std::max(retain, 1));
  with_nth_later(
      points, from, n,
      [&](const RecoveryPoint& p) { return p.mechanism == m && p.copy_index == copy && p.outcome == JobOutcome::completed; },
      [](RecoveryPoint& p, const RecoveryPoint* newer) {
        if (newer) p.expires_at = newer->available_time;
      });
}

void apply_retention(RecoveryPoint& p, const Retention& r) { p.expires_at = after_days(p.data_time, r.days); }

// Newest completed snapshot among `points[from..)` of mechanism m that is restorable at
// `as_of` and no newer than `data_limit`: the base a point-in-time restore replays from.
const RecoveryPoint* newest_base(const std::vector<RecoveryPoint>& points, std::size_t from, Mechanism m, Time as_of,
                                 Time data_limit) {
  const RecoveryPoint* best = nullptr;
  for (std::size_t i = from; i < points.size(); ++i) {
    const RecoveryPoint& p = points[i];
    if (p.mechanism != m || p.outcome != JobOutcome::completed) continue;
    if (p.available_time > as_of || p.data_time > data_limit || p.expires_at <= as_of) continue;
    if (!best || p.data_time > best->data_time) best = &p;
  }
  return best;
}

RecoveryPoint point_in_time(const RecoveryPoint& base, Mechanism m, Time data_time, Time available) {
  RecoveryPoint p = base;
  p.mechanism = m;
  p.scheduled = data_time;
  p.data_time = data_time;
  p.available_time = available;
  p.base_data_time = base.data_time;
  p.cold_at = kNever;
  p.expires_at = kNever;
  p.fast_restore_at = kNever;
  return p;
}

// Fast snapshot restore on the newest snapshots of a DLM policy: enabled once the snapshot
// exists, "optimizing" for 60 minutes per TiB, then it needs one volume-creation credit;
// the bucket "starts with zero credits" and fills at MIN(10, 1024 / size GiB) an hour.
void fast_restore(const Resource& res, const SnapshotPolicy& policy, std::vector<RecoveryPoint>& points,
                  std::size_t first, Time as_of) {
  const double gib = res.size_gb;
  if (policy.fast_restore.azs.empty() || gib > kFsrMaxGib) return;
  const double per_hour = gib > 0 ? std::min(10.0, 1024.0 / gib) : 10.0;
  const auto optimizing = static_cast<sim::Duration>(std::llround(gib / 1024.0 * 3600.0)) * sim::kSecond;
  const auto first_credit = static_cast<sim::Duration>(std::llround(3600.0 / per_hour)) * sim::kSecond;
  const Retention& keep = policy.fast_restore.keep;
  with_nth_later(
      points, first, keep.count > 0 ? static_cast<std::size_t>(keep.count) : 0,
      [](const RecoveryPoint& p) { return p.mechanism == Mechanism::snapshot; },
      [&](RecoveryPoint& p, const RecoveryPoint* newer) {
        Time until = after_days(p.data_time, keep.days);
        if (newer) until = std::min(until, newer->available_time);
        if (until <= as_of) return;  // no longer enabled at the failure
        p.fast_restore_at = p.available_time + optimizing + first_credit;
      });
}

}  // namespace

sim::Duration snapshot_interval(const Scenario& s, ResourceIndex r, std::uint32_t index) {
  const SnapshotPolicy& p = s.snapshot_policies[index];
  if (!p.also_by_change) return p.every;
  const Resource& res = s.resources[r];
  if (res.change_gb_per_day <= 0) return p.every;
  const double days = kRedshiftGbPerNode * res.nodes / res.change_gb_per_day;
  const double ms = static_cast<double>(std::llround(days * static_cast<double>(kDay) / sim::kSecond)) * sim::kSecond;
  if (!(ms < static_cast<double>(p.every))) return p.every;
  return std::max<sim::Duration>(kRedshiftMinInterval, static_cast<sim::Duration>(ms));
}

void snapshot_policy_points(const Scenario& s, ResourceIndex r, std::uint32_t index, Time from, Time as_of,
                            const TrialKey& key, std::vector<RecoveryPoint>& out) {
  SnapshotScratch scratch;
  snapshot_policy_points(s, r, index, from, as_of, key, out, scratch);
}

void snapshot_policy_points(const Scenario& s, ResourceIndex r, std::uint32_t index, Time from, Time as_of,
                            const TrialKey& key, std::vector<RecoveryPoint>& out, SnapshotScratch& scratch) {
  const SnapshotPolicy& policy = s.snapshot_policies[index];
  const Resource& res = s.resources[r];
  const TypeModels& models = s.models_of(res);
  const auto prot = static_cast<std::uint16_t>(index);
  const std::uint64_t entity = res.draw_key, pkey = policy.draw_key;
  const std::size_t first = out.size();
  auto start_of = [&](Time sched) {
    return sched + key.draw(policy.start_delay, entity, job_purpose(Purpose::job_start_delay, mech(Mechanism::snapshot), pkey, 0, sched));
  };

  std::vector<Time>& due = scratch.due;
  due.clear();
  Time previous;
  due_instants(s, r, index, from, as_of, due, previous, scratch.before);
  // Snapshots always complete and never wait for each other, so the chain before the window
  // is just the previous due instant.
  Time last_data = previous >= 0 ? start_of(previous) : kNever;
  std::vector<Time>& last_copy = scratch.last_copy;
  last_copy.assign(policy.copies.size(), last_data);
  for (const Time sched : due) {
    const Time start = start_of(sched);
    if (start > as_of) break;
    RecoveryPoint p;
    p.scheduled = sched;
    p.resource = r;
    p.protection = prot;
    p.mechanism = Mechanism::snapshot;
    p.region = res.region;
    p.data_time = start;
    const double changed = last_data == kNever ? res.size_mib() : res.changed_mib(start - last_data);
    p.available_time = start + key.draw(models[Step::backup], changed, entity,
                                        job_purpose(Purpose::job_duration, mech(Mechanism::snapshot), pkey, 0, sched));
    apply_retention(p, policy.retention);
    out.push_back(p);
    last_data = start;
    for (std::size_t c = 0; c < policy.copies.size(); ++c) {
      const SnapshotCopyRule& rule = policy.copies[c];
      RecoveryPoint copy = p;
      copy.mechanism = Mechanism::snapshot_copy;
      copy.copy_index = static_cast<std::uint8_t>(c);
      copy.region = rule.region;
      const double copied = last_copy[c] == kNever ? res.size_mib() : res.changed_mib(start - last_copy[c]);
      copy.available_time = p.available_time + key.draw(models[Step::copy], copied, entity,
                                                        job_purpose(Purpose::copy_duration, mech(Mechanism::snapshot_copy), pkey, c, sched));
      apply_retention(copy, rule.retention);
      out.push_back(copy);
      last_copy[c] = start;
    }
  }
  if (policy.retention.count > 0) expire_by_count(out, first, Mechanism::snapshot, 0, policy.retention.count);
  for (std::size_t c = 0; c < policy.copies.size(); ++c)
    if (policy.copies[c].retention.count > 0)
      expire_by_count(out, first, Mechanism::snapshot_copy, static_cast<std::uint8_t>(c), policy.copies[c].retention.count);
  fast_restore(res, policy, out, first, as_of);

  if (policy.log_interval <= 0) return;
  // Point-in-time restore: the newest snapshot plus logs shipped every log_interval.
  const Time latest = floor_to(as_of, policy.log_interval);
  if (const RecoveryPoint* base = newest_base(out, first, Mechanism::snapshot, as_of, latest))
    out.push_back(point_in_time(*base, Mechanism::rds_pitr, latest, latest));
  if (policy.logs_to == kNoRegion) return;
  // Replicated logs arrive one shipping lag later; the lag is drawn once per trial.
  const sim::Duration lag =
      key.draw(models[Step::log_copy], 0, entity, job_purpose(Purpose::log_copy_lag, mech(Mechanism::rds_pitr_replica), pkey, 0, 0));
  const Time latest_remote = floor_to(as_of - lag, policy.log_interval);
  if (latest_remote < 0) return;
  const RecoveryPoint* base = nullptr;
  for (std::size_t i = first; i < out.size(); ++i) {
    const RecoveryPoint& p = out[i];
    if (p.mechanism != Mechanism::snapshot_copy || p.region != policy.logs_to) continue;
    if (p.available_time > as_of || p.data_time > latest_remote || p.expires_at <= as_of) continue;
    if (!base || p.data_time > base->data_time) base = &p;
  }
  if (base) out.push_back(point_in_time(*base, Mechanism::rds_pitr_replica, latest_remote, latest_remote + lag));
}

void continuous_points(const Scenario& s, ResourceIndex r, std::uint32_t index, Time as_of, const TrialKey& key,
                       std::vector<RecoveryPoint>& out) {
  const ContinuousBackups& c = s.continuous_backups[index];
  const sim::Duration lag =
      key.draw(c.lag, s.resources[r].draw_key, job_purpose(Purpose::log_copy_lag, mech(Mechanism::continuous), c.draw_key, 0, 0));
  const Time latest = c.interval > 0 ? floor_to(as_of - lag, c.interval) : as_of - lag;
  if (latest < 0) return;
  RecoveryPoint p;
  p.resource = r;
  p.protection = static_cast<std::uint16_t>(index);
  p.mechanism = Mechanism::continuous;
  p.region = s.resources[r].region;
  p.scheduled = p.data_time = p.base_data_time = latest;
  p.available_time = std::min(as_of, latest + lag);
  out.push_back(p);
}

void replica_points(const Scenario& s, ResourceIndex r, std::uint32_t index, Time as_of, const TrialKey& key,
                    std::vector<RecoveryPoint>& out) {
  const Replication& repl = s.replications[index];
  for (std::size_t i = 0; i < repl.to.size(); ++i) {
    const sim::Duration lag =
        repl.strong ? 0 : key.draw(repl.lag, s.resources[r].draw_key, job_purpose(Purpose::replication_lag, mech(Mechanism::replica), repl.draw_key, i, 0));
    RecoveryPoint p;
    p.resource = r;
    p.protection = static_cast<std::uint16_t>(index);
    p.copy_index = static_cast<std::uint8_t>(i);
    p.mechanism = Mechanism::replica;
    p.region = repl.to[i];
    p.az = repl.az;
    p.scheduled = p.data_time = p.base_data_time = std::max<Time>(0, as_of - lag);
    p.available_time = p.data_time;
    out.push_back(p);
  }
}

void image_in_own_region(const Scenario& s, ResourceIndex r, std::vector<RecoveryPoint>& out) {
  if (s.resources[r].type != ResourceType::ami) return;
  RecoveryPoint p;
  p.resource = r;
  p.mechanism = Mechanism::ami_source;
  p.region = s.resources[r].region;
  out.push_back(p);
}

void ami_points(const Scenario& s, ResourceIndex r, std::uint32_t index, const TrialKey& key,
                std::vector<RecoveryPoint>& out) {
  const AmiCopy& copy = s.ami_copies[index];
  RecoveryPoint p;
  p.resource = r;
  p.protection = static_cast<std::uint16_t>(index);
  p.mechanism = Mechanism::ami_copy;
  p.region = copy.copy_to;
  p.available_time = key.draw(s.models_of(s.resources[r])[Step::copy], 0, s.resources[r].draw_key,
                              job_purpose(Purpose::copy_duration, mech(Mechanism::ami_copy), copy.draw_key, 0, 0));
  out.push_back(p);
}

}  // namespace drsim::models
