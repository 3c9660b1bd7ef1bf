#pragma once
// Plays a resource's protections forward and lists the recovery points they made.
//
// Every mechanism is computed per resource, directly: jobs of different resources only
// interact through AWS Backup's copy-job limit, which is played once per scenario
// (CopyWaits), so no event queue is needed here (the recovery, with its shared pools, runs on
// the kernel). Continuous protections (point-in-time restore) and replicas are evaluated "as
// of" the end of the horizon: they yield the one newest restorable point at that instant.
//
// Two ways to ask, with the same answer for the newest usable point (tests prove it on
// random scenarios):
// - collect(): the full replay from the epoch — the reference, used by the walkthrough;
// - collect_recent(): only the recent jobs that can decide the newest usable point. For AWS
//   Backup these are the newest firings of the rules whose points can survive the failure,
//   newest first, each replayed from the latest "safe" instant at or before it, until one
//   makes a usable point. A replay may start only at a job the constructor proved safe: in the
//   worst case (every random duration at its upper bound), that job starts at its own
//   scheduled time plus delay, and the previous job of each of the resource's rules (with its
//   copies) certainly completed, so the state the replay starts from (nothing running, last
//   data times known) is exact. Jobs start in due order on the resource's one queue, so data
//   times grow with due order: a usable point among the replayed jobs is newer than any older
//   one, and later jobs of rules whose points cannot survive cannot be usable.
#include <vector>

#include "models/aws_backup_replay.hpp"
#include "models/copy_queue.hpp"
#include "models/protection_map.hpp"
#include "models/random_keys.hpp"
#include "models/recovery_point.hpp"
#include "models/rule_firings.hpp"
#include "models/scenario.hpp"

namespace drsim::models {

using HistoryScratch = ReplayBuffers;

class BackupHistory {
 public:
  // `horizon`: no failure is asked about later than this; schedules are cached up to it.
  BackupHistory(const Scenario& s, const ProtectionMap& map, sim::Time horizon);

  const Scenario& scenario() const { return s_; }
  const ProtectionMap& protections() const { return map_; }
  const RuleFirings& firings() const { return firings_; }
  const CopyWaits& copy_waits() const { return waits_; }

  // Appends every point from jobs scheduled in [0, as_of]: completed ones (possibly still
  // in flight at `as_of`) and failed jobs (outcome expired or cancelled).
  void collect(ResourceIndex r, sim::Time as_of, const TrialKey& key, std::vector<RecoveryPoint>& out) const;
  void collect(ResourceIndex r, sim::Time as_of, const TrialKey& key, std::vector<RecoveryPoint>& out,
               HistoryScratch& scratch) const;

  // Appends the points of the most recent jobs: for each mechanism, enough of them that the
  // newest point usable at `as_of` after losing `lost` is among them, if it exists at all.
  void collect_recent(ResourceIndex r, sim::Time as_of, LostScope lost, const TrialKey& key,
                      std::vector<RecoveryPoint>& out, HistoryScratch& scratch) const;

  // A hint that collect_recent(r, as_of, ...) comes next: starts fetching what it reads from
  // tables larger than the cache (CopyWaits::prefetch). Changes nothing but timing.
  void prefetch(ResourceIndex r, sim::Time as_of) const { waits_.prefetch(r, as_of); }

  // How far before `at` a job of resource `r` can be due and still keep its queue busy at
  // `at` (jobs due earlier are over by then): its longest job, or less where no copy of a job
  // due that far back waited long (a copy queue that was long in the first days, say, does
  // not reach a failure months later). The per-trial window search looks back this far.
  sim::Duration lookback(ResourceIndex r, sim::Time at) const;

  // The horizon of the schedule cache (latest failure instant any failure can draw).
  sim::Time horizon() const { return horizon_; }

 private:
  // AWS Backup jobs due in [from, due_to] that start by `as_of`; `from` <= 0 means "from the
  // epoch". The state before `from` is taken as exact (see the safety rule above).
  void aws_backup(ResourceIndex r, sim::Time from, sim::Time due_to, sim::Time as_of, const TrialKey& key,
                  std::vector<RecoveryPoint>& out, HistoryScratch& scratch, const QueueState* start = nullptr) const;
  // The recent AWS Backup jobs that decide the newest usable point (collect_recent).
  void recent_aws_backup(ResourceIndex r, sim::Time as_of, LostScope lost, const TrialKey& key,
                         std::vector<RecoveryPoint>& out, HistoryScratch& scratch) const;
  // The latest due instant of the resource at or before `t` that is a safe start (0: none).
  sim::Time safe_instant(ResourceIndex r, sim::Time t) const;
  // The latest due instant at or before `t` where a replay may start in this trial (0: the
  // epoch): the scenario-wide safe start, or a later instant where this trial's own draws
  // prove the queue's state exactly; then `exact` is set and the state is scratch.start.
  sim::Time trial_safe_instant(ResourceIndex r, sim::Time t, const TrialKey& key, HistoryScratch& scratch,
                               bool& exact) const;
  void find_unsafe_starts();
  void find_survival();

  // How long after a firing of `rule` a point of it can still exist when Region `lost` is
  // gone (kNoRegion: none is): its start window plus the longest retention of its points
  // outside that Region; kNever when one never expires, -1 when none survives.
  sim::Duration survival(std::uint32_t rule, RegionIndex lost) const {
    return survival_[rule * (s_.regions.size() + 1) + (lost == kNoRegion ? 0 : lost + 1u)];
  }

  const Scenario& s_;
  const ProtectionMap& map_;
  sim::Time horizon_;
  RuleFirings firings_;
  CopyWaits waits_;
  // Per resource (CSR), the due instants that are not safe window starts — or, where those
  // are the majority (a resource kept busy, by long jobs or queued copies), the ones that are:
  // whichever list is shorter, so memory stays within the number of due instants.
  std::vector<std::uint32_t> start_offsets_;
  std::vector<sim::Time> starts_;
  std::vector<bool> lists_safe_;  // per resource: starts_ holds the safe instants
  std::vector<sim::Duration> longest_job_;  // per resource: JobBounds::longest_job()
  std::vector<sim::Duration> longest_unqueued_;  // per resource: JobBounds::longest_unqueued_job()
  std::vector<sim::Duration> survival_;     // per rule x (no Region lost, each Region lost)

};

}  // namespace drsim::models
