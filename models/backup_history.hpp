#pragma once
// Plays a resource's protections forward and lists the recovery points they made.
//
// Every mechanism is computed per resource, directly: jobs are independent across
// resources, so no event queue is needed here (the recovery, with its shared pools, runs
// on the kernel). Continuous protections (point-in-time restore) are evaluated "as of" the
// end of the horizon: they yield the one newest restorable point at that instant.
//
// Two ways to ask, with the same answer for the newest usable point (tests prove it on
// random scenarios):
// - collect(): the full replay from the epoch — the reference, used by the walkthrough;
// - collect_recent(): only the recent window of jobs, widened until it holds a usable point.
//   A window may start only at a job the constructor proved "safe": in the worst case
//   (every random duration at its upper bound), that job starts at its own scheduled time
//   plus delay, and the previous job of each of the resource's rules certainly completed, so
//   the state the replay starts from (nothing running, last data times known) is exact.
#include <span>
#include <vector>

#include "models/protection_map.hpp"
#include "models/random_keys.hpp"
#include "models/recovery_point.hpp"
#include "models/scenario.hpp"

namespace drsim::models {

// Reusable buffers for one caller (one engine, one thread): no allocation per trial.
struct HistoryScratch {
  struct Due {
    sim::Time at;
    std::uint32_t rule;
  };
  struct Chain {
    std::uint32_t rule;
    sim::Time last_data;
    std::uint32_t copies_at;  // offset of its copies' last data times in `last_copy`
  };
  std::vector<Due> due;
  std::vector<sim::Time> times;
  std::vector<Chain> chains;
  std::vector<sim::Time> last_copy;
};

class BackupHistory {
 public:
  // `horizon`: no failure is asked about later than this; schedules are cached up to it.
  BackupHistory(const Scenario& s, const ProtectionMap& map, sim::Time horizon);

  const Scenario& scenario() const { return s_; }
  const ProtectionMap& protections() const { return map_; }

  // Appends every point from jobs scheduled in [0, as_of]: completed ones (possibly still
  // in flight at `as_of`) and failed jobs (outcome expired or cancelled).
  void collect(ResourceIndex r, sim::Time as_of, const TrialKey& key, std::vector<RecoveryPoint>& out) const;
  void collect(ResourceIndex r, sim::Time as_of, const TrialKey& key, std::vector<RecoveryPoint>& out,
               HistoryScratch& scratch) const;

  // Appends the points of the most recent jobs: for each mechanism, enough of them that the
  // newest point usable at `as_of` after losing `lost_region` (kNoRegion: nothing stored is
  // lost) is among them, if it exists at all.
  void collect_recent(ResourceIndex r, sim::Time as_of, RegionIndex lost_region, const TrialKey& key,
                      std::vector<RecoveryPoint>& out, HistoryScratch& scratch) const;

  // The horizon of the schedule cache (latest failure instant any failure can draw).
  sim::Time horizon() const { return horizon_; }

 private:
  // Each mechanism replays the jobs scheduled in [from, as_of]; `from` <= 0 means "from the
  // epoch". The state before `from` is taken as exact (see the safety rule above).
  void backup_rules(ResourceIndex r, sim::Time from, sim::Time as_of, const TrialKey& key,
                    std::vector<RecoveryPoint>& out, HistoryScratch& scratch) const;
  void rds_automated(ResourceIndex r, std::uint32_t index, sim::Time from, sim::Time as_of, const TrialKey& key,
                     std::vector<RecoveryPoint>& out) const;
  void dlm(ResourceIndex r, std::uint32_t index, sim::Time from, sim::Time as_of, const TrialKey& key,
           std::vector<RecoveryPoint>& out) const;
  // A native snapshot at `sched` and, if it has a copy Region, its copy, appended to `out`.
  // Sizes follow `chain` (first: full); both expire `retention_days` after their data time
  // (-1: by count, set by the caller).
  struct SnapshotKinds {
    Mechanism snapshot, copy;
    RegionIndex copy_region;
    std::int32_t retention_days;
  };
  struct SnapshotChain {
    sim::Time last_data = sim::kNever, last_copy = sim::kNever;
  };
  void snapshot(ResourceIndex r, std::uint16_t protection, sim::Time sched, SnapshotKinds kinds,
                                SnapshotChain& chain, const TrialKey& key, std::vector<RecoveryPoint>& out) const;
  void image_in_own_region(ResourceIndex r, std::vector<RecoveryPoint>& out) const;
  void ami(ResourceIndex r, std::uint32_t index, const TrialKey& key, std::vector<RecoveryPoint>& out) const;

  // Scheduled instants of a rule in [from, to], from the cache (or computed past the horizon).
  void fires(std::uint32_t rule, sim::Time from, sim::Time to, std::vector<sim::Time>& out) const;
  // The resource's AWS Backup jobs in [from, to], merged across its rules in (time, rule) order.
  using Due = HistoryScratch::Due;
  void due_jobs(ResourceIndex r, sim::Time from, sim::Time to, std::vector<Due>& out, std::vector<sim::Time>& times) const;
  // Latest safe window start at or before `t` for the resource's AWS Backup jobs.
  sim::Time safe_start(ResourceIndex r, sim::Time t, HistoryScratch& scratch) const;
  void find_unsafe_starts();

  const Scenario& s_;
  const ProtectionMap& map_;
  sim::Time horizon_;
  std::vector<std::vector<sim::Time>> fire_cache_;  // per rule, up to the horizon
  std::vector<std::uint32_t> unsafe_offsets_;       // per resource (CSR) ...
  std::vector<sim::Time> unsafe_starts_;            // ... scheduled instants that are not safe window starts
};

}  // namespace drsim::models
