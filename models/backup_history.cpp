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

namespace {

// An instant known only within bounds: in every trial it lies in [lo, hi] (hi may be kNever).
struct Bounds {
  Time lo = 0, hi = 0;
};

Bounds hull(Bounds a, Bounds b) { return {std::min(a.lo, b.lo), std::max(a.hi, b.hi)}; }

// The data time of a chain's previous point (the resource's previous completed backup, or
// its previous copy into a Region), within bounds; `none`: there may be no such point yet,
// `some`: there may be one. The next point of the chain is incremental since it.
struct ChainBounds {
  bool none = true, some = false;
  Bounds at;

  // The data changed between this and a new point whose data time lies in `start`.
  std::pair<double, double> changed(const Resource& res, Bounds start) const {
    const double full = res.size_mib();
    const double lo = some ? res.changed_mib(start.lo - at.hi) : full;
    const double hi = none || start.hi == kNever ? full : res.changed_mib(start.hi - at.lo);
    return {lo, hi};
  }
  // After a job that certainly (`certain`) or possibly made a point with data time in `start`.
  void made(Bounds start, bool certain) {
    if (certain || !some) {
      at = start;
    } else {
      at = hull(at, start);
    }
    none = none && !certain;
    some = true;
  }
};

}  // namespace

void BackupHistory::find_unsafe_starts() {
  // Bounds on every job, in due order, over all trials: when it can start (its start delay's
  // range, and when the job before it can have finished), the data it can have to back up
  // and copy, and whether it certainly or possibly starts in its window and completes. A job
  // that can only have expired changes nothing; one that can only have been cancelled frees
  // the resource at its deadline; where several outcomes are possible the bounds cover them
  // all. So a resource kept busy for a while (a long first copy, copies queued behind the
  // copy-job limit) is back to certain, on-time jobs as soon as that is true of every trial.
  start_offsets_.assign(s_.resources.size() + 1, 0);
  lists_safe_.assign(s_.resources.size(), false);
  const Distribution& delay = s_.catalogue.backup_start_delay;
  std::vector<Due> due;
  std::vector<Time> times;
  std::vector<std::pair<Time, bool>> instants;  // distinct due instants of one resource: (at, safe)
  // Per copy Region: the previous copy's data time, and whether the latest job copying there
  // certainly ran on time and completed (so the replay knows that data time exactly).
  struct RegionState {
    RegionIndex region;
    bool latest_good = true;
    ChainBounds last_copy;
  };
  std::vector<RegionState> regions;
  for (ResourceIndex r = 0; r < s_.resources.size(); ++r) {
    due_jobs(map_, firings_, r, 0, horizon_, due, times);
    const Resource& res = s_.resources[r];
    const DurationModel& backup = s_.models_of(res)[Step::backup];
    const DurationModel& copy = s_.models_of(res)[Step::copy];
    instants.clear();
    regions.clear();
    Bounds busy{0, 0};          // when the resource's one job queue is free
    ChainBounds last_backup;    // the previous completed backup's data time
    bool previous_good = true;  // the previous job certainly started on time and completed (or there is none)
    auto region_state = [&](RegionIndex g) -> RegionState& {
      for (auto& st : regions)
        if (st.region == g) return st;
      return regions.emplace_back(RegionState{g, true, ChainBounds{}});
    };
    for (const Due& d : due) {
      const BackupRule& rule = s_.backup_rules[d.rule];
      const Bounds natural{d.at + delay.lower_bound(), add_or_never(d.at, delay.upper_bound())};
      const bool on_time = busy.hi <= natural.lo;
      // A window may start at the first job of an instant when nothing can be running and the
      // state the replay derives is exact: the previous job, and the latest one copying into
      // each Region, started on time and completed (their natural starts are the data times).
      if (instants.empty() || instants.back().first != d.at) {
        const bool safe = on_time && previous_good &&
                          std::all_of(regions.begin(), regions.end(), [](const RegionState& g) { return g.latest_good; });
        instants.emplace_back(d.at, safe);
      }

      const Bounds start{std::max(natural.lo, busy.lo), std::max(natural.hi, busy.hi)};
      const Time window_end = d.at + rule.start_window;
      const Time deadline = d.at + rule.completion_window;
      const bool may_start = start.lo <= window_end;
      const bool must_start = start.hi <= window_end;
      bool may_complete = false, must_complete = false, may_cancel = false;
      Bounds started{}, done{};
      if (may_start) {
        started = {start.lo, std::min(start.hi, window_end)};
        const auto [size_lo, size_hi] = last_backup.changed(res, started);
        const Time lo = started.lo + backup.fixed.lower_bound() + backup.size_term(size_lo);
        const Time hi = add_or_never(started.hi, add_or_never(backup.fixed.upper_bound(), backup.size_term(size_hi)));
        may_complete = lo <= deadline;
        must_complete = must_start && hi <= deadline;
        may_cancel = hi > deadline;
        // Its copies run after it, one at a time, each after its (fixed) wait for a slot; a
        // copy is incremental since the previous copy into its Region.
        done = {lo, std::min(hi, deadline)};
        if (may_complete) {
          for (std::size_t c = 0; c < rule.copies.size(); ++c) {
            const CopyRequest q{r, d.rule, d.at, static_cast<std::uint8_t>(c), 0, 0, 0};
            ChainBounds& chain = region_state(s_.region_of_vault(rule.copies[c].vault)).last_copy;
            const auto [copied_lo, copied_hi] = chain.changed(res, started);
            const sim::Duration wait = waits_.wait(q);
            done.lo += wait + copy.fixed.lower_bound() + copy.size_term(copied_lo);
            done.hi = add_or_never(done.hi, add_or_never(wait, add_or_never(copy.fixed.upper_bound(), copy.size_term(copied_hi))));
            chain.made(started, must_complete);
          }
        }
      }
      // The resource is free again: unchanged if the job can expire, at the deadline if it
      // can be cancelled, after its copies if it can complete.
      Bounds next{kNever, 0};
      bool any = false;
      auto join = [&](Bounds b) {
        next = any ? hull(next, b) : b;
        any = true;
      };
      if (!must_start) join(busy);
      if (may_start && may_cancel) join({deadline, deadline});
      if (may_complete) join(done);
      busy = next;
      if (may_complete) last_backup.made(started, must_complete);

      const bool good = on_time && must_start && must_complete;
      previous_good = good;
      for (const CopyAction& c : rule.copies) region_state(s_.region_of_vault(c.vault)).latest_good = good;
    }
    const auto safe = static_cast<std::size_t>(
        std::count_if(instants.begin(), instants.end(), [](const auto& i) { return i.second; }));
    lists_safe_[r] = safe < instants.size() - safe;
    for (const auto& [at, ok] : instants)
      if (ok == lists_safe_[r]) starts_.push_back(at);
    start_offsets_[r + 1] = static_cast<std::uint32_t>(starts_.size());
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
                               std::vector<RecoveryPoint>& out, HistoryScratch& scratch) const {
  AwsBackupReplay replay(s_, map_, firings_, r, from, due_to, as_of, key, out, scratch);
  CopyWaits::Cursor waits(waits_, r, from);
  replay.run([&](const CopyRequest& q) { return waits.wait(q); });
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
    const BackupRule& rule = s_.backup_rules[ref->index];
    auto days = [](std::int32_t d) { return d < 0 ? kNever : d * kDay; };
    sim::Duration keep = -1;
    if (lost.region == kNoRegion || s_.region_of_vault(rule.vault) != lost.region)
      keep = std::max(keep, days(rule.lifecycle.delete_after_days));
    for (const CopyAction& c : rule.copies)
      if (lost.region == kNoRegion || s_.region_of_vault(c.vault) != lost.region) {
        const sim::Duration own = days(c.own_lifecycle ? c.lifecycle.delete_after_days : rule.lifecycle.delete_after_days);
        // A copy set never to expire keeps its source's expiry.
        keep = std::max(keep, own == kNever && c.own_lifecycle ? days(rule.lifecycle.delete_after_days) : own);
      }
    if (keep < 0) continue;  // nothing of this rule survives
    if (ref->index == continuous && (lost.region == kNoRegion || s_.region_of_vault(rule.vault) != lost.region))
      need_base = true;
    if (n == std::size(candidates)) {
      overflow = true;
      break;
    }
    Time newest = firings_.previous(ref->index, as_of + 1);
    candidates[n++] = {ref->index, newest, keep == kNever ? kNever : rule.start_window + keep};
  }
  if (overflow) {  // more surviving rules than this search tracks: replay everything
    const std::size_t first = out.size();
    aws_backup(r, 0, as_of, as_of, key, out, scratch);
    add_continuous_point(s_, map_, r, as_of, out, first);
    return;
  }
  if (n == 0) return;

  // Replay back from the newest candidate, in contiguous segments [safe instant, ...], until
  // a usable point (and the continuous base) is among the replayed jobs.
  std::vector<RecoveryPoint>& found = scratch.found;
  std::vector<RecoveryPoint>& segment = scratch.segment;
  found.clear();
  Time replayed_from = kNever;  // every job due in [replayed_from, newest candidate] is in `found`
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
      const Time from = safe_instant(r, f);
      const Time to = replayed_from == kNever ? f : replayed_from - 1;
      segment.clear();
      aws_backup(r, from, to, as_of, key, segment, scratch);
      found.insert(found.begin(), segment.begin(), segment.end());
      replayed_from = from;
      if (!usable) usable = any_usable(found, 0, as_of, lost);
    }
    if (usable && (!need_base || continuous_base(s_, r, static_cast<std::uint32_t>(continuous), as_of, found, 0))) break;
    // Every firing of the candidate rules in [replayed_from, f] is replayed: move them back.
    for (std::size_t i = 0; i < n; ++i)
      if (candidates[i].at >= replayed_from) candidates[i].at = firings_.previous(candidates[i].rule, replayed_from);
  }
  const std::size_t first = out.size();
  out.insert(out.end(), found.begin(), found.end());
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
      case ProtectionKind::snapshot_policy: snapshot_policy_points(s_, r, ref->index, 0, as_of, key, out); break;
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
        widening(out, as_of, std::max(2 * kDay, 3 * snapshot_interval(s_, r, i)), no_snap,
                 [&](Time from) { snapshot_policy_points(s_, r, i, from, as_of, key, out); }, usable);
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
