#pragma once
// One resource's AWS Backup jobs, played in order over a window of scheduled instants.
//
// What AWS documents and this plays (sources in docs/models.md, "AWS Backup"):
// - rules fire at their kept firings (RuleFirings: overlapping rules of a plan merged);
// - one backup or copy job at a time per resource ("Concurrent backup and copy jobs per
//   resource: 1"): a job due while another runs waits for it;
// - a job that cannot start within its start window expires; one not finished by the
//   completion window (counted from the scheduled instant) is cancelled;
// - backups are incremental per resource, whatever rule made the previous one (the first is
//   full), and copies per destination Region (the first copy into a Region is full);
// - a completed backup runs its copy actions one after another, each waiting for a copy-job
//   slot in its destination Region (CopyWaits) before it copies;
// - a copy keeps the source's creation date and retention, unless its copy action has a
//   Lifecycle; a copy set never to expire keeps the source's expiry;
// - MoveToColdStorageAfterDays applies only where the type has a cold tier (EBS: the
//   archive tier, with OptInToArchiveForSupportedResources).
//
// The replay stops at every copy that needs a slot, so that a caller can grant slots across
// resources in time order (the copy-job queue, CopyWaits) or from a table (every trial).
#include <cstdint>
#include <vector>

#include "models/point_sources.hpp"
#include "models/protection_map.hpp"
#include "models/random_keys.hpp"
#include "models/recovery_point.hpp"
#include "models/rule_firings.hpp"

namespace drsim::models {

struct Due {
  sim::Time at;
  std::uint32_t rule;
};

struct RegionChain {
  RegionIndex region;
  sim::Time last_data;  // data time of the resource's previous copy into the Region (kNever: none)
};

// A resource's job queue just before the first job due at some instant, known exactly: when
// the running job and its copies are over (any instant no later than the next job's natural
// start, if nothing runs), and the data times the next backup and copies are incremental from.
struct QueueState {
  sim::Time busy_until = 0;
  sim::Time last_data = sim::kNever;
  std::vector<RegionChain> last_copy;  // per destination Region of the resource's copy actions
};

// Reusable buffers of one replay (one engine, one thread): no allocation per trial.
struct ReplayBuffers {
  using RegionChain = models::RegionChain;
  std::vector<Due> due;
  std::vector<sim::Time> times;
  std::vector<RegionChain> last_copy;
  std::vector<RecoveryPoint> segment;         // BackupHistory's recent replays: an older segment
  SnapshotScratch snapshots;                  // native snapshot policies
  QueueState start;                           // BackupHistory's per-trial window starts
};

// The resource's AWS Backup jobs due in [from, to], merged across its rules in (time, rule) order.
void due_jobs(const ProtectionMap& map, const RuleFirings& firings, ResourceIndex r, sim::Time from, sim::Time to,
              std::vector<Due>& out, std::vector<sim::Time>& times);

// The purpose words of a job's draws, shared by every computation that must draw the same
// value for the same job (the replay, and the per-trial bounds of JobBounds).
// `rule_key` is the rule's draw_key (its Region, plan and name), never its position.
inline std::uint64_t backup_delay_purpose(std::uint64_t rule_key, sim::Time scheduled) {
  return job_purpose(Purpose::job_start_delay, static_cast<std::uint64_t>(Mechanism::backup_rule), rule_key, 0, scheduled);
}
inline std::uint64_t backup_duration_purpose(std::uint64_t rule_key, sim::Time scheduled) {
  return job_purpose(Purpose::job_duration, static_cast<std::uint64_t>(Mechanism::backup_rule), rule_key, 0, scheduled);
}
inline std::uint64_t copy_duration_purpose(std::uint64_t rule_key, std::size_t copy, sim::Time scheduled) {
  return job_purpose(Purpose::copy_duration, static_cast<std::uint64_t>(Mechanism::backup_copy), rule_key, copy, scheduled);
}

// A copy that needs a slot: it may start at `at` at the earliest, and then takes `duration`.
struct CopyRequest {
  ResourceIndex resource;
  std::uint32_t rule;
  sim::Time scheduled;  // the backup job's scheduled instant
  std::uint8_t copy;    // which copy action
  RegionIndex destination;
  sim::Time at;
  sim::Duration duration;
};

// Adds the continuous-backup point of resource `r` as of `as_of` to `out` when it has one: a
// point-in-time restore to the last log boundary, replaying from the newest completed backup
// of its continuous rule among `out[first..)` (restorable by then and not expired).
void add_continuous_point(const Scenario& s, const ProtectionMap& map, ResourceIndex r, sim::Time as_of,
                          std::vector<RecoveryPoint>& out, std::size_t first);

// The newest completed backup of `rule` in `points[first..)` that a point-in-time restore at
// `as_of` can replay from, or nullptr.
const RecoveryPoint* continuous_base(const Scenario& s, ResourceIndex r, std::uint32_t rule, sim::Time as_of,
                                     const std::vector<RecoveryPoint>& points, std::size_t first);

class AwsBackupReplay {
 public:
  // Plays the jobs due in [from, due_to] that start by `as_of`; `from` <= 0 means from the
  // epoch. A window must start at a safe start (BackupHistory): nothing is running there, the
  // previous job started on time and completed, and so did the previous one copying into each
  // Region, so their natural starts are the data times the chains continue from. Points are
  // appended to `out`.
  // With `start`, the queue's state before the window is that one instead (exact, as
  // JobBounds proved it for this trial), and `from` need not be a safe start.
  AwsBackupReplay(const Scenario& s, const ProtectionMap& map, const RuleFirings& firings, ResourceIndex r,
                  sim::Time from, sim::Time due_to, sim::Time as_of, const TrialKey& key,
                  std::vector<RecoveryPoint>& out, ReplayBuffers& buffers, const QueueState* start = nullptr);

  // Plays on until the next copy that needs a slot (true, `request` filled) or the end.
  bool next_copy(CopyRequest& request);
  // The copy of the last request starts at `start` (>= request.at).
  void copy_started(sim::Time start);
  // next_copy / copy_started until the end, each copy waiting `wait(request)`.
  template <class Wait>
  void run(Wait&& wait) {
    CopyRequest q;
    while (next_copy(q)) copy_started(q.at + wait(q));
  }

 private:
  sim::Time natural_start(sim::Time at, std::uint32_t rule) const;
  // From a safe start `from`: the data times of the job before it and of the latest copy
  // into each Region (their natural starts).
  void continue_chains(sim::Time from);
  sim::Time& last_copy_into(RegionIndex region);
  void refill();
  void apply_lifecycle(RecoveryPoint& p, const Lifecycle& l) const;

  const Scenario& s_;
  const ProtectionMap& map_;
  const RuleFirings& firings_;
  const ResourceIndex r_;
  const std::uint64_t entity_;  // r_'s draw key
  const sim::Time due_to_, as_of_;
  const TrialKey& key_;
  std::vector<RecoveryPoint>& out_;
  ReplayBuffers& b_;
  sim::Time loaded_to_;       // due jobs are loaded in chunks up to here
  std::size_t next_due_ = 0;
  sim::Time busy_until_ = 0;  // one backup or copy job at a time
  sim::Time last_data_ = sim::kNever;  // data time of the resource's previous completed backup
  // The completed backup whose copies are running.
  bool copying_ = false;
  RecoveryPoint source_;
  std::uint32_t copy_ = 0;
  sim::Time copy_ready_ = 0;  // when the next copy may start
  CopyRequest pending_{};
};

}  // namespace drsim::models
