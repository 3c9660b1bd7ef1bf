#include "models/backup_history.hpp"

#include <algorithm>
#include <optional>

#include "models/job_bounds.hpp"
#include "models/point_sources.hpp"

namespace drsim::models {
namespace {

using sim::kDay;
using sim::kHour;
using sim::kNever;
using sim::Time;

// Schedules are cached at most this far: a failure drawn later is computed on the fly.
constexpr Time kMaxCachedHorizon = 3 * 366 * kDay;

bool any_usable(const std::vector<RecoveryPoint>& points, std::size_t from, Time as_of, LostScope lost) {
  for (std::size_t i = from; i < points.size(); ++i)
    if (!unusable_reason(points[i], as_of, lost)) return true;
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
  find_survival();
}

void BackupHistory::find_survival() {
  // A rule's own points are in its vault's Region, each copy's in its destination's; what a
  // lost Region leaves depends only on the rule, so every trial reads it from here.
  const std::size_t regions = s_.regions.size();
  survival_.assign(s_.backup_rules.size() * (regions + 1), -1);
  auto days = [](std::int32_t d) { return d < 0 ? kNever : d * kDay; };
  for (std::uint32_t i = 0; i < s_.backup_rules.size(); ++i) {
    const BackupRule& rule = s_.backup_rules[i];
    for (std::size_t slot = 0; slot <= regions; ++slot) {
      const RegionIndex lost = slot == 0 ? kNoRegion : static_cast<RegionIndex>(slot - 1);
      sim::Duration keep = -1;
      if (lost == kNoRegion || s_.region_of_vault(rule.vault) != lost)
        keep = std::max(keep, days(rule.lifecycle.delete_after_days));
      for (const CopyAction& c : rule.copies)
        if (lost == kNoRegion || s_.region_of_vault(c.vault) != lost) {
          const sim::Duration own = days(c.own_lifecycle ? c.lifecycle.delete_after_days : rule.lifecycle.delete_after_days);
          // A copy set never to expire keeps its source's expiry.
          keep = std::max(keep, own == kNever && c.own_lifecycle ? days(rule.lifecycle.delete_after_days) : own);
        }
      survival_[i * (regions + 1) + slot] = keep < 0 ? -1 : keep == kNever ? kNever : rule.start_window + keep;
    }
  }
}

void BackupHistory::find_unsafe_starts() {
  // Bounds on every job, in due order, over all trials (JobBounds): a resource kept busy for
  // a while (a long first copy, copies queued behind the copy-job limit) is back to certain,
  // on-time jobs as soon as that is true of every trial.
  start_offsets_.assign(s_.resources.size() + 1, 0);
  lists_safe_.assign(s_.resources.size(), false);
  longest_job_.assign(s_.resources.size(), 0);
  longest_unqueued_.assign(s_.resources.size(), 0);
  std::vector<Due> due;
  std::vector<Time> times;
  std::vector<std::pair<Time, bool>> instants;  // distinct due instants of one resource: (at, safe)
  for (ResourceIndex r = 0; r < s_.resources.size(); ++r) {
    due_jobs(map_, firings_, r, 0, horizon_, due, times);
    JobBounds bounds(s_, map_, waits_, r);
    longest_job_[r] = bounds.longest_job();
    longest_unqueued_[r] = bounds.longest_unqueued_job();
    const AnyTrial any{s_, s_.models_of(s_.resources[r])};
    instants.clear();
    for (const Due& d : due) {
      const Bounds natural = JobBounds::natural_start(d, any);
      if (instants.empty() || instants.back().first != d.at) instants.emplace_back(d.at, bounds.safe_start(natural));
      bounds.step(d, natural, any);
    }
    const auto safe = static_cast<std::size_t>(
        std::count_if(instants.begin(), instants.end(), [](const auto& i) { return i.second; }));
    lists_safe_[r] = safe < instants.size() - safe;
    for (const auto& [at, ok] : instants)
      if (ok == lists_safe_[r]) starts_.push_back(at);
    start_offsets_[r + 1] = static_cast<std::uint32_t>(starts_.size());
  }
}

sim::Duration BackupHistory::lookback(ResourceIndex r, Time at) const {
  // A job due at d < at - l is over by `at` when d + unqueued <= at (true for l >= unqueued)
  // and its copies' waits end in time: reach_before(at - l) + unqueued <= at.
  const sim::Duration all = longest_job_[r], unqueued = longest_unqueued_[r];
  if (all == kNever || unqueued == kNever || unqueued >= all) return all;
  // (Once l reaches back past the epoch nothing is older: l stops there, so it never overflows.)
  for (sim::Duration l = std::max<sim::Duration>(unqueued, kHour); l < all; l *= 2)
    if (l >= at || waits_.reach_before(r, at - l) <= at - unqueued) return l;
  return all;
}

Time BackupHistory::trial_safe_instant(ResourceIndex r, Time f, const TrialKey& key, HistoryScratch& scratch,
                                       bool& exact) const {
  // The scenario-wide safe start holds in every trial; when it is far back, this trial's own
  // draws often prove a recent state exactly: the bounds every state satisfies some time
  // before `f`, stepped forward with this trial's delays and durations, narrow to one value
  // once what was unknown can no longer matter (the queue went idle, or every job since
  // certainly started when the one before it ended).
  exact = false;
  const Time everywhere = safe_instant(r, f);
  // Not worth it when the replay from the scenario-wide start is short anyway (the lookback
  // is at least the unqueued longest job, so that test comes first: it is free).
  if (longest_unqueued_[r] == kNever || (f - everywhere) / 8 <= longest_unqueued_[r]) return everywhere;
  const sim::Duration longest = lookback(r, f);
  if (longest == kNever || (f - everywhere) / 8 <= longest) return everywhere;
  const ThisTrial trial{s_, s_.models_of(s_.resources[r]), r, key};
  JobBounds bounds(s_, map_, waits_, r);  // every attempt starts by forgetting what it knew
  // Each attempt steps through the span; give up (and replay from the scenario-wide start)
  // before the attempts together cost more than half that replay would.
  for (sim::Duration span = 2 * longest;; span *= 2) {
    const Time from = f - span;
    if (4 * span > f - everywhere) return everywhere;
    // The jobs due in [from - lookback, f]: the first ones only bound what can still run at
    // `from`; those due earlier are over by then.
    due_jobs(map_, firings_, r, std::max<Time>(from - lookback(r, from), 0), f, scratch.due, scratch.times);
    const Due* first = scratch.due.data();
    const Due* end = first + scratch.due.size();
    const Due* at_from = std::lower_bound(first, end, from, [](const Due& d, Time t) { return d.at < t; });
    bounds.forget_before(from, first, at_from, trial);
    for (const Due* d = at_from; d != end; ++d) {
      const Bounds natural = JobBounds::natural_start(*d, trial);
      // Once exact, the bounds stay exact (every draw is known): the replay takes over here.
      if ((d == at_from || (d - 1)->at != d->at) && bounds.exact_state(natural, scratch.start)) {
        exact = true;
        return d->at;
      }
      bounds.step(*d, natural, trial);
    }
  }
}

Time BackupHistory::safe_instant(ResourceIndex r, Time t) const {
  const auto first = starts_.begin() + start_offsets_[r];
  const auto last = starts_.begin() + start_offsets_[r + 1];
  if (lists_safe_[r]) {
    const auto it = std::upper_bound(first, last, t);
    return it == first ? 0 : *(it - 1);
  }
  // `t` is a due instant: step back over the unsafe ones (usually none).
  Time at = t;
  while (std::binary_search(first, last, at)) {
    Time previous = -1;
    for (const ProtectionRef* ref = map_.begin(r); ref != map_.end(r); ++ref)
      if (ref->kind == ProtectionKind::backup_rule) previous = std::max(previous, firings_.previous(ref->index, at));
    if (previous < 0) return 0;
    at = previous;
  }
  return at;
}

void BackupHistory::aws_backup(ResourceIndex r, Time from, Time due_to, Time as_of, const TrialKey& key,
                               std::vector<RecoveryPoint>& out, HistoryScratch& scratch, const QueueState* start) const {
  AwsBackupReplay replay(s_, map_, firings_, r, from, due_to, as_of, key, out, scratch, start);
  // Built at the first copy only: many windows end before a copy is due, and the lookup
  // reads a table far larger than the cache.
  std::optional<CopyWaits::Cursor> waits;
  replay.run([&](const CopyRequest& q) {
    if (!waits) waits.emplace(waits_, r, from);
    return waits->wait(q);
  });
}

void BackupHistory::recent_aws_backup(ResourceIndex r, Time as_of, LostScope lost, const TrialKey& key,
                                      std::vector<RecoveryPoint>& out, HistoryScratch& scratch) const {
  // The rules whose points can survive the failure, each with its newest firing not yet
  // looked at and how long after it its points can still exist.
  struct Candidate {
    std::uint32_t rule;
    Time at;             // its newest firing not yet replayed (or -1: none left)
    sim::Duration keep;  // start window + the longest retention of its surviving points
  };
  Candidate candidates[16];
  std::size_t n = 0;
  bool overflow = false;
  const std::int64_t continuous = map_.continuous_rule(r);
  bool need_base = false;  // the continuous rule's base snapshot is still to be found
  for (const ProtectionRef* ref = map_.begin(r); ref != map_.end(r); ++ref) {
    if (ref->kind != ProtectionKind::backup_rule) continue;
    const sim::Duration keep = survival(ref->index, lost.region);
    if (keep < 0) continue;  // nothing of this rule survives
    if (ref->index == continuous &&
        (lost.region == kNoRegion || s_.region_of_vault(s_.backup_rules[ref->index].vault) != lost.region))
      need_base = true;
    if (n == std::size(candidates)) {
      overflow = true;
      break;
    }
    Time newest = firings_.previous(ref->index, as_of + 1);
    candidates[n++] = {ref->index, newest, keep};
  }
  if (overflow) {  // more surviving rules than this search tracks: replay everything
    const std::size_t first = out.size();
    aws_backup(r, 0, as_of, as_of, key, out, scratch);
    add_continuous_point(s_, map_, r, as_of, out, first);
    return;
  }
  if (n == 0) return;

  // Replay back from the newest candidate, in contiguous segments [safe instant, ...], until
  // a usable point (and the continuous base) is among the replayed jobs. The segments go
  // straight into `out` from `first` on, older ones in front: in due order, as one replay
  // would list them.
  std::vector<RecoveryPoint>& segment = scratch.segment;
  const std::size_t first = out.size();
  Time replayed_from = kNever;  // every job due in [replayed_from, newest candidate] is in out[first..)
  bool usable = false;
  for (;;) {
    // The newest candidate firing whose points can still exist at as_of; once a usable point
    // is found, only the continuous rule's, for its base.
    std::size_t best = n;
    for (std::size_t i = 0; i < n; ++i) {
      Candidate& c = candidates[i];
      if (c.at < 0 || (c.keep != kNever && c.at + c.keep <= as_of)) continue;
      if (usable && c.rule != continuous) continue;
      if (best == n || c.at > candidates[best].at) best = i;
    }
    if (best == n) break;
    const Time f = candidates[best].at;
    if (f < replayed_from) {
      bool exact = false;
      const Time from = trial_safe_instant(r, f, key, scratch, exact);
      const QueueState* start = exact ? &scratch.start : nullptr;
      if (replayed_from == kNever) {
        aws_backup(r, from, f, as_of, key, out, scratch, start);
      } else {
        segment.clear();
        aws_backup(r, from, replayed_from - 1, as_of, key, segment, scratch, start);
        out.insert(out.begin() + static_cast<std::ptrdiff_t>(first), segment.begin(), segment.end());
      }
      replayed_from = from;
      if (!usable) usable = any_usable(out, first, as_of, lost);
    }
    if (usable && (!need_base || continuous_base(s_, r, static_cast<std::uint32_t>(continuous), as_of, out, first))) break;
    // Every firing of the candidate rules in [replayed_from, f] is replayed: move them back.
    for (std::size_t i = 0; i < n; ++i)
      if (candidates[i].at >= replayed_from) candidates[i].at = firings_.previous(candidates[i].rule, replayed_from);
  }
  add_continuous_point(s_, map_, r, as_of, out, first);
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
      case ProtectionKind::snapshot_policy:
        snapshot_policy_points(s_, r, ref->index, 0, as_of, key, out, scratch.snapshots);
        break;
      case ProtectionKind::continuous: continuous_points(s_, r, ref->index, as_of, key, out); break;
      case ProtectionKind::replication: replica_points(s_, r, ref->index, as_of, key, out); break;
      case ProtectionKind::ami_copy: ami_points(s_, r, ref->index, key, out); break;
    }
  }
  // AWS Backup rules share one job queue per resource, so they are played together.
  if (has_rules) {
    const std::size_t first = out.size();
    aws_backup(r, 0, as_of, as_of, key, out, scratch);
    add_continuous_point(s_, map_, r, as_of, out, first);
  }
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
        // A policy with no copy keeps every point in the resource's Region.
        if (lost.region == s_.resources[r].region && s_.snapshot_policies[i].copies.empty()) break;
        // Native snapshots never wait for each other: any due instant is a safe start.
        // The newest two snapshots first: the newest may still be in flight.
        widening(out, as_of, 2 * snapshot_interval(s_, r, i) + kHour, no_snap,
                 [&](Time from) { snapshot_policy_points(s_, r, i, from, as_of, key, out, scratch.snapshots); }, usable);
        break;
      case ProtectionKind::continuous: continuous_points(s_, r, i, as_of, key, out); break;
      case ProtectionKind::replication: replica_points(s_, r, i, as_of, key, out); break;
      case ProtectionKind::ami_copy: ami_points(s_, r, i, key, out); break;
    }
  }
  if (has_rules) recent_aws_backup(r, as_of, lost, key, out, scratch);
  image_in_own_region(s_, r, out);
}

}  // namespace drsim::models
