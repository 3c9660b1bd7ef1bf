#include "models/backup_history.hpp"

#include <algorithm>

#include "models/point_sources.hpp"

namespace drsim::models {
namespace {

using sim::kDay;
using sim::kNever;
using sim::Time;

// Schedules are cached at most this far: a failure drawn later is computed on the fly.
constexpr Time kMaxCachedHorizon = 3 * 366 * kDay;

Time add_or_never(Time a, Time b) { return a == kNever || b == kNever ? kNever : a + b; }

bool any_usable(const std::vector<RecoveryPoint>& points, std::size_t from, Time as_of, LostScope lost) {
  for (std::size_t i = from; i < points.size(); ++i)
    if (!unusable_reason(points[i], as_of, lost)) return true;
  return false;
}

bool has_mechanism(const std::vector<RecoveryPoint>& points, std::size_t from, Mechanism m) {
  for (std::size_t i = from; i < points.size(); ++i)
    if (points[i].mechanism == m) return true;
  return false;
}

// Replays a window that widens (x4) from `span` until `enough(from)` holds or it reaches the
// epoch. `replay(from)` appends the points of jobs scheduled in [from, as_of].
template <class Replay, class Snap, class Enough>
void widening(std::vector<RecoveryPoint>& out, Time as_of, sim::Duration span, Snap snap, Replay replay, Enough enough) {
  const std::size_t first = out.size();
  for (;;) {
    const Time from = as_of - span <= 0 ? 0 : snap(as_of - span);
    replay(from);
    if (from <= 0 || enough(first, span)) return;
    out.resize(first);
    span *= 4;
  }
}

}  // namespace

BackupHistory::BackupHistory(const Scenario& s, const ProtectionMap& map, Time horizon)
    : s_(s),
      map_(map),
      horizon_(std::min(std::max<Time>(horizon, 0), kMaxCachedHorizon)),
      firings_(s, horizon_),
      waits_(s, map, firings_, horizon_) {
  find_unsafe_starts();
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
  };
  std::vector<Chain> chains;
  for (ResourceIndex r = 0; r < s_.resources.size(); ++r) {
    due_jobs(map_, firings_, r, 0, horizon_, due, times);
    const Resource& res = s_.resources[r];
    const DurationModel& backup = s_.models_of(res)[Step::backup];
    const DurationModel& copy = s_.models_of(res)[Step::copy];
    chains.clear();
    Time ub_busy = 0;
    bool has_good = false;   // a job of the resource certainly completed ...
    Time good_lb_start = 0;  // ... and the earliest start of the last such job
    std::vector<std::pair<VaultIndex, Time>> good_copy;  // the same per copy destination vault
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
      // Backups (and copies) are incremental per resource: since the last certain completion.
      if (has_good && ub_start != kNever) size = std::min(size, res.changed_mib(ub_start - good_lb_start));
      const Time ub_duration = add_or_never(backup.fixed.upper_bound(), backup.size_term(size));
      const Time deadline = d.at + rule.completion_window;
      // Its copies run after it, one at a time, each after its (fixed) wait for a slot; a copy
      // is incremental since the last copy certainly made into its vault.
      Time copies = 0;
      for (std::size_t c = 0; c < rule.copies.size(); ++c) {
        const CopyRequest q{r, d.rule, d.at, static_cast<std::uint8_t>(c), 0, 0, 0};
        double copied = res.size_mib();
        for (const auto& [vault, lb] : good_copy)
          if (vault == rule.copies[c].vault && ub_start != kNever) copied = std::min(copied, res.changed_mib(ub_start - lb));
        copies = add_or_never(copies, add_or_never(waits_.wait(q), add_or_never(copy.fixed.upper_bound(), copy.size_term(copied))));
      }
      const Time ub_end = add_or_never(ub_start, ub_duration);
      const bool good = on_time && ub_start <= d.at + rule.start_window && ub_end <= deadline;
      ub_busy = std::max(ub_busy, add_or_never(std::min(ub_end, deadline), copies));
      it->any = true;
      it->last_good = good;
      if (good) {
        has_good = true;
        good_lb_start = lb_start;
        for (const CopyAction& c : rule.copies) {
          auto v = std::find_if(good_copy.begin(), good_copy.end(), [&](const auto& g) { return g.first == c.vault; });
          if (v == good_copy.end())
            good_copy.emplace_back(c.vault, lb_start);
          else
            v->second = lb_start;
        }
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
    due_jobs(map_, firings_, r, from, std::min(from + 8 * kDay, horizon_), due, scratch.times);
    if (due.empty() || !std::binary_search(first, last, due.front().at)) return from;
    // Unsafe: step back to the job before it.
    Time previous = -1;
    for (const ProtectionRef* ref = map_.begin(r); ref != map_.end(r); ++ref)
      if (ref->kind == ProtectionKind::backup_rule) previous = std::max(previous, firings_.previous(ref->index, due.front().at));
    from = previous;
  }
  return 0;
}

void BackupHistory::aws_backup(ResourceIndex r, Time from, Time as_of, const TrialKey& key,
                               std::vector<RecoveryPoint>& out, HistoryScratch& scratch) const {
  const std::size_t first = out.size();
  AwsBackupReplay replay(s_, map_, firings_, r, from, as_of, key, out, scratch);
  replay.run([&](const CopyRequest& q) { return waits_.wait(q); });
  replay.add_continuous_point(first);
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
      case ProtectionKind::snapshot_policy: snapshot_policy_points(s_, r, ref->index, 0, as_of, key, out); break;
      case ProtectionKind::continuous: continuous_points(s_, r, ref->index, as_of, key, out); break;
      case ProtectionKind::replication: replica_points(s_, r, ref->index, as_of, key, out); break;
      case ProtectionKind::ami_copy: ami_points(s_, r, ref->index, key, out); break;
    }
  }
  // AWS Backup rules share one job queue per resource, so they are played together.
  if (has_rules) aws_backup(r, 0, as_of, key, out, scratch);
  image_in_own_region(s_, r, out);
}

void BackupHistory::collect_recent(ResourceIndex r, Time as_of, LostScope lost, const TrialKey& key,
                                   std::vector<RecoveryPoint>& out, HistoryScratch& scratch) const {
  if (as_of > horizon_) {  // past the cache: the reference replay is exact and rare
    collect(r, as_of, key, out, scratch);
    return;
  }
  auto no_snap = [](Time t) { return t; };
  auto usable = [&](std::size_t first, sim::Duration) { return any_usable(out, first, as_of, lost); };
  bool has_rules = false;
  for (const ProtectionRef* ref = map_.begin(r); ref != map_.end(r); ++ref) {
    const std::uint32_t i = ref->index;
    switch (ref->kind) {
      case ProtectionKind::backup_rule:
        has_rules = true;
        break;
      case ProtectionKind::snapshot_policy:
        // Native snapshots never wait for each other: any due instant is a safe start.
        widening(out, as_of, std::max(2 * kDay, 3 * snapshot_interval(s_, r, i)), no_snap,
                 [&](Time from) { snapshot_policy_points(s_, r, i, from, as_of, key, out); }, usable);
        break;
      case ProtectionKind::continuous: continuous_points(s_, r, i, as_of, key, out); break;
      case ProtectionKind::replication: replica_points(s_, r, i, as_of, key, out); break;
      case ProtectionKind::ami_copy: ami_points(s_, r, i, key, out); break;
    }
  }
  if (has_rules) {
    // A continuous backup, when the resource has one, is the newest point of all once its
    // base snapshot is in the window; a base older than the retention has expired.
    const std::int64_t continuous = map_.continuous_rule(r);
    const Time base_reach =
        continuous < 0 ? 0 : (s_.backup_rules[static_cast<std::size_t>(continuous)].lifecycle.delete_after_days + 8) * kDay;
    auto enough = [&](std::size_t first, sim::Duration span) {
      if (!any_usable(out, first, as_of, lost)) return false;
      return continuous < 0 || span > base_reach || has_mechanism(out, first, Mechanism::backup_continuous);
    };
    widening(out, as_of, kDay, [&](Time t) { return safe_start(r, t, scratch); },
             [&](Time from) { aws_backup(r, from, as_of, key, out, scratch); }, enough);
  }
  image_in_own_region(s_, r, out);
}

}  // namespace drsim::models
